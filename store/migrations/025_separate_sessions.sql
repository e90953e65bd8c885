-- One meeting for several types is what Lambeth allows, not what it asks:
-- "separate supervision sessions or the allocation of time and space within
-- the session" (002, 2.2), "the details of the arrangement" left to the
-- supervision agreement. An agreement asking for separate sessions is the
-- roster's separate_sessions; its relationship's types are never combined
-- (supervision/combined-sessions.ts).
ALTER TABLE relationships ADD COLUMN separate_sessions boolean NOT NULL DEFAULT false;

-- Finding the relationships someone alternates in (store/team-queries.ts, listSupervisedBy),
-- asked on every "who is overdue?".
CREATE INDEX relationships_alternate_idx ON relationships (alternate_id) WHERE alternate_id IS NOT NULL;
