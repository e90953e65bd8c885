/**
 * Where the documentation says more about each fix: sections of
 * docs/deploy.md (the administrator's step by step) and the other guides.
 * One place, so a renamed heading is one change.
 */
import { DEVELOPMENT_DOCS } from '../config.ts';

export const DOCS = {
  settings: 'docs/deploy.md#settings',
  graphApp: 'docs/deploy.md#register-the-graph-app',
  permissions: 'docs/deploy.md#grant-graph-permissions',
  scope: 'docs/deploy.md#scope-calendar-access-with-rbac-for-applications',
  bot: 'docs/deploy.md#the-bot-identity',
  database: 'docs/deploy.md#database',
  databaseRoles: 'docs/deploy.md#the-database-roles',
  roster: 'docs/roster.md',
  retention: 'docs/export.md',
  doctor: 'docs/doctor.md',
  /** Shared with `cadence serve`'s refusal, which names it too. */
  development: DEVELOPMENT_DOCS,
} as const;
