-- A message whose recipient cannot be reached in Teams yet (they have not
-- installed the app, or removed it, so there is no conversation to send to)
-- waits instead of being given up: it is sent once they install the app, if
-- it still has something to say then. 'waiting' rows are never claimed.
ALTER TABLE outbox DROP CONSTRAINT outbox_status_check;
ALTER TABLE outbox ADD CONSTRAINT outbox_status_check
  CHECK (status IN ('pending', 'waiting', 'sent', 'undeliverable', 'cancelled'));
CREATE INDEX outbox_waiting_idx ON outbox (recipient_id) WHERE status = 'waiting';
