/**
 * Recording a supervision session: held (with its short fields, actions and
 * the children's cases discussed) or not held (with a reason). Only the
 * session's supervisor may record it, identified by who they are signed in
 * as; a record is made once, and changed only as an amendment, which keeps
 * the earlier version in the audit log. Everything is written in one
 * transaction, or nothing is.
 *
 * Record text (summary, note, action text) goes to the database only: never
 * into an error message, and never into the audit log except as the earlier
 * version an amendment replaced.
 */
import { CadenceError, londonDate } from '../rules/index.ts';
import { notFoundOrNotYours } from './not-allowed.ts';
import { signOffMessage } from './sign-off.ts';
import {
  parseRecordingRequest,
  recordingRequestSchema,
  RecordingInputError,
  type CheckedRecordingRequest,
  type FieldProblem,
  type RecordingDraft,
  type RecordingRequest,
} from './recording-input.ts';
import type {
  CaseForRecording,
  Clock,
  InTransaction,
  NewAction,
  RecordingWriter,
  SessionForRecording,
  SessionRecord,
  StoredAction,
} from './ports/index.ts';

/** The session's state does not allow this recording (already recorded, cancelled, not started). */
export class RecordingRefusedError extends CadenceError {
  override name = 'RecordingRefusedError';
}

export interface RecordingResult {
  sessionId: number;
  status: 'held' | 'not-held';
  /** True when this replaced an earlier record. */
  amended: boolean;
  /** The session's actions, in the order given. */
  actionIds: number[];
  caseIds: number[];
}

type Outcome = CheckedRecordingRequest['outcome'];
type HeldOutcome = Extract<Outcome, { held: true }>;

/** Who records which session: checked before anything else in the request. */
const whoAndWhich = recordingRequestSchema.pick({ sessionId: true, recorderUpn: true });

/**
 * Whoever is not the session's supervisor (or is not in Cadence, or names a
 * session that does not exist) is refused before a field of the record is
 * looked at, all with one answer that names no one (supervision/not-allowed.ts):
 * the problems of a record on someone else's session would say whose it is.
 */
export async function recordSession(
  inTransaction: InTransaction<RecordingWriter>,
  clock: Clock,
  input: RecordingRequest | RecordingDraft,
): Promise<RecordingResult> {
  const who = whoAndWhich.safeParse(input);
  // Without a session id or a recorder there is no session to check access to: the full parse refuses it, naming only what was sent.
  const { sessionId, recorderUpn } = who.success ? who.data : parseRecordingRequest(input);
  const now = clock.now();
  return inTransaction(async (store) => {
    const [recorder] = await store.peopleByUpn([recorderUpn]);
    const session = recorder ? await store.getSessionForRecording(sessionId) : null;
    if (!recorder || !session || recorder.id !== session.supervisor.id)
      throw notFoundOrNotYours('session');
    const request = parseRecordingRequest(input);
    const { outcome } = request;
    const recorded = session.status === 'held' || session.status === 'not-held';
    refuseByState(session, outcome.held, recorded && !request.amend, now);

    const checked = outcome.held
      ? await checkHeld(store, session, outcome, now)
      : { actions: [], cases: [], types: typesCovered(session, undefined, []) };
    const earlier = recorded ? await earlierVersion(store, session) : null;

    await store.applyRecord(session.id, {
      status: outcome.held ? 'held' : 'not-held',
      notHeldReason: outcome.held ? null : outcome.reason,
      record: outcome.held
        ? defined({
            summary: outcome.summary,
            nextDate: outcome.nextDate,
            heldOn: outcome.heldOn,
            durationMinutes: outcome.durationMinutes,
            parts: outcome.parts,
          })
        : defined({ note: outcome.note }),
      recordLocation: outcome.held ? (outcome.recordLocation ?? null) : null,
      recordedBy: recorder.id,
      recordedAt: now,
      observed: outcome.held ? (outcome.observed ?? null) : null,
      ...(checked.types && { types: checked.types }),
    });
    const actionIds = await replaceActions(
      store,
      session.id,
      earlier?.actions ?? [],
      checked.actions,
    );
    const caseIds = checked.cases.map((c) => c.id);
    const earlierCaseIds = earlier?.cases.map((c) => c.id) ?? [];
    const removed = earlierCaseIds.filter((id) => !caseIds.includes(id));
    if (removed.length > 0) await store.deleteCaseDiscussions(session.id, removed);
    if (caseIds.length > 0) await store.insertCaseDiscussions(session.id, caseIds);
    // The supervisee signs off each version of a held record (migration 026); a record now "not held" has nothing to sign.
    if (outcome.held) {
      await store.requestSignOff({
        sessionId: session.id,
        superviseeId: session.supervisee.id,
        recordAt: now,
        requestedOn: londonDate(now),
      });
      await store.enqueue([signOffMessage(session.id, session.supervisee.id, now)]);
    } else {
      if (earlier?.signOff) await store.withdrawSignOff(session.id);
      // Not held: a session to replace before it falls due (lost-sessions.ts), the reason as recorded.
      await store.noteLost(
        [{ sessionId: session.id, how: 'not-held', lostByUpn: null, reason: outcome.reason }],
        now,
      );
    }

    await store.audit({
      actor: recorder.upn,
      action: earlier ? 'session.amended' : 'session.recorded',
      entity: 'session',
      entityId: session.id,
      detail: {
        relationship: session.relationshipId,
        supervisee: session.supervisee.id,
        outcome: outcome.held ? 'held' : 'not-held',
        ...(!outcome.held && { reason: outcome.reason }),
        // Which short fields were given, never what they say.
        fields: Object.entries(outcome)
          .filter(
            ([key, value]) =>
              [
                'summary',
                'nextDate',
                'recordLocation',
                'note',
                'heldOn',
                'durationMinutes',
                'parts',
                'observed',
              ].includes(key) &&
              value !== undefined &&
              !(Array.isArray(value) && value.length === 0),
          )
          .map(([key]) => key),
        actions: actionIds,
        cases: caseIds,
        ...(checked.types?.notCovered.length && { notCovered: checked.types.notCovered }),
        ...(earlier && { earlier }),
      },
    });
    return {
      sessionId: session.id,
      status: outcome.held ? 'held' : 'not-held',
      amended: earlier !== null,
      actionIds,
      caseIds,
    };
  });
}

function refuseByState(
  session: SessionForRecording,
  held: boolean,
  refuseRecorded: boolean,
  now: Date,
): void {
  if (session.status === 'cancelled') {
    throw new RecordingRefusedError(
      `session ${session.id} was cancelled, so it cannot be recorded; if it took place after all, book it again and record that session`,
    );
  }
  if (refuseRecorded) {
    const by = session.recordedBy?.name ?? 'someone';
    const on = session.recordedAt ? ` on ${londonDate(session.recordedAt)}` : '';
    throw new RecordingRefusedError(
      `session ${session.id} was already recorded by ${by}${on}; send it as an amendment to change it`,
    );
  }
  if (held && session.startsAt && session.startsAt > now) {
    throw new RecordingRefusedError(
      `session ${session.id} has not started yet (it starts on ${londonDate(session.startsAt)}), so it cannot be recorded as held; record it once it has taken place, or record it as not held`,
    );
  }
}

/**
 * What the database knows that the input alone cannot show: action owners
 * are people in Cadence, each case is open and allocated to the supervisee,
 * the next date comes after the session. Every problem is named at once.
 */
async function checkHeld(
  store: RecordingWriter,
  session: SessionForRecording,
  outcome: HeldOutcome,
  now: Date,
) {
  const problems: FieldProblem[] = [];
  const heldOn = outcome.heldOn ?? (session.startsAt && londonDate(session.startsAt));
  if (outcome.heldOn && outcome.heldOn > londonDate(now)) {
    problems.push({ path: 'outcome.heldOn', message: `${outcome.heldOn} is in the future` });
  }
  if (outcome.nextDate && heldOn && outcome.nextDate <= heldOn) {
    problems.push({
      path: 'outcome.nextDate',
      message: `${outcome.nextDate} is not after this session (${heldOn})`,
    });
  }

  const owners = new Map(
    (await store.peopleByUpn(outcome.actions.map((a) => a.ownerUpn))).map((p) => [
      p.upn.toLowerCase(),
      p.id,
    ]),
  );
  const actions: NewAction[] = [];
  outcome.actions.forEach((action, i) => {
    const ownerId = owners.get(action.ownerUpn.toLowerCase());
    if (ownerId === undefined)
      problems.push({
        path: `outcome.actions[${i}].ownerUpn`,
        message: `${action.ownerUpn} is not a person in Cadence`,
      });
    else
      actions.push({
        text: action.text,
        ownerId,
        dueOn: action.due ?? null,
        reviewOn: action.review ?? null,
      });
  });

  const references = [...new Set(outcome.casesDiscussed)];
  const found = new Map((await store.casesByReference(references)).map((c) => [c.reference, c]));
  const cases: CaseForRecording[] = [];
  outcome.casesDiscussed.forEach((reference, i) => {
    const problem = caseProblem(found.get(reference), session);
    if (problem)
      problems.push({
        path: `outcome.casesDiscussed[${i}]`,
        message: `case ${reference} ${problem}`,
      });
    else if (!cases.some((c) => c.reference === reference)) cases.push(found.get(reference)!);
  });

  const types = typesCovered(session, outcome.typesCovered, problems);

  if (problems.length > 0) throw new RecordingInputError(problems);
  return { actions, cases, types };
}

/**
 * A meeting for several types, as its record leaves it: the types it counts
 * for and those it did not cover, from those the recorder ticked (each must
 * be one the meeting was booked for, and at least one ticked: a meeting that
 * covered none was not held for any). Nothing ticked or said (`undefined`,
 * and a meeting not held): every type it was booked for. A meeting of one
 * type: left alone (undefined).
 */
function typesCovered(
  session: SessionForRecording,
  covered: readonly string[] | undefined,
  problems: FieldProblem[],
): SessionRecord['types'] {
  const booked = [session.type, ...session.alsoTypes, ...session.notCovered];
  if (booked.length === 1) return undefined;
  const ticked = covered ?? booked;
  const strangers = ticked.filter((t) => !booked.includes(t));
  if (strangers.length > 0)
    problems.push({
      path: 'outcome.typesCovered',
      message: `${strangers.join(', ')} is not a type this meeting was booked for (${booked.join(', ')})`,
    });
  else if (ticked.length === 0)
    problems.push({
      path: 'outcome.typesCovered',
      message:
        'no type is ticked as covered: tick those the meeting gave time to, or record it as not held',
    });
  const [type, ...alsoTypes] = booked.filter((t) => ticked.includes(t));
  if (type === undefined) return undefined;
  return { type, alsoTypes, notCovered: booked.filter((t) => !ticked.includes(t)) };
}

function caseProblem(
  found: CaseForRecording | undefined,
  session: SessionForRecording,
): string | null {
  if (!found) return 'is not in Cadence';
  if (found.closedOn !== null) return `was closed on ${found.closedOn}`;
  if (found.workerId !== session.supervisee.id)
    return `is not allocated to ${session.supervisee.name}`;
  return null;
}

/** The record an amendment replaces, as the audit log keeps it. */
async function earlierVersion(store: RecordingWriter, session: SessionForRecording) {
  return {
    status: session.status,
    notHeldReason: session.notHeldReason,
    record: session.record,
    recordLocation: session.recordLocation,
    recordedBy: session.recordedBy?.id ?? null,
    recordedAt: session.recordedAt?.toISOString() ?? null,
    actions: await store.listActions(session.id),
    cases: (await store.listDiscussedCases(session.id)).map((c) => ({
      id: c.id,
      reference: c.reference,
    })),
    // The supervisee's answer to the version replaced, kept with it: an amendment asks again.
    signOff: await store.signOffOf(session.id).then(
      (s) =>
        s && {
          outcome: s.outcome,
          comment: s.comment,
          signedAt: s.signedAt?.toISOString() ?? null,
        },
    ),
  };
}

/**
 * Replaces a session's actions: an earlier action the new record repeats
 * exactly (text, owner, due and review dates) is kept, with its id and whether it is
 * done; the others are deleted, and the new ones inserted.
 */
async function replaceActions(
  store: RecordingWriter,
  sessionId: number,
  earlier: readonly StoredAction[],
  wanted: readonly NewAction[],
): Promise<number[]> {
  const unmatched = [...earlier];
  const kept = wanted.map((action) => {
    const at = unmatched.findIndex(
      (e) =>
        e.text === action.text &&
        e.ownerId === action.ownerId &&
        e.dueOn === action.dueOn &&
        e.reviewOn === action.reviewOn,
    );
    return at < 0 ? null : unmatched.splice(at, 1)[0]!.id;
  });
  if (unmatched.length > 0)
    await store.deleteActions(
      sessionId,
      unmatched.map((a) => a.id),
    );
  const inserted = await store.insertActions(
    sessionId,
    wanted.filter((_, i) => kept[i] === null),
  );
  return kept.map((id) => id ?? inserted.shift()!);
}

function defined<V>(fields: Record<string, V | undefined>): Record<string, V> {
  return Object.fromEntries(
    Object.entries(fields).filter(
      (entry): entry is [string, V] =>
        entry[1] !== undefined && !(Array.isArray(entry[1]) && entry[1].length === 0),
    ),
  );
}
