-- A held session's record, signed off by its supervisee (issue 16, item 1).
-- Solihull asks for records "signed and dated by both parties" (000,
-- "Recording One to One and Development Supervision"); Lambeth's recordings
-- are "open and transparent", disagreements escalated through line
-- management (002, Appendix A). The supervisor's record is their signature;
-- this row is the supervisee's.
--
-- A row is written with the record, in its transaction: sign-off is asked of
-- records saved since this migration, never of history. `record_at` is the
-- record's version (sessions.recorded_at) the request is about: an amended
-- record asks again (the earlier answer stays in the audit log). `outcome`
-- is null while the supervisee has not answered. The comment (or the reason
-- for disagreeing) is the supervisee's words, record content like the
-- summary: kept here, shown on the cards of the people the record concerns,
-- never logged or exported.
CREATE TABLE record_sign_offs (
  session_id bigint PRIMARY KEY REFERENCES sessions (id) ON DELETE CASCADE,
  supervisee_id bigint NOT NULL REFERENCES people (id),
  record_at timestamptz NOT NULL,
  requested_on date NOT NULL,
  outcome text CHECK (outcome IN ('agreed', 'commented', 'disagreed')),
  comment text,
  signed_at timestamptz,
  CHECK ((outcome IS NULL) = (signed_at IS NULL)),
  CHECK (outcome = 'agreed' OR outcome IS NULL OR comment IS NOT NULL)
);

-- "Who is overdue?" reads the requests not answered, for a team's people.
CREATE INDEX record_sign_offs_awaiting_idx ON record_sign_offs (supervisee_id) WHERE outcome IS NULL;
