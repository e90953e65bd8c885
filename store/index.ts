/**
 * store/: PostgreSQL schema, migrations and queries. PGlite embedded by
 * default; a PostgreSQL server when a connection string is given.
 */
export {
  connectionFields,
  openPglite,
  openPostgres,
  type Database,
  type PostgresOptions,
  type Sql,
} from './database.ts';
export { migrate, migrationsOnDisk, pendingMigrations, type Migration } from './migrate.ts';
export {
  createEntraPrincipal,
  grantAppRole,
  quoteIdent,
  roleExists,
  rolePowers,
  type RolePowers,
} from './roles.ts';
export { listAudit, writeAudit } from './audit.ts';
export { countPeople, listPeople } from './people.ts';
export { rosterWriter } from './roster-writer.ts';
export { teamReader } from './team-reader.ts';
export { casesWriter, listCases } from './cases.ts';
export { groupsWriter, listGroups, listPlannableGroups } from './groups.ts';
export { coverStore } from './cover.ts';
export { groupRecordingWriter } from './group-recording.ts';
export { lostSessionStore } from './lost-sessions.ts';
export { agreementStore } from './agreements.ts';
export { groupMeetingReader } from './group-queries.ts';
export { insertSession, recordingWriter, type NewSession } from './sessions.ts';
export { bookingStore } from './booking-store.ts';
export { endingStore } from './relationship-endings.ts';
export { mailboxProblems, reconcileStore } from './reconcile.ts';
export { assistantStore } from './assistant-store.ts';
export { promptReader } from './prompt-queries.ts';
export { ladderReader } from './ladder-reader.ts';
export {
  claimJobRun,
  DEFAULT_LEASE_MS,
  DEFAULT_RETRY_FAILED_AFTER_MS,
  finishJobRun,
  listJobRuns,
  releaseJobRuns,
  renewJobRun,
  type ClaimOptions,
  type JobRunRow,
} from './job-runs.ts';
export {
  conversationReferenceFor,
  listWithoutApp,
  markPersonUninstalled,
  markUninstalled,
  removeReferencesOutsideRoster,
  saveConversationReference,
  type PersonWithoutApp,
  type StoredReference,
} from './conversations.ts';
export { outboxCounts, outboxStore, type OutboxStatus } from './outbox.ts';
export { claimNonce } from './card-actions.ts';
export { addAgendaItem, listAgendaItems, type AgendaItem } from './agenda.ts';
export { snooze, snoozedUntil } from './snoozes.ts';
export { listExportCaseDiscussions, type ExportCaseRow } from './export-cases.ts';
export {
  findPersonForExport,
  listExportActions,
  listExportAgreements,
  listExportSessions,
  listLineOfManagement,
  listTeamMembers,
  listTeamNames,
  type ExportActionRow,
  type ExportAgreementRow,
  type ExportRange,
  type ExportSessionRow,
} from './export-queries.ts';
export { removeSupervisionBefore, type RetentionCounts } from './retention.ts';
export { pruneOperationalBefore, type PruneCounts } from './operational-pruning.ts';
