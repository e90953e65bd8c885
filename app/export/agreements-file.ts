/**
 * agreements.csv: each supervisory relationship that ran in the range, with
 * its supervision agreement — signed when, last reviewed when, next due, and
 * whether it is in date.
 *
 * Cadence keeps only the latest signing and review dates, so "in date" is
 * judged on the day of the export (or, for a relationship that has ended, on
 * its last day), with the same rules as "who is overdue?".
 */
import { agreementDueOn, loadShippedPack, type IsoDate } from '../../rules/index.ts';
import type { ExportAgreementRow } from '../../store/index.ts';
import type { CsvTable } from './csv.ts';

const COLUMNS = [
  'supervisee UPN',
  'supervisee name',
  'supervisee role',
  'supervisee team',
  'supervisor UPN',
  'supervisor name',
  'supervised from',
  'supervised until',
  'agreement signed on',
  'agreement last reviewed on',
  'next signing or review due',
  'in date',
  'checked on',
] as const;

export function agreementsTable(rows: readonly ExportAgreementRow[], today: IsoDate): CsvTable {
  return {
    columns: COLUMNS,
    rows: rows.map((row) => {
      const checkedOn = row.toOn !== null && row.toOn < today ? (row.toOn as IsoDate) : today;
      // The latest signing or review by the day checked: one made later did not count then.
      const last = [row.reviewedOn, row.signedOn]
        .filter((d): d is string => d !== null && d <= checkedOn)
        .sort()
        .at(-1) as IsoDate | undefined;
      const due = agreementDueOn(
        loadShippedPack(row.superviseePolicy),
        row.fromOn as IsoDate,
        last,
      );
      return [
        row.superviseeUpn,
        row.superviseeName,
        row.superviseeRole,
        row.superviseeTeam,
        row.supervisorUpn,
        row.supervisorName,
        row.fromOn,
        row.toOn,
        row.signedOn,
        row.reviewedOn,
        due,
        inDate(due, last, checkedOn),
        checkedOn,
      ];
    }),
  };
}

function inDate(due: IsoDate | undefined, last: IsoDate | undefined, checkedOn: IsoDate): string {
  if (due === undefined)
    return last ? 'yes (the policy sets no review)' : 'not signed (the policy sets no deadline)';
  if (due >= checkedOn) return last ? 'yes' : 'not yet signed (not yet due)';
  return last ? 'no (review overdue)' : 'no (not signed)';
}
