-- One meeting for several types (migration 018, docs/booking.md item 8): the
-- recorder may say a type was not covered in the meeting after all (Lambeth
-- asks for "the allocation of time and space within the session to focus on
-- each specific area", 002, 2.2). Recording moves a type left out from type /
-- also_types to not_covered, so every query that counts a held session for
-- its types (overdue, compliance, booking) counts only those covered, at no
-- cost per row; the export and the record card read not_covered to say so,
-- and an amended record can put a type back.
ALTER TABLE sessions ADD COLUMN not_covered text[] NOT NULL DEFAULT '{}';
