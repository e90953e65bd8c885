/**
 * Cover set by a manager in Teams (docs/roster.md#cover): the `cover` card
 * lists the cover now and to come for the supervisors below them, and sets
 * or removes a period as `cadence cover` does (supervision/cover.ts, the same
 * checks and audit). A manager acts only for supervisors below them in the
 * management chain, and for themselves; the cover is someone below them, or
 * themselves. Anything else a tampered card names gets the one refusal that
 * names no one (not-allowed.ts).
 */
import { londonDate } from '../rules/index.ts';
import type { AssistantDeps } from './assistant.ts';
import { removeCover, setCover } from './cover.ts';
import { NotAllowedError } from './not-allowed.ts';
import type { Actor, CoverPeriod, PersonRef } from './ports/index.ts';

export interface CoverState {
  /** Supervisors the actor may set cover for: those below them who supervise, and themselves when they do. */
  supervisors: PersonRef[];
  /** Who may cover: everyone below them, and themselves. */
  candidates: PersonRef[];
  /** Cover now and to come for those supervisors, soonest first. */
  periods: CoverPeriod[];
}

const byName = (a: PersonRef, b: PersonRef) => a.name.localeCompare(b.name);

export async function coverState(deps: AssistantDeps, actor: Actor): Promise<CoverState> {
  const below = await deps.team.listTeamBelow(actor.id);
  const supervising = new Set(below.map((m) => m.supervisorUpn?.toLowerCase()));
  const self: PersonRef = { id: actor.id, upn: actor.upn, name: actor.name };
  const supervisors = [
    ...(actor.supervises > 0 ? [self] : []),
    ...below
      .filter((m) => supervising.has(m.upn.toLowerCase()))
      .map((m) => ({ id: m.id, upn: m.upn, name: m.name }))
      .sort(byName),
  ];
  const candidates = [
    self,
    ...below.map((m) => ({ id: m.id, upn: m.upn, name: m.name })).sort(byName),
  ];
  const ids = new Set(supervisors.map((s) => s.id));
  const periods = (await deps.cover((store) => store.list(londonDate(deps.clock.now())))).filter(
    (p) => ids.has(p.supervisor.id),
  );
  return { supervisors, candidates, periods };
}

const NOT_THEIRS =
  'Cadence can set cover only for supervisors below you in the management chain, with someone below you (or you) covering. Ask for a fresh card with "cover".';

/** Sets cover from the card's inputs; refused, writing nothing, with what was wrong. */
export async function setCoverFromTeams(
  deps: AssistantDeps,
  actor: Actor,
  inputs: {
    supervisorUpn?: string | undefined;
    coverUpn?: string | undefined;
    from?: string | undefined;
    to?: string | undefined;
  },
): Promise<CoverPeriod> {
  const state = await coverState(deps, actor);
  const has = (list: PersonRef[], upn: string | undefined) =>
    !!upn && list.some((p) => p.upn.toLowerCase() === upn.toLowerCase());
  if (!inputs.supervisorUpn || !inputs.coverUpn)
    throw new NotAllowedError('Choose the supervisor who is away and who covers for them.');
  if (!has(state.supervisors, inputs.supervisorUpn) || !has(state.candidates, inputs.coverUpn))
    throw new NotAllowedError(NOT_THEIRS);
  return deps.cover((store) =>
    setCover(store, {
      supervisorUpn: inputs.supervisorUpn!,
      coverUpn: inputs.coverUpn!,
      from: inputs.from ?? '',
      to: inputs.to ?? '',
      actor: actor.upn,
    }),
  );
}

/** Removes one of the periods the card listed. */
export async function removeCoverFromTeams(
  deps: AssistantDeps,
  actor: Actor,
  id: number,
): Promise<CoverPeriod> {
  const state = await coverState(deps, actor);
  if (!state.periods.some((p) => p.id === id)) throw new NotAllowedError(NOT_THEIRS);
  return deps.cover((store) => removeCover(store, id, actor.upn));
}
