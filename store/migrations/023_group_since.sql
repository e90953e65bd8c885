-- The day a group was first imported (the clock's, London): a member who has
-- never attended is due for a type the policy sets per team one interval after
-- it, or after starting in their role when that is later (docs/overdue.md).
ALTER TABLE supervision_groups ADD COLUMN since_on date;
UPDATE supervision_groups SET since_on = (created_at AT TIME ZONE 'Europe/London')::date;
ALTER TABLE supervision_groups ALTER COLUMN since_on SET NOT NULL;
