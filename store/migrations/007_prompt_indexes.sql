-- The prompt scan, every few minutes: booked sessions starting in the next
-- few working days, and those ended in the last few weeks and not recorded.
-- Booked sessions are a small share of all sessions (most are held), so a
-- partial index on their start finds both windows without reading history.
CREATE INDEX sessions_booked_starts_idx ON sessions (starts_at) WHERE status = 'booked';
