/**
 * sessions.csv: one row per session in the range, with what a quality
 * assurance audit asks of it — who, when, held or not and why, whether it was
 * recorded by its deadline, how long, which parts of supervision it covered,
 * where the full record is kept, the children's cases discussed (by
 * reference only), and whether the supervisee signed the record off (never
 * their comment: like the summary, it stays with the record).
 */
import { daysBetween, type IsoDate } from '../../rules/index.ts';
import type { ExportSessionRow } from '../../store/index.ts';
import { recordDeadline, signOffDeadline } from '../../supervision/index.ts';
import type { CsvTable } from './csv.ts';

const COLUMNS = [
  'session id',
  'date',
  'starts',
  'ends',
  'supervision type',
  'supervisee UPN',
  'supervisee name',
  'supervisee role',
  'supervisee team',
  'supervisor UPN',
  'supervisor name',
  'status',
  'reason not held',
  'held on (when another day)',
  'booked minutes',
  'minutes held',
  'parts covered',
  'next date agreed',
  'cases discussed',
  'recorded by',
  'recorded at',
  'record due by',
  'recorded on time',
  'full record kept at',
  'source',
  'group meeting',
  'signed off by supervisee',
  'signed off at',
  'observation of practice',
  'lost how',
  'replaced by session',
] as const;

const LOST: Record<NonNullable<ExportSessionRow['lostHow']>, string> = {
  cancelled: 'cancelled in Outlook',
  declined: 'declined in Outlook',
  'moved-after-due': 'moved in Outlook past its due date',
  'not-held': 'recorded as not held',
};

const SIGN_OFF: Record<NonNullable<ExportSessionRow['signOff']>, string> = {
  agreed: 'agreed',
  commented: 'agreed, with a comment',
  disagreed: 'disagreed',
};

const STATUS: Record<ExportSessionRow['status'], string> = {
  planned: 'planned',
  booked: 'booked',
  held: 'held',
  'not-held': 'not held',
  cancelled: 'cancelled',
};

const REASON: Record<string, string> = {
  'annual-leave': 'annual leave',
  sickness: 'sickness',
  court: 'court',
  other: 'other',
  // A member who did not come to a group meeting that took place.
  absent: 'absent from the group meeting',
  // A type one meeting for several was booked for and did not give time to (migration 024).
  'not-covered': 'not covered in the meeting',
};

export interface SessionsOptions {
  /** Today in London: whether an unrecorded session's deadline has passed. */
  today: IsoDate;
  now: Date;
  /** Working days to record where the policy sets no deadline (CADENCE_DEFAULT_RECORD_WORKING_DAYS). */
  defaultRecordWorkingDays: number;
}

export function sessionsTable(
  rows: readonly ExportSessionRow[],
  options: SessionsOptions,
): CsvTable {
  return {
    columns: COLUMNS,
    rows: rows.map((row) => {
      const deadline = recordDeadlineOf(row, options);
      return [
        row.sessionId,
        row.date,
        row.startsAt,
        row.endsAt,
        row.type,
        row.superviseeUpn,
        row.superviseeName,
        row.superviseeRole,
        row.superviseeTeam,
        row.supervisorUpn,
        row.supervisorName,
        STATUS[row.status],
        row.notHeldReason && (REASON[row.notHeldReason] ?? row.notHeldReason),
        row.heldOn !== null && row.heldOn !== row.date ? row.heldOn : null,
        row.bookedMinutes,
        row.minutesHeld,
        row.parts.join('; '),
        row.nextDate,
        row.caseReferences.join('; '),
        row.recordedByUpn,
        row.recordedAt,
        deadline,
        deadline && onTime(row, deadline, options.today),
        row.recordLocation,
        row.imported ? 'roster import (held before Cadence)' : 'Cadence',
        row.groupName,
        signOffOf(row, options.today),
        row.signedOffAt,
        row.observed === null ? null : row.observed ? 'yes' : 'no',
        row.lostHow && `${LOST[row.lostHow]}${row.lostByUpn ? ` by ${row.lostByUpn}` : ''}`,
        row.replacedBy,
      ];
    }),
  };
}

/**
 * The record deadline, as "who is overdue?" and the reminders judge it, for a
 * session recorded or one that has ended; none for a cancelled session, one
 * not yet over, or one held before Cadence.
 */
function recordDeadlineOf(row: ExportSessionRow, options: SessionsOptions): IsoDate | null {
  if (row.imported || row.status === 'cancelled') return null;
  const recorded = row.status === 'held' || row.status === 'not-held';
  if (!recorded && (row.endedAt === null || row.endedAt > options.now)) return null;
  return recordDeadline(
    row.superviseePolicy,
    (row.heldOn ?? row.date) as IsoDate,
    options.defaultRecordWorkingDays,
  );
}

/** The supervisee's answer, or whether it is still awaited (and late); blank where none was asked (not held, or recorded before sign-off). */
function signOffOf(row: ExportSessionRow, today: IsoDate): string | null {
  if (row.signOff) return SIGN_OFF[row.signOff];
  if (row.signOffAskedOn === null || row.status !== 'held') return null;
  const { dueOn } = signOffDeadline(row.superviseePolicy, row.signOffAskedOn as IsoDate);
  return dueOn < today ? `awaited, overdue (due by ${dueOn})` : `awaited (due by ${dueOn})`;
}

function onTime(row: ExportSessionRow, deadline: IsoDate, today: IsoDate): string {
  if (row.recordedOn === null) {
    // Held or not held with no time of recording: marked so outside Cadence's recording, so lateness is unknown.
    if (row.status === 'held' || row.status === 'not-held') return 'not known';
    return deadline < today ? 'not recorded, overdue' : 'not yet recorded';
  }
  const late = daysBetween(deadline, row.recordedOn as IsoDate);
  return late <= 0 ? 'on time' : `late by ${late} day${late === 1 ? '' : 's'}`;
}
