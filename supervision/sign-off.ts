/**
 * A supervisee's sign-off of a held session's record: Agree, Add a comment,
 * or Disagree (with a reason). Solihull asks for supervision records "signed
 * and dated by both parties" (000, "Recording One to One and Development
 * Supervision"); Lambeth's recordings are "open and transparent, if there are
 * disagreements or issues that cannot be resolved this can be escalated via
 * the appropriate line management structures" (002, Appendix A). The
 * supervisor's saving the record is their signature; this is the
 * supervisee's.
 *
 * Each version of a record is signed once: the card names the version it
 * showed, and an answer to a version since amended is refused (the card is
 * shown again as the record now stands). Pressing the same answer twice
 * changes nothing. The comment is the supervisee's words: stored with the
 * record, never in an error message or the audit log.
 */
import {
  CadenceError,
  addWorkingDays,
  loadShippedPack,
  londonDate,
  signOffDueOn,
  type IsoDate,
} from '../rules/index.ts';
import { notFoundOrNotYours } from './not-allowed.ts';
import { RecordingInputError } from './recording-input.ts';
import type {
  Clock,
  InTransaction,
  OutboxMessage,
  RecordingWriter,
  SignOff,
  SignOffOutcome,
} from './ports/index.ts';

export const SIGN_OFF_COMMENT_MAX = 2000;

/** Working days a supervisee has to sign off a record where the policy sets no time (no seeded policy does). */
export const DEFAULT_SIGN_OFF_WORKING_DAYS = 5;

/** The last day to sign off a record asked on `requestedOn`: the policy's time, or Cadence's default. */
export function signOffDeadline(
  policy: string,
  requestedOn: IsoDate,
): { dueOn: IsoDate; policySetsIt: boolean } {
  const fromPolicy = signOffDueOn(loadShippedPack(policy), requestedOn);
  return {
    dueOn: fromPolicy ?? addWorkingDays(requestedOn, DEFAULT_SIGN_OFF_WORKING_DAYS),
    policySetsIt: fromPolicy !== undefined,
  };
}

/** The sign-off card for one version of a record, to the supervisee (bot/outbox-cards.ts builds it when sent). */
export function signOffMessage(
  sessionId: number,
  superviseeId: number,
  recordAt: Date,
): OutboxMessage {
  return {
    key: `sign-off:${sessionId}:${recordAt.getTime()}`,
    recipientId: superviseeId,
    kind: 'sign-off',
    payload: { sessionId, version: recordAt.getTime() },
    notBefore: recordAt,
  };
}

export interface SignOffRequest {
  sessionId: number;
  signerUpn: string;
  outcome: SignOffOutcome;
  comment?: string | undefined;
  /** The record's version the card showed (its recordedAt, in milliseconds). */
  version: number;
}

export interface SignOffResult {
  sessionId: number;
  outcome: SignOffOutcome;
  /** The same answer was already given to this version: nothing was written. */
  replayed: boolean;
  supervisorId: number;
  /** Whom a disagreement reaches: the supervisor's manager (null: none recorded). */
  supervisorManagerId: number | null;
  supervisee: { id: number; name: string };
}

/** The record was amended after the card was sent: what was signed is not what is recorded now. */
export class SignOffStaleError extends CadenceError {
  override name = 'SignOffStaleError';
}

/** A sign-off already given to this version, differently: it stands. */
export class AlreadySignedError extends CadenceError {
  override name = 'AlreadySignedError';
}

const OUTCOME_WORDS: Record<SignOffOutcome, string> = {
  agreed: 'agreed',
  commented: 'agreed with a comment',
  disagreed: 'disagreed',
};

/** Signs off the record of `sessionId` as its supervisee, in one transaction with its audit entry. */
export async function signOffRecord(
  inTransaction: InTransaction<RecordingWriter>,
  clock: Clock,
  request: SignOffRequest,
): Promise<SignOffResult> {
  const now = clock.now();
  return inTransaction(async (store) => {
    const [signer] = await store.peopleByUpn([request.signerUpn]);
    const session = signer ? await store.getSessionForRecording(request.sessionId) : null;
    // Only the supervisee signs; anyone else is told what a missing session would tell them.
    if (!signer || !session || signer.id !== session.supervisee.id)
      throw notFoundOrNotYours('session');
    const asked = await store.signOffOf(session.id);
    if (!asked || session.status !== 'held')
      throw new CadenceError(
        `the record of this session is not waiting for your sign-off: sign-off is asked of a held session's record when ${session.supervisor.name} saves it`,
      );
    if (asked.recordAt.getTime() !== request.version)
      throw new SignOffStaleError(
        `${session.supervisor.name} changed this record on ${londonDate(asked.recordAt)}, after the card you answered was sent: read the record as it stands now, then sign it off`,
      );
    // Agree pressed with a comment typed: the comment is kept, not dropped.
    const outcome =
      request.outcome === 'agreed' && (request.comment?.trim() ?? '') !== ''
        ? 'commented'
        : request.outcome;
    const comment = checkComment(outcome, request.comment);
    const result: SignOffResult = {
      sessionId: session.id,
      outcome,
      replayed: false,
      supervisorId: session.supervisor.id,
      supervisorManagerId: session.supervisorManagerId,
      supervisee: { id: session.supervisee.id, name: session.supervisee.name },
    };
    if (asked.outcome !== null) {
      if (asked.outcome === outcome && asked.comment === comment)
        return { ...result, replayed: true };
      throw new AlreadySignedError(answeredAlready(asked, session.supervisor.name));
    }
    await store.answerSignOff(session.id, { outcome, comment, signedAt: now });
    // A comment or a disagreement is the supervisor's to read; a disagreement climbs to their manager (Lambeth, Appendix A).
    const about = { sessionId: session.id, version: request.version };
    await store.enqueue([
      ...(outcome === 'agreed'
        ? []
        : [
            {
              key: `sign-off-answer:${session.id}:${request.version}`,
              recipientId: session.supervisor.id,
              kind: 'sign-off-answer' as const,
              payload: about,
              notBefore: now,
            },
          ]),
      ...(outcome === 'disagreed' && session.supervisorManagerId !== null
        ? [
            {
              key: `sign-off-disagreement:${session.id}:${request.version}`,
              recipientId: session.supervisorManagerId,
              kind: 'sign-off-disagreement' as const,
              payload: about,
              notBefore: now,
            },
          ]
        : []),
    ]);
    await store.audit({
      actor: signer.upn,
      action: 'session.signed-off',
      entity: 'session',
      entityId: session.id,
      detail: {
        outcome,
        recordAt: asked.recordAt.toISOString(),
        supervisor: session.supervisor.id,
        supervisee: session.supervisee.id,
        // Whether a comment was given, never what it says.
        comment: comment !== null,
      },
    });
    return result;
  });
}

function checkComment(outcome: SignOffOutcome, typed: string | undefined): string | null {
  const comment = typed?.trim() ?? '';
  if (outcome === 'agreed') return null;
  const problem =
    comment === ''
      ? outcome === 'disagreed'
        ? 'say what you disagree with, so your supervisor and their manager can act on it'
        : 'write your comment, or press Agree'
      : comment.length > SIGN_OFF_COMMENT_MAX
        ? `is ${comment.length} characters; at most ${SIGN_OFF_COMMENT_MAX}`
        : null;
  if (problem) throw new RecordingInputError([{ path: 'comment', message: problem }]);
  return comment;
}

function answeredAlready(asked: SignOff, supervisorName: string): string {
  const on = asked.signedAt ? ` on ${londonDate(asked.signedAt)}` : '';
  return `you signed this record off${on} (${OUTCOME_WORDS[asked.outcome!]}), and a sign-off stands as given; to change what the record says, ask ${supervisorName} to amend it, which asks you to sign it off again`;
}
