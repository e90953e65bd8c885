-- Retention (cadence retention, and its daily job) deletes old sessions and
-- relationships. No foreign key cascades, so PostgreSQL checks each deleted
-- row's referencing rows: these two references had no index that covers
-- every row, and each deleted row would read the whole table.
CREATE INDEX actions_reviewed_in_session_idx ON actions (reviewed_in_session_id) WHERE reviewed_in_session_id IS NOT NULL;
CREATE INDEX booking_series_relationship_idx ON booking_series (relationship_id);
