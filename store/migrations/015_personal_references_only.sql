-- Proactive messages go only to personal chats (issue 13): the bot used to
-- keep the reference of the last conversation a person wrote in, so after one
-- message in a group chat a manager's chase was posted there. References of
-- group chats and channels are removed; a person whose personal chat was
-- overwritten so is listed by "not installed" until they next write to
-- Cadence or it is installed for them again, and what waits for them is held.
DELETE FROM conversation_refs
 WHERE coalesce(reference -> 'conversation' ->> 'conversationType', '') <> 'personal';
