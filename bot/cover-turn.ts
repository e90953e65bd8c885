/**
 * The `cover` card's turns (docs/roster.md#cover): the card, Set cover and
 * Remove. A refused save comes back with its problems and what was chosen;
 * a replayed Set cover (a double click) sets nothing twice.
 */
import { coverCard, formatDate, type CardAction, type CoverView } from '../cards/index.ts';
import { CadenceError } from '../rules/index.ts';
import {
  coverState,
  removeCoverFromTeams,
  setCoverFromTeams,
  type Actor,
  type AssistantDeps,
  type CoverPeriod,
} from '../supervision/index.ts';
import type { TurnResult } from './turns.ts';
import { nonce, person } from './views.ts';

async function view(
  deps: AssistantDeps,
  actor: Actor,
  extra: Partial<Pick<CoverView, 'notice' | 'problems' | 'chosen'>> = {},
): Promise<CoverView> {
  const state = await coverState(deps, actor);
  return {
    supervisors: state.supervisors.map(person),
    candidates: state.candidates.map(person),
    periods: state.periods.map((p) => ({
      id: p.id,
      supervisor: person(p.supervisor),
      cover: person(p.cover),
      fromOn: p.fromOn,
      toOn: p.toOn,
    })),
    problems: [],
    chosen: {},
    ...extra,
    nonce: nonce(),
  };
}

const said = (p: CoverPeriod) =>
  `${p.cover.name} covers for ${p.supervisor.name} from ${formatDate(p.fromOn)} to ${formatDate(p.toOn)}.`;

export async function coverTurn(
  deps: AssistantDeps,
  actor: Actor,
  action?: Extract<CardAction, { verb: 'setCover' | 'removeCover' }>,
): Promise<TurnResult> {
  if (!action) return { card: coverCard(await view(deps, actor)), outcome: 'cover' };
  if (action.verb === 'removeCover') {
    const removed = await removeCoverFromTeams(deps, actor, action.coverId);
    return {
      card: coverCard(
        await view(deps, actor, {
          notice: `Cover removed: ${removed.cover.name} no longer covers for ${removed.supervisor.name}.`,
        }),
      ),
      outcome: 'cover:removed',
    };
  }
  if (!(await deps.store.claimNonce(action.nonce, 'cover', actor.id)))
    return { card: coverCard(await view(deps, actor)), outcome: 'cover:replayed' };
  try {
    const period = await setCoverFromTeams(deps, actor, action);
    return {
      card: coverCard(await view(deps, actor, { notice: said(period) })),
      outcome: 'cover:set',
    };
  } catch (error) {
    if (!(error instanceof CadenceError)) throw error;
    // Refused: nothing was written, so the same card may be saved again once corrected.
    await deps.store.releaseNonce(action.nonce);
    const { supervisorUpn, coverUpn, from, to } = action;
    return {
      card: coverCard(
        await view(deps, actor, {
          problems: [error.message],
          chosen: {
            ...(supervisorUpn && { supervisorUpn }),
            ...(coverUpn && { coverUpn }),
            ...(from && { from }),
            ...(to && { to }),
          },
        }),
      ),
      outcome: 'cover:refused',
    };
  }
}
