/**
 * `cadence export`: a part of the organisation's sessions, actions,
 * supervision agreements and children's cases discussed (by reference)
 * over a date range, as CSV files, for quality
 * assurance audits and Ofsted requests. The three files are read from one
 * snapshot of the database (so they agree with each other), written whole
 * or not at all, and the export itself is written to the audit log: who,
 * the range, the scope and the row counts, never what the files hold.
 */
import { resolve } from 'node:path';
import { addMonths, InputError, londonDate, type IsoDate } from '../../rules/index.ts';
import {
  listExportActions,
  listExportAgreements,
  listExportCaseDiscussions,
  listExportSessions,
  writeAudit,
  type Database,
} from '../../store/index.ts';
import type { Clock } from '../../supervision/index.ts';
import { actionsTable } from './actions-file.ts';
import { agreementsTable } from './agreements-file.ts';
import { casesTable } from './cases-file.ts';
import { toCsv, type CsvTable } from './csv.ts';
import { resolveScope, type ExportScope } from './scope.ts';
import { sessionsTable } from './sessions-file.ts';
import { writeFilesAtomically } from './write-files.ts';

/** The longest range one export covers: an inspection looks back a few years, and a bigger file is a bigger loss if mislaid. */
export const MAX_EXPORT_YEARS = 3;

export interface ExportRequest {
  from: IsoDate;
  to: IsoDate;
  scope: ExportScope;
  /** Where the files go; `./export-<from>-<to>` when absent. */
  outDir?: string;
  /** Who is exporting, for the audit log. */
  actor: string;
}

export interface ExportDeps {
  db: Database;
  clock: Clock;
  defaultRecordWorkingDays: number;
}

export interface ExportResult {
  from: IsoDate;
  to: IsoDate;
  scope: string;
  directory: string;
  files: { file: string; path: string; rows: number }[];
}

export function defaultExportDir(from: IsoDate, to: IsoDate): string {
  return `export-${from}-${to}`;
}

/** Refuses a reversed range, or one longer than MAX_EXPORT_YEARS. */
export function checkExportRange(from: IsoDate, to: IsoDate): void {
  if (to < from)
    throw new InputError(
      `export: --to ${to} is before --from ${from}; give the first day, then the last`,
    );
  // Both days are in the range: three years from 1 January 2024 end on 31 December 2026.
  if (to >= addMonths(from, MAX_EXPORT_YEARS * 12)) {
    throw new InputError(
      `export: ${from} to ${to} is longer than ${MAX_EXPORT_YEARS} years; export at most ${MAX_EXPORT_YEARS} years at a time (run it again for the years before)`,
    );
  }
}

export async function exportRecords(
  deps: ExportDeps,
  request: ExportRequest,
): Promise<ExportResult> {
  checkExportRange(request.from, request.to);
  const now = deps.clock.now();
  const today = londonDate(now);
  const range = { from: request.from, to: request.to };
  const read = await deps.db.transaction(async (tx) => {
    // One snapshot for all the files, and nothing written while reading.
    await tx.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
    const scope = await resolveScope(tx, request.scope);
    const [sessions, actions, agreements, cases] = [
      await listExportSessions(tx, scope.personIds, range),
      await listExportActions(tx, scope.personIds, range),
      await listExportAgreements(tx, scope.personIds, range),
      await listExportCaseDiscussions(tx, scope.personIds, range),
    ];
    return { scope, sessions, actions, agreements, cases };
  });
  const tables: [string, CsvTable][] = [
    [
      'sessions.csv',
      sessionsTable(read.sessions, {
        today,
        now,
        defaultRecordWorkingDays: deps.defaultRecordWorkingDays,
      }),
    ],
    ['actions.csv', actionsTable(read.actions)],
    ['agreements.csv', agreementsTable(read.agreements, today)],
    ['cases.csv', casesTable(read.cases)],
  ];
  const directory = resolve(request.outDir ?? defaultExportDir(request.from, request.to));
  const rows = Object.fromEntries(
    tables.map(([file, table]) => [file.replace('.csv', ''), table.rows.length]),
  );
  const paths = await writeFilesAtomically(
    directory,
    tables.map(([name, table]) => ({ name, text: toCsv(table) })),
    // In the audit log before the files can be read: an export that is not audited is never left behind.
    () =>
      writeAudit(deps.db, {
        actor: request.actor,
        action: 'records.exported',
        entity: 'export',
        entityId: null,
        detail: { from: request.from, to: request.to, scope: read.scope.audit, rows },
      }),
  );
  return {
    from: request.from,
    to: request.to,
    scope: read.scope.description,
    directory,
    files: tables.map(([file, table], i) => ({ file, path: paths[i]!, rows: table.rows.length })),
  };
}
