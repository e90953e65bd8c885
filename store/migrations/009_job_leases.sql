-- Job runs hold a lease while they run: the claiming instance renews it every
-- few seconds, and another instance takes over an unfinished run only once the
-- lease has lapsed (its instance died, or lost the database for longer than the
-- lease). A failed run's lease is the time before it may be retried. Leases are
-- in the database's own time (now()), never the business clock, which a demo or
-- a test may pin to one instant.
ALTER TABLE job_runs ADD COLUMN lease_until timestamptz;

-- Runs left unfinished, or failed, before this migration keep the hour they had.
UPDATE job_runs SET lease_until = coalesce(finished_at, started_at) + interval '1 hour'
 WHERE finished_at IS NULL OR outcome->>'failed' = 'true';
