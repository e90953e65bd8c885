-- Supervision held in a group (docs/roster.md, "Groups"): a team's reflective
-- case discussion, a peer forum, an ASYE cohort. facilitator_id is NULL when
-- the peers take turns. quorum is how many members must be free for a time
-- to be chosen. A person is in at most one group of a type (checked on
-- import), so their attendance counts once.
CREATE TABLE supervision_groups (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name            text NOT NULL,
  type            text NOT NULL,
  facilitator_id  bigint REFERENCES people (id),
  quorum          integer NOT NULL CHECK (quorum > 0),
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX supervision_groups_name_key ON supervision_groups (lower(name));

CREATE TABLE supervision_group_members (
  group_id   bigint NOT NULL REFERENCES supervision_groups (id) ON DELETE CASCADE,
  person_id  bigint NOT NULL REFERENCES people (id),
  position   integer NOT NULL,
  PRIMARY KEY (group_id, person_id)
);
CREATE INDEX supervision_group_members_person_idx ON supervision_group_members (person_id);
