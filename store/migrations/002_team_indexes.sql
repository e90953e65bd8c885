-- "Who is overdue?" looks up every relationship a person has had (their last
-- held session may be under a previous supervisor), so index them all, not
-- only the current one.
CREATE INDEX relationships_supervisee_idx ON relationships (supervisee_id);
