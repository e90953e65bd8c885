-- Direct observation of practice (issue 16, item 3): Lambeth asks that "1 in
-- 3 professional supervision session should be dedicated to the observation
-- of practice" (002, 2.2.2). The record card asks, for a session of a type
-- the policy counts (rules: pack.observations), whether it was or included
-- one. Null: not asked (a type without the rule, a record made before this,
-- or one made outside the card without saying): such sessions are not
-- counted either way (supervision/observation.ts).
ALTER TABLE sessions ADD COLUMN observed boolean;
