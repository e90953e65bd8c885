/**
 * The agreement card's state and its Sign (supervision/agreement-signing.ts),
 * for the two people in the relationship and no one else.
 */
import { londonDate } from '../rules/index.ts';
import { frequencyText, type AssistantDeps } from './assistant.ts';
import {
  agreementDue,
  signAgreement,
  type AgreementDue,
  type SignAgreementResult,
} from './agreement-signing.ts';
import { notFoundOrNotYours } from './not-allowed.ts';
import type { Actor, AgreementRow } from './ports/index.ts';

export interface AgreementState {
  row: AgreementRow;
  /** What is to sign now (null: nothing, the policy asks for none). */
  due: AgreementDue | null;
  /** Each type the supervisee is supervised for, with its frequency today. */
  types: { type: string; frequency: string }[];
  viewer: 'supervisor' | 'supervisee';
}

export async function agreementState(
  deps: AssistantDeps,
  actor: Actor,
  superviseeId: number,
): Promise<AgreementState> {
  const row = await deps.agreements((store) => store.currentAgreement(superviseeId));
  const viewer =
    row?.supervisor.id === actor.id
      ? 'supervisor'
      : row?.supervisee.id === actor.id
        ? 'supervisee'
        : null;
  if (!row || !viewer) throw notFoundOrNotYours('supervisee');
  const today = londonDate(deps.clock.now());
  const member = (await deps.team.listSupervisedBy(row.supervisor.id, today)).find(
    (m) => m.id === row.supervisee.id,
  );
  const types = member?.types?.length ? member.types : [];
  return {
    row,
    due: agreementDue(row),
    types: member
      ? types.map((type) => ({ type, frequency: frequencyText(member, today, type) }))
      : [],
    viewer,
  };
}

export async function signAgreementFromTeams(
  deps: AssistantDeps,
  actor: Actor,
  card: { superviseeId: number; kind: 'agreement' | 'review' | 'update'; dueOn: string | null },
): Promise<SignAgreementResult> {
  try {
    return await signAgreement(deps.agreements, deps.clock, { ...card, signerUpn: actor.upn });
  } finally {
    // "Who is overdue?" lists agreements missing or out of date.
    deps.overdueCache?.clear();
  }
}
