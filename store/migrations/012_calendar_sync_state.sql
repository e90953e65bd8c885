-- Reconciliation that survives (issue 12): each supervisor's calendar sync
-- keeps the window its delta link covers (Graph encodes the window in the
-- token, so Cadence must start a new one when booking passes its end), and
-- what went wrong with that mailbox, since when, and when to try it again
-- (a mailbox out of the Exchange RBAC scope is not asked every day for ever).
-- A link is dropped (NULL) when Outlook says it expired.
ALTER TABLE calendar_sync ALTER COLUMN delta_link DROP NOT NULL;
ALTER TABLE calendar_sync
  ADD COLUMN window_from    timestamptz,
  ADD COLUMN window_to      timestamptz,
  ADD COLUMN problem        text CHECK (problem IN ('no-access', 'failed')),
  ADD COLUMN problem_detail text,
  ADD COLUMN problem_since  timestamptz,
  ADD COLUMN attempts       integer NOT NULL DEFAULT 0,
  ADD COLUMN retry_after    timestamptz;
