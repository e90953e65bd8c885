/**
 * supervision/: the domain — roster import, recording, overdue and
 * compliance — written against ports (store, clock), never against a database.
 */
export { readCsv, type CsvColumns, type CsvRow } from './csv.ts';
export { FileProblemsError, type LineProblem } from './problems.ts';
export { ROSTER_COLUMNS, readRosterFile, type RosterEntry } from './roster-file.ts';
export { planRoster, planIsEmpty, type RosterPlan, type RosterSnapshot, type StoredPerson } from './roster-plan.ts';
export { describeRosterPlan, importRoster, type RosterImportResult } from './roster-import.ts';
export type { AuditEntry, InTransaction, PersonFields, RelationshipTerms, RosterWriter } from './ports.ts';
