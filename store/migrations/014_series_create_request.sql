-- Where each relationship's sessions are held, from the roster's `venue`
-- column: a Teams meeting or in person. One rule for every route that books.
-- Until now the daily job asked for Teams and the Book button did not; Teams
-- is the default, except where the supervisee does not use Teams.
ALTER TABLE relationships ADD COLUMN venue text NOT NULL DEFAULT 'teams'
  CHECK (venue IN ('teams', 'in-person'));
UPDATE relationships r SET venue = 'in-person'
  FROM people p WHERE p.id = r.supervisee_id AND NOT p.uses_teams;

-- Everything the Outlook create is built from (names and UPNs, venue,
-- times, recurrence, until), saved with the intent, so a resumed create is
-- byte-identical to the first whatever the roster says by then: Outlook
-- refuses a repeated transactionId with another body. NULL for intents saved
-- before this migration (they are rebuilt as before, and adopted if refused).
ALTER TABLE booking_series ADD COLUMN create_request jsonb;
