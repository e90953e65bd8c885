/** The agreement card (cards/agreement.ts): built for the outbox message, and answered for Sign. */
import { agreementCard, type AgreementView, type CardAction } from '../cards/index.ts';
import { londonDateTime } from '../rules/index.ts';
import {
  AgreementChangedError,
  agreementState,
  signAgreementFromTeams,
  type Actor,
  type AgreementState,
  type AssistantDeps,
} from '../supervision/index.ts';
import type { TurnResult } from './turns.ts';
import { person } from './views.ts';

const when = (at: Date | null) => (at ? londonDateTime(at).slice(0, 16).replace('T', ' ') : null);

/**
 * The card for `state`; `asked` is what the card was sent (or pressed) about:
 * when that is no longer what is due, it was completed since (or the roster
 * changed the dates), and the card says so.
 */
export function agreementView(
  state: AgreementState,
  asked?: { kind: 'agreement' | 'review' | 'update'; dueOn: string | null },
): AgreementView {
  const { row, due } = state;
  const open =
    row.open && due && row.open.kind === due.kind && row.open.dueOn === due.dueOn ? row.open : null;
  const last = row.reviewedOn ?? row.signedOn;
  const moved = asked && (!due || asked.kind !== due.kind || asked.dueOn !== due.dueOn);
  return {
    superviseeId: row.supervisee.id,
    supervisor: person(row.supervisor),
    supervisee: person(row.supervisee),
    kind: due?.kind ?? null,
    dueOn: due?.dueOn ?? null,
    ...(due?.kind === 'update' && { changedOn: row.changedOn ?? null }),
    types: state.types,
    venue: row.venue,
    fromOn: row.fromOn,
    lastSignedOn: last,
    signed: {
      supervisor: when(open?.supervisorSignedAt ?? null),
      supervisee: when(open?.superviseeSignedAt ?? null),
    },
    viewer: state.viewer,
    ...(moved && last ? { done: { on: last, nextDueOn: due?.dueOn ?? null } } : {}),
  };
}

export async function agreementTurn(
  deps: AssistantDeps,
  actor: Actor,
  action: Extract<CardAction, { verb: 'signAgreement' }>,
): Promise<TurnResult> {
  const asked = { kind: action.kind, dueOn: action.dueOn ?? null };
  try {
    const result = await signAgreementFromTeams(deps, actor, {
      superviseeId: action.superviseeId,
      ...asked,
    });
    return {
      card: agreementCard(
        agreementView(await agreementState(deps, actor, action.superviseeId), asked),
      ),
      outcome: result.replayed
        ? 'agreement:replayed'
        : result.completed
          ? 'agreement:completed'
          : 'agreement:signed',
    };
  } catch (error) {
    if (!(error instanceof AgreementChangedError)) throw error;
    const view = agreementView(await agreementState(deps, actor, action.superviseeId), asked);
    return {
      card: agreementCard({ ...view, problem: error.message }),
      outcome: 'agreement:changed',
    };
  }
}
