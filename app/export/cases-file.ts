/** cases.csv: each child's case discussed in a held session in the range, by reference only: never a name. */
import type { ExportCaseRow } from '../../store/index.ts';
import type { CsvTable } from './csv.ts';

const COLUMNS = [
  'case reference',
  'case status',
  'status since',
  'closed on',
  'worker UPN',
  'worker name',
  'worker team',
  'session id',
  'session date',
  'supervision type',
  'recorded by',
  'group meeting',
] as const;

export function casesTable(rows: readonly ExportCaseRow[]): CsvTable {
  return {
    columns: COLUMNS,
    rows: rows.map((row) => [
      row.reference,
      row.status,
      row.sinceOn,
      row.closedOn,
      row.workerUpn,
      row.workerName,
      row.workerTeam,
      row.sessionId,
      row.sessionDate,
      row.type,
      row.supervisorUpn,
      row.group,
    ]),
  };
}
