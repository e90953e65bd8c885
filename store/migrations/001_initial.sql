-- Cadence's first schema: people and who supervises whom, sessions and their
-- records, actions, children's cases (by reference only: never a name), and
-- an audit log of every change.

CREATE TABLE people (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  upn              text NOT NULL,
  entra_object_id  text,
  name             text NOT NULL,
  job_title        text,
  team             text,
  role             text NOT NULL,
  policy           text NOT NULL,
  started_on       date,
  approved_on      date,
  manager_id       bigint REFERENCES people (id),
  uses_teams       boolean NOT NULL DEFAULT true,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX people_upn_key ON people (lower(upn));
CREATE UNIQUE INDEX people_entra_object_id_key ON people (entra_object_id) WHERE entra_object_id IS NOT NULL;
CREATE INDEX people_manager_idx ON people (manager_id);

-- A supervisory relationship. A change of supervisor ends one (to_on) and
-- starts another, so history is kept. agreed_periods and agreed_frequency hold
-- what the policy leaves to agreement (see docs/rules.md).
CREATE TABLE relationships (
  id                     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  supervisor_id          bigint NOT NULL REFERENCES people (id),
  supervisee_id          bigint NOT NULL REFERENCES people (id),
  types                  text[] NOT NULL,
  agreed_periods         jsonb NOT NULL DEFAULT '{}',
  agreed_frequency       jsonb NOT NULL DEFAULT '{}',
  agreement_signed_on    date,
  agreement_reviewed_on  date,
  from_on                date NOT NULL,
  to_on                  date,
  CHECK (supervisor_id <> supervisee_id),
  CHECK (to_on IS NULL OR to_on >= from_on)
);
CREATE UNIQUE INDEX relationships_one_current ON relationships (supervisee_id) WHERE to_on IS NULL;
CREATE INDEX relationships_supervisor_idx ON relationships (supervisor_id) WHERE to_on IS NULL;

CREATE TABLE sessions (
  id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  relationship_id   bigint NOT NULL REFERENCES relationships (id),
  type              text NOT NULL,
  status            text NOT NULL CHECK (status IN ('planned', 'booked', 'held', 'not-held', 'cancelled')),
  not_held_reason   text CHECK (not_held_reason IN ('annual-leave', 'sickness', 'court', 'other')),
  due_on            date,
  starts_at         timestamptz,
  ends_at           timestamptz,
  calendar_event_id text,
  series_id         text,
  record_due_on     date,
  recorded_by       bigint REFERENCES people (id),
  recorded_at       timestamptz,
  -- The record's short fields (summary, next date confirmed, ...); the full
  -- record lives in the council's system of record, at record_location.
  record            jsonb,
  record_location   text,
  created_at        timestamptz NOT NULL DEFAULT now(),
  CHECK ((status = 'not-held') = (not_held_reason IS NOT NULL) OR status = 'cancelled'),
  CHECK (ends_at IS NULL OR starts_at IS NULL OR ends_at > starts_at)
);
CREATE INDEX sessions_relationship_idx ON sessions (relationship_id, status, starts_at);

CREATE TABLE actions (
  id                      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  session_id              bigint NOT NULL REFERENCES sessions (id),
  text                    text NOT NULL,
  owner_id                bigint NOT NULL REFERENCES people (id),
  due_on                  date,
  done_on                 date,
  reviewed_in_session_id  bigint REFERENCES sessions (id)
);
CREATE INDEX actions_session_idx ON actions (session_id);

-- A child's case, by reference only. Cadence never stores a child's name.
CREATE TABLE child_cases (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  reference   text NOT NULL UNIQUE,
  status      text NOT NULL,
  since_on    date NOT NULL,
  worker_id   bigint REFERENCES people (id),
  closed_on   date
);
CREATE INDEX child_cases_worker_idx ON child_cases (worker_id) WHERE closed_on IS NULL;

CREATE TABLE case_discussions (
  session_id  bigint NOT NULL REFERENCES sessions (id),
  case_id     bigint NOT NULL REFERENCES child_cases (id),
  PRIMARY KEY (session_id, case_id)
);
CREATE INDEX case_discussions_case_idx ON case_discussions (case_id);

-- Who changed what, when. `detail` holds ids and changed fields; an amended
-- session record keeps its earlier version here (its only record text).
CREATE TABLE audit_log (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at         timestamptz NOT NULL DEFAULT now(),
  actor      text NOT NULL,
  action     text NOT NULL,
  entity     text NOT NULL,
  entity_id  text,
  detail     jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_log_entity_idx ON audit_log (entity, entity_id);
