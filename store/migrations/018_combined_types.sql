-- One session for several supervision types, where the policy allows it
-- (rules/combined-types.ts; Lambeth 2.2, "the allocation of time and space
-- within the session"). A session's `type` is the first of them; also_types
-- are the others it covers. A held session counts as held for each, a booked
-- one as booked for each. Every session before this covers its type alone.
ALTER TABLE booking_series ADD COLUMN also_types text[] NOT NULL DEFAULT '{}';
ALTER TABLE sessions ADD COLUMN also_types text[] NOT NULL DEFAULT '{}';
