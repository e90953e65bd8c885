-- Sessions lost (issue 16, item 4): cancelled or declined in Outlook, moved
-- there past their due date, or recorded as not held. The supervisor is sent
-- a card with a replacement before the latest date it may fall; what was
-- lost, who lost it and why are kept (Solihull allows cancelling only for
-- "annual leave, sickness or court", 000), counted and exported.
--
-- `lost_by_id`: who did it, where Outlook says (the organiser cancels; the
-- supervisee declines); null when it cannot be known (moved, or cancelled by
-- a delegate). `reason`: as the record gave it, or as the supervisor answered
-- on the card; null until known. `replaced_by`: the session booked instead.
CREATE TABLE lost_sessions (
  session_id   bigint PRIMARY KEY REFERENCES sessions (id) ON DELETE CASCADE,
  how          text NOT NULL CHECK (how IN ('cancelled', 'declined', 'moved-after-due', 'not-held')),
  noticed_at   timestamptz NOT NULL,
  lost_by_id   bigint REFERENCES people (id),
  reason       text CHECK (reason IN ('annual-leave', 'sickness', 'court', 'other')),
  replaced_by  bigint REFERENCES sessions (id) ON DELETE SET NULL
);
