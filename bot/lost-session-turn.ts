/**
 * The lost session's card (cards/lost-session.ts): built for the outbox
 * message that told the supervisor, and answered for Another time and Book
 * (supervision/lost-sessions.ts). Booking one session takes a few Outlook
 * calls, well inside Teams' time for an answer.
 */
import { randomUUID } from 'node:crypto';
import { lostSessionCard, type CardAction, type LostSessionView } from '../cards/index.ts';
import { londonDateTime } from '../rules/index.ts';
import {
  keepLostReason,
  lostSessionState,
  rebookLost,
  type Actor,
  type AssistantDeps,
  type LostSessionState,
} from '../supervision/index.ts';
import type { TurnResult } from './turns.ts';
import { person } from './views.ts';

const at = (instant: Date) => {
  const text = londonDateTime(instant);
  return { date: text.slice(0, 10), time: text.slice(11, 16) };
};

export function lostSessionView(
  state: LostSessionState,
  actor: { id: number },
  avoid: readonly Date[] = [],
): LostSessionView {
  const { lost, proposal } = state;
  const lostAt = at(lost.startsAt);
  return {
    sessionId: lost.sessionId,
    supervisee: person(lost.supervisee),
    type: lost.type,
    ...lostAt,
    how: lost.how,
    lostBy: lost.lostBy ? (lost.lostBy.id === actor.id ? 'you' : person(lost.lostBy)) : null,
    reason: lost.reason,
    latest: state.latest,
    proposal: proposal && {
      date: at(proposal.start).date,
      start: at(proposal.start).time,
      end: at(proposal.end).time,
      at: proposal.start.toISOString(),
    },
    ...(state.noProposal && { noProposal: state.noProposal }),
    ...(state.retry && { retry: true }),
    avoid: avoid.map((d) => d.toISOString()),
    replacedBy: lost.replacedBy?.startsAt ? at(lost.replacedBy.startsAt) : null,
    nonce: randomUUID(),
  };
}

export async function lostSessionTurn(
  deps: AssistantDeps,
  actor: Actor,
  action: Extract<CardAction, { verb: 'rebook' | 'rebookPropose' }>,
): Promise<TurnResult> {
  if (action.verb === 'rebookPropose') {
    await keepLostReason(deps, actor, action.sessionId, action.lostReason);
    const avoid = action.avoid.map((s) => new Date(s));
    const state = await lostSessionState(deps, actor, action.sessionId, avoid);
    return {
      card: lostSessionCard(lostSessionView(state, actor, avoid)),
      outcome: `rebook:propose:${state.proposal ? 'found' : 'none'}`,
    };
  }
  const result = await rebookLost(deps, actor, {
    sessionId: action.sessionId,
    start: new Date(action.start),
    reason: action.lostReason,
  });
  const state = await lostSessionState(deps, actor, action.sessionId);
  return {
    card: lostSessionCard(lostSessionView(state, actor)),
    outcome: result.replayed ? 'rebook:replayed' : 'rebook:booked',
  };
}
