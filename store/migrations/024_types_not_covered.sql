-- One meeting for several types (migration 018, docs/booking.md item 8): the
-- recorder may say a type was not covered in the meeting after all (Lambeth
-- asks for "the allocation of time and space within the session to focus on
-- each specific area", 002, 2.2). A held session counts as held only for the
-- types it covered: type and also_types stay what was booked, this lists the
-- ones left out, so an amended record can put them back.
ALTER TABLE sessions ADD COLUMN not_covered text[] NOT NULL DEFAULT '{}';
