-- Who books a relationship's sessions, from the roster's booking column:
-- 'automatic', the daily job, through the horizon; or 'by-supervisor', the
-- supervisor from the proposal card in Teams, so the daily job and
-- `cadence book --all` leave it alone. Every relationship so far was booked
-- by the daily job, hence the default.
ALTER TABLE relationships ADD COLUMN booking_mode text NOT NULL DEFAULT 'automatic'
  CHECK (booking_mode IN ('automatic', 'by-supervisor'));
