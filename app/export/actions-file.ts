/** actions.csv: the actions agreed in the range's sessions, who owns each, when it is due and reviewed, and whether it is done. */
import type { ExportActionRow } from '../../store/index.ts';
import type { CsvTable } from './csv.ts';

const COLUMNS = [
  'action id',
  'session id',
  'session date',
  'supervisee UPN',
  'supervisee name',
  'action',
  'owner UPN',
  'owner name',
  'due by',
  'review on',
  'done on',
  'done',
] as const;

export function actionsTable(rows: readonly ExportActionRow[]): CsvTable {
  return {
    columns: COLUMNS,
    rows: rows.map((row) => [
      row.actionId,
      row.sessionId,
      row.sessionDate,
      row.superviseeUpn,
      row.superviseeName,
      row.text,
      row.ownerUpn,
      row.ownerName,
      row.dueOn,
      row.reviewOn,
      row.doneOn,
      row.doneOn ? 'yes' : 'no',
    ]),
  };
}
