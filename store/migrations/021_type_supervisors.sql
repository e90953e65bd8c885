-- A supervisor per supervision type (docs/roster.md#a-supervisor-per-type):
-- Lambeth's Consultant Social Workers are "line managed by the Service
-- Manager, who is responsible for case management and the Professional
-- Development Lead, who is responsible to professional supervision" (002,
-- section 3.6). A type named here is supervised, booked from the calendar of,
-- prompted to and recorded by this person instead of the relationship's
-- supervisor (sessions.organiser_id); the other types stay with the supervisor.
CREATE TABLE relationship_type_supervisors (
  relationship_id bigint NOT NULL REFERENCES relationships (id),
  type text NOT NULL,
  supervisor_id bigint NOT NULL REFERENCES people (id),
  PRIMARY KEY (relationship_id, type)
);
CREATE INDEX relationship_type_supervisors_supervisor_idx ON relationship_type_supervisors (supervisor_id);
