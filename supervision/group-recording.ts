/**
 * Recording a group meeting (issue 15, item 1): who came, member by member,
 * and the children's cases discussed. An attendee is supervised for the
 * group's type on that date; an absentee stays due (summariseSessions reads
 * the attendance). A case discussed in the group counts as discussed, as
 * Lambeth's policy treats group discussion as "equal and equivalent" (002,
 * 2.2) — but only a case allocated to a member who was there. The
 * facilitator records; with peers taking turns, any member may.
 *
 * Record text goes to the database only, never into an error or the audit log.
 */
import { londonDate, type IsoDate } from '../rules/index.ts';
import { notFoundOrNotYours } from './not-allowed.ts';
import { RecordingRefusedError } from './recording.ts';
import { RecordingInputError, type FieldProblem } from './recording-input.ts';
import type {
  CaseForRecording,
  Clock,
  GroupMeetingRow,
  GroupRecordingWriter,
  InTransaction,
  NotHeldReason,
} from './ports/index.ts';

export interface GroupRecordingRequest {
  sessionId: number;
  recorderUpn: string;
  /** The members who came, by UPN; every other member is recorded as absent. Empty: the meeting did not take place. */
  attendedUpns: readonly string[];
  /** Why it did not take place, when nobody came. */
  notHeldReason?: NotHeldReason;
  summary?: string;
  /** Case references discussed; each must be allocated to a member who came. */
  casesDiscussed?: readonly string[];
  recordLocation?: string;
}

export interface GroupRecordingResult {
  sessionId: number;
  status: 'held' | 'not-held';
  attended: number;
  absent: number;
  caseIds: number[];
}

/** Who records a group meeting: its facilitator; with peers taking turns, any member. */
export function mayRecordGroupMeeting(
  meeting: Pick<GroupMeetingRow, 'facilitatorId' | 'members'>,
  personId: number,
): boolean {
  return meeting.facilitatorId === null
    ? meeting.members.some((m) => m.id === personId)
    : meeting.facilitatorId === personId;
}

export async function recordGroupSession(
  inTransaction: InTransaction<GroupRecordingWriter>,
  clock: Clock,
  input: GroupRecordingRequest,
): Promise<GroupRecordingResult> {
  const now = clock.now();
  return inTransaction(async (store) => {
    const [recorder] = await store.peopleByUpn([input.recorderUpn]);
    const session = recorder ? await store.getGroupSessionForRecording(input.sessionId) : null;
    if (!recorder || !session || !mayRecordGroupMeeting(session, recorder.id))
      throw notFoundOrNotYours('session');
    if (session.status === 'cancelled')
      throw new RecordingRefusedError(
        `session ${session.sessionId} was cancelled, so it cannot be recorded; if the group met after all, book it again and record that meeting`,
      );
    if (session.status === 'held' || session.status === 'not-held')
      throw new RecordingRefusedError(`session ${session.sessionId} was already recorded`);

    const problems: FieldProblem[] = [];
    const byUpn = new Map(session.members.map((m) => [m.upn.toLowerCase(), m]));
    const attended = new Set<number>();
    input.attendedUpns.forEach((upn, i) => {
      const member = byUpn.get(upn.toLowerCase());
      if (member) attended.add(member.id);
      else
        problems.push({
          path: `attendedUpns[${i}]`,
          message: `${upn} is not a member of ${session.groupName}`,
        });
    });
    const held = attended.size > 0;
    if (held && session.startsAt && session.startsAt > now)
      problems.push({
        path: 'attendedUpns',
        message: `the meeting has not started yet (it starts on ${londonDate(session.startsAt)}); record who came once it has taken place`,
      });
    if (!held && !input.notHeldReason)
      problems.push({
        path: 'notHeldReason',
        message: 'nobody is marked as there: say why the meeting did not take place',
      });
    const cases = held
      ? await checkCases(store, input.casesDiscussed ?? [], attended, problems)
      : [];
    if (problems.length > 0) throw new RecordingInputError(problems);

    await store.applyRecord(session.sessionId, {
      status: held ? 'held' : 'not-held',
      notHeldReason: held ? null : input.notHeldReason!,
      record: input.summary ? { summary: input.summary } : {},
      // A group meeting is not a one-to-one's direct observation of practice (migration 027).
      observed: null,
      recordLocation: input.recordLocation ?? null,
      recordedBy: recorder.id,
      recordedAt: now,
    });
    await store.saveAttendance(
      session.sessionId,
      session.members.map((m) => ({ personId: m.id, attended: attended.has(m.id) })),
    );
    const caseIds = cases.map((c) => c.id);
    if (caseIds.length > 0) await store.insertCaseDiscussions(session.sessionId, caseIds);
    await store.audit({
      actor: recorder.upn,
      action: 'group-session.recorded',
      entity: 'session',
      entityId: session.sessionId,
      // Ids and counts only, never what the record says.
      detail: {
        group: session.groupId,
        outcome: held ? 'held' : 'not-held',
        attended: [...attended],
        absent: session.members.filter((m) => !attended.has(m.id)).map((m) => m.id),
        cases: caseIds,
        fields: input.summary ? ['summary'] : [],
      },
    });
    return {
      sessionId: session.sessionId,
      status: held ? 'held' : 'not-held',
      attended: attended.size,
      absent: session.members.length - attended.size,
      caseIds,
    };
  });
}

/** Each case must be open and allocated to a member who came; every problem is named at once. */
async function checkCases(
  store: GroupRecordingWriter,
  references: readonly string[],
  attended: ReadonlySet<number>,
  problems: FieldProblem[],
): Promise<CaseForRecording[]> {
  const found = new Map(
    (await store.casesByReference([...new Set(references)])).map((c) => [c.reference, c]),
  );
  const cases: CaseForRecording[] = [];
  references.forEach((reference, i) => {
    const known = found.get(reference);
    const problem = !known
      ? 'is not in Cadence'
      : known.closedOn !== null
        ? `was closed on ${known.closedOn as IsoDate}`
        : known.workerId === null || !attended.has(known.workerId)
          ? 'is not allocated to a member who was there'
          : null;
    if (problem)
      problems.push({ path: `casesDiscussed[${i}]`, message: `case ${reference} ${problem}` });
    else if (!cases.includes(known!)) cases.push(known!);
  });
  return cases;
}
