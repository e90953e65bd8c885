-- Alternating supervisors (docs/roster.md#alternating-supervisors): Lambeth
-- ASYEs are supervised "alternating between ASYE Assessor and Team Manager",
-- Solihull students "alternating between supervision with their onsite
-- supervisor and practice educator". The relationship's sessions of
-- alternate_types take turns between the supervisor and the alternate, each
-- booked from the organiser's own calendar (sessions.organiser_id).
ALTER TABLE relationships ADD COLUMN alternate_id bigint REFERENCES people (id);
ALTER TABLE relationships ADD COLUMN alternate_types text[] NOT NULL DEFAULT '{}';
ALTER TABLE relationships ADD CONSTRAINT relationships_alternate_is_another
  CHECK (alternate_id IS NULL OR (alternate_id <> supervisee_id AND alternate_id <> supervisor_id));

-- Finding the sessions a person organises or covers (store/organiser-sql.ts).
CREATE INDEX sessions_organiser_idx ON sessions (organiser_id, status, starts_at) WHERE organiser_id IS NOT NULL;
CREATE INDEX cover_periods_cover_idx ON cover_periods (cover_id);
