-- Who books a group's meetings (docs/roster.md#groups), as `booking` does for
-- a relationship: the daily job, or the facilitator from the proposal card in Teams.
ALTER TABLE supervision_groups ADD COLUMN booking_mode text NOT NULL DEFAULT 'automatic'
  CHECK (booking_mode IN ('automatic', 'by-supervisor'));
