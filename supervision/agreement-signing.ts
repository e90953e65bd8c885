/**
 * The supervision agreement, signed by both people in Teams (issue 16, item
 * 2). Solihull: "completed and signed with all staff, within four weeks of
 * starting a supervisory relationship" and reviewed yearly (000); Lambeth:
 * every staff member has one, reviewed "twice a year" (002). Before, the
 * dates came only from the roster file and the review date was never
 * written.
 *
 * What is due is worked out as "who is overdue?" does (rules' agreementDueOn):
 * the agreement itself while none is signed, then its review. The card goes
 * to both people (supervision/prompts.ts: at the start of the relationship,
 * and ten working days before a review falls due); each presses Sign; when
 * the second signs, the relationship's signed (or reviewed) date is that day,
 * and the overdue item it answered is gone. The card names the deadline it
 * answers: a Sign on a card whose agreement was completed since, or whose
 * dates the roster changed, is told so rather than signing something else.
 */
import {
  CadenceError,
  addWorkingDays,
  agreementDueOn,
  loadShippedPack,
  londonDate,
  type IsoDate,
} from '../rules/index.ts';
import { notFoundOrNotYours } from './not-allowed.ts';
import type {
  AgreementKind,
  AgreementRow,
  AgreementStore,
  Clock,
  InTransaction,
} from './ports/index.ts';

/** Working days before a review falls due that both people are sent the card. */
export const AGREEMENT_NOTICE_WORKING_DAYS = 10;

export interface AgreementDue {
  kind: AgreementKind;
  /** Null where the policy asks for one but gives no time (Lambeth). */
  dueOn: IsoDate | null;
}

/**
 * What is to sign now for a relationship under its policy: the agreement,
 * its update (the agreed frequency changed since it was last signed, due
 * AGREEMENT_NOTICE_WORKING_DAYS after the change: no policy gives a time, so
 * this is Cadence's), its review, or nothing (the policy asks for neither).
 */
export function agreementDue(
  row: Pick<AgreementRow, 'policy' | 'fromOn' | 'signedOn' | 'reviewedOn' | 'changedOn'>,
): AgreementDue | null {
  const pack = loadShippedPack(row.policy);
  const last = (row.reviewedOn ?? row.signedOn ?? undefined) as IsoDate | undefined;
  const dueOn = agreementDueOn(pack, row.fromOn as IsoDate, last) ?? null;
  if (!last) return dueOn || pack.agreement?.required ? { kind: 'agreement', dueOn } : null;
  if (row.changedOn && row.changedOn > last)
    return {
      kind: 'update',
      dueOn: addWorkingDays(row.changedOn as IsoDate, AGREEMENT_NOTICE_WORKING_DAYS),
    };
  return dueOn ? { kind: 'review', dueOn } : null;
}

/** The card answered something no longer due (signed by both since, or the roster changed the dates). */
export class AgreementChangedError extends CadenceError {
  override name = 'AgreementChangedError';
}

export interface SignAgreementRequest {
  superviseeId: number;
  signerUpn: string;
  /** What the card showed: its kind and deadline. */
  kind: AgreementKind;
  dueOn: string | null;
}

export interface SignAgreementResult {
  relationshipId: number;
  /** Both have signed, with this press: the agreement (or review) is complete today. */
  completed: boolean;
  /** This person had signed already: nothing was written. */
  replayed: boolean;
}

/** One person's signature; the second completes the agreement (or its review), in the same transaction. */
export async function signAgreement(
  inTransaction: InTransaction<AgreementStore>,
  clock: Clock,
  request: SignAgreementRequest,
): Promise<SignAgreementResult> {
  const now = clock.now();
  const today = londonDate(now);
  return inTransaction(async (store) => {
    const row = await store.currentAgreement(request.superviseeId);
    const side =
      row?.supervisee.upn.toLowerCase() === request.signerUpn.toLowerCase()
        ? 'supervisee'
        : row?.supervisor.upn.toLowerCase() === request.signerUpn.toLowerCase()
          ? 'supervisor'
          : null;
    if (!row || !side) throw notFoundOrNotYours('supervisee');
    const due = agreementDue(row);
    if (!due || due.kind !== request.kind || due.dueOn !== request.dueOn)
      throw new AgreementChangedError(
        (row.reviewedOn ?? row.signedOn)
          ? `this agreement was signed or reviewed on ${row.reviewedOn ?? row.signedOn} since the card was sent: nothing more to sign now`
          : 'the roster changed this relationship since the card was sent: open the agreement card again',
      );
    const signing = await store.openSigning(row.relationshipId, due.kind, due.dueOn);
    const mine = side === 'supervisor' ? signing.supervisorSignedAt : signing.superviseeSignedAt;
    const theirs = side === 'supervisor' ? signing.superviseeSignedAt : signing.supervisorSignedAt;
    if (mine) return { relationshipId: row.relationshipId, completed: false, replayed: true };
    await store.signSide(signing.id, side, now);
    if (theirs) await store.completeSigning(signing.id, row.relationshipId, due.kind, today);
    await store.audit({
      actor: request.signerUpn,
      action: theirs
        ? `agreement.${{ agreement: 'signed', review: 'reviewed', update: 'updated' }[due.kind]}`
        : 'agreement.signed-by-one',
      entity: 'relationship',
      entityId: row.relationshipId,
      detail: { kind: due.kind, dueOn: due.dueOn, side, ...(theirs && { completedOn: today }) },
    });
    return { relationshipId: row.relationshipId, completed: theirs !== null, replayed: false };
  });
}
