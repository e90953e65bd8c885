-- Booking: each recurring series Cadence books, written as an intent before
-- any call to Outlook, so a crash or a retry resumes it instead of booking
-- again. series_key is deterministic (relationship, type, phase, first date)
-- and is what the Outlook event's transactionId is made from.
CREATE TABLE booking_series (
  id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  relationship_id     bigint NOT NULL REFERENCES relationships (id),
  type                text NOT NULL,
  series_key          text NOT NULL UNIQUE,
  every_weeks         integer NOT NULL CHECK (every_weeks > 0),
  weekday             integer NOT NULL CHECK (weekday BETWEEN 1 AND 7),
  start_time          text NOT NULL,
  duration_minutes    integer NOT NULL CHECK (duration_minutes > 0),
  first_on            date NOT NULL,
  last_on             date NOT NULL,
  calendar_series_id  text,
  status              text NOT NULL CHECK (status IN ('intended', 'created', 'done')),
  created_at          timestamptz NOT NULL DEFAULT now(),
  updated_at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX booking_series_open_idx ON booking_series (relationship_id) WHERE status <> 'done';

-- Each session of a series remembers its place in the pattern (regular_on),
-- so Outlook's occurrence for that date can be matched to it.
ALTER TABLE sessions ADD COLUMN booking_series_id bigint REFERENCES booking_series (id);
ALTER TABLE sessions ADD COLUMN regular_on date;
ALTER TABLE sessions ADD COLUMN move_reason text;
CREATE UNIQUE INDEX sessions_series_place_key ON sessions (booking_series_id, regular_on) WHERE booking_series_id IS NOT NULL;
