-- A group's sessions (docs/roster.md#groups): one booking series and one
-- session row per meeting, owned by the group rather than a relationship;
-- each member's attendance is kept per person when the meeting is recorded.
ALTER TABLE booking_series ALTER COLUMN relationship_id DROP NOT NULL;
ALTER TABLE booking_series ADD COLUMN group_id bigint REFERENCES supervision_groups (id);
ALTER TABLE booking_series ADD CONSTRAINT booking_series_one_owner
  CHECK ((relationship_id IS NULL) <> (group_id IS NULL));
CREATE INDEX booking_series_open_group_idx ON booking_series (group_id) WHERE status <> 'done' AND group_id IS NOT NULL;

ALTER TABLE sessions ALTER COLUMN relationship_id DROP NOT NULL;
ALTER TABLE sessions ADD COLUMN group_id bigint REFERENCES supervision_groups (id);
ALTER TABLE sessions ADD CONSTRAINT sessions_one_owner
  CHECK ((relationship_id IS NULL) <> (group_id IS NULL));
CREATE INDEX sessions_group_idx ON sessions (group_id, status, starts_at) WHERE group_id IS NOT NULL;

-- Who came to a group session: an attendee is supervised for the group's
-- type on that date, an absentee is not.
CREATE TABLE session_attendance (
  session_id  bigint NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
  person_id   bigint NOT NULL REFERENCES people (id),
  attended    boolean NOT NULL,
  PRIMARY KEY (session_id, person_id)
);
CREATE INDEX session_attendance_person_idx ON session_attendance (person_id) WHERE attended;
