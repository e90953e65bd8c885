-- A changed agreed frequency asks for the agreement to be updated (issue 16,
-- item 2): the agreement records how often supervision happens, so when a
-- roster import changes a relationship's agreed_every the day is kept here,
-- and both people are asked to sign the agreement again (an 'update'
-- signing). Signing it writes agreement_reviewed_on, which is then on or
-- after this day, and nothing more is asked.
ALTER TABLE relationships ADD COLUMN agreement_changed_on date;
ALTER TABLE agreement_signings DROP CONSTRAINT agreement_signings_kind_check;
ALTER TABLE agreement_signings ADD CONSTRAINT agreement_signings_kind_check
  CHECK (kind IN ('agreement', 'review', 'update'));
