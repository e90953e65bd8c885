-- Ending a relationship in Outlook (roster import: a new supervisor, or none).
-- The import cancels the relationship's future sessions in the store and
-- queues one row here in the same transaction; the daily job (and the import
-- itself, right after it commits) then ends the relationship's series in the
-- supervisor's Outlook and tells both people. Durable, so a Graph failure is
-- retried the next run instead of lost, and the import never needs Graph.
CREATE TABLE relationship_endings (
  relationship_id    bigint PRIMARY KEY REFERENCES relationships (id),
  -- The relationship's last day: occurrences after it are taken out of Outlook.
  ended_on           date NOT NULL,
  -- The relationship that follows it (a new supervisor), if any.
  successor_id       bigint REFERENCES relationships (id),
  -- Starts of the sessions that were booked in Outlook when it ended: what
  -- the two people are told was taken out.
  withdrawn          timestamptz[] NOT NULL DEFAULT '{}',
  status             text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'done')),
  attempts           integer NOT NULL DEFAULT 0,
  -- A run holds the rows it works on until then (the database's time), so two
  -- runs at once (the import's and the daily job's) never both write to Outlook.
  claimed_until      timestamptz,
  last_error         text,
  created_at         timestamptz NOT NULL DEFAULT now(),
  done_at            timestamptz
);
CREATE INDEX relationship_endings_pending_idx ON relationship_endings (relationship_id) WHERE status = 'pending';
