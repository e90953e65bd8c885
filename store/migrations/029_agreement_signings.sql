-- Supervision agreements signed in Teams (issue 16, item 2): Solihull's
-- agreement is "completed and signed with all staff, within four weeks of
-- starting a supervisory relationship" and reviewed yearly (000); Lambeth's
-- is reviewed "twice a year" (002). Each person signs on the agreement card;
-- when both have, the relationship's agreement_signed_on (a first
-- agreement) or agreement_reviewed_on (a review) is written, the day the
-- second signed, and the signing is complete.
--
-- One open signing per relationship: `due_on` is the deadline it answers
-- (null where the policy gives none), `kind` whether it is the agreement or
-- its review.
CREATE TABLE agreement_signings (
  id                    bigserial PRIMARY KEY,
  relationship_id       bigint NOT NULL REFERENCES relationships (id) ON DELETE CASCADE,
  kind                  text NOT NULL CHECK (kind IN ('agreement', 'review')),
  due_on                date,
  supervisor_signed_at  timestamptz,
  supervisee_signed_at  timestamptz,
  completed_on          date
);
CREATE UNIQUE INDEX agreement_signings_open_idx ON agreement_signings (relationship_id) WHERE completed_on IS NULL;
