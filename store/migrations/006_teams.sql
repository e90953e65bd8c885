-- The Teams bot: where each person can be reached, what is to be sent to
-- them, which scheduled jobs have run, which card actions have been applied,
-- agenda items added before a session, and reminders snoozed.

-- A conversation reference per person, captured on install and on every
-- message, so proactive messages can reach them. Keyed by the Entra object id
-- Teams sends as from.aadObjectId; person_id is filled when it matches a person.
CREATE TABLE conversation_refs (
  aad_object_id  text PRIMARY KEY,
  person_id      bigint REFERENCES people (id),
  reference      jsonb NOT NULL,
  installed      boolean NOT NULL DEFAULT true,
  updated_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX conversation_refs_person_idx ON conversation_refs (person_id);

-- The outbox: every proactive message, written before it is sent. key makes
-- enqueueing idempotent (a job may run again and add nothing); a sender claims
-- rows with FOR UPDATE SKIP LOCKED and a lease, so several instances share the
-- work and a crashed instance's claims come back when the lease runs out.
-- payload holds ids and dates only: the card is built from the current state
-- when it is sent, and no record text is ever stored here.
CREATE TABLE outbox (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  key            text NOT NULL UNIQUE,
  recipient_id   bigint NOT NULL REFERENCES people (id),
  kind           text NOT NULL,
  payload        jsonb NOT NULL DEFAULT '{}',
  not_before     timestamptz NOT NULL,
  status         text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'undeliverable', 'cancelled')),
  attempts       integer NOT NULL DEFAULT 0,
  claimed_by     text,
  claimed_until  timestamptz,
  last_error     text,
  sent_at        timestamptz,
  activity_id    text,
  created_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX outbox_due_idx ON outbox (not_before) WHERE status = 'pending';
CREATE INDEX outbox_recipient_idx ON outbox (recipient_id, kind);

-- A scheduled job's run, claimed once across instances by inserting its key
-- (the job and the day or week it is for).
CREATE TABLE job_runs (
  job          text NOT NULL,
  run_key      text NOT NULL,
  claimed_by   text NOT NULL,
  started_at   timestamptz NOT NULL DEFAULT now(),
  finished_at  timestamptz,
  outcome      jsonb,
  PRIMARY KEY (job, run_key)
);

-- Card actions applied, by the one-use nonce each actionable card carries: a
-- replayed action finds its nonce here and is answered with the current state.
CREATE TABLE card_actions (
  nonce       text PRIMARY KEY,
  verb        text NOT NULL,
  actor_id    bigint REFERENCES people (id),
  applied_at  timestamptz NOT NULL DEFAULT now()
);

-- Agenda items a supervisee adds on the preparation card.
CREATE TABLE agenda_items (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  session_id  bigint NOT NULL REFERENCES sessions (id),
  author_id   bigint NOT NULL REFERENCES people (id),
  text        text NOT NULL,
  added_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX agenda_items_session_idx ON agenda_items (session_id);

-- A reminder snoozed: the subject (e.g. "record:123") is not chased again
-- for this person until the date.
CREATE TABLE snoozes (
  person_id  bigint NOT NULL REFERENCES people (id),
  subject    text NOT NULL,
  until_at   timestamptz NOT NULL,
  PRIMARY KEY (person_id, subject)
);
