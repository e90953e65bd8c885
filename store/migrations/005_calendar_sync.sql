-- Reconciliation with Outlook by delta query: the last deltaLink per
-- supervisor mailbox, so each daily run reads only what changed since.
CREATE TABLE calendar_sync (
  mailbox     text PRIMARY KEY,
  delta_link  text NOT NULL,
  synced_at   timestamptz NOT NULL DEFAULT now()
);
