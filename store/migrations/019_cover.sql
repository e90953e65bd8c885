-- Cover for an absent supervisor (issue 15, item 4; Lambeth 3.2 expects
-- "more experienced staff to take on some supervisory responsibilities").
-- From from_on to to_on (London dates, both included) the cover receives the
-- record prompts for the supervisor's sessions, may record them, and a
-- session the supervisor cannot hold is booked from the cover's calendar.
CREATE TABLE cover_periods (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  supervisor_id  bigint NOT NULL REFERENCES people (id),
  cover_id       bigint NOT NULL REFERENCES people (id),
  from_on        date NOT NULL,
  to_on          date NOT NULL,
  set_by         text NOT NULL,
  created_at     timestamptz NOT NULL DEFAULT now(),
  CHECK (supervisor_id <> cover_id),
  CHECK (to_on >= from_on)
);
CREATE INDEX cover_periods_supervisor_idx ON cover_periods (supervisor_id, from_on, to_on);

-- Whose calendar holds a series and its sessions when it is not the
-- relationship's supervisor: the cover's for a session booked with the cover
-- (later, an alternate supervisor's). Outlook is reconciled against the
-- organiser, who is prompted for the record and records it.
ALTER TABLE booking_series ADD COLUMN organiser_id bigint REFERENCES people (id);
ALTER TABLE sessions ADD COLUMN organiser_id bigint REFERENCES people (id);
