/**
 * Setting and removing cover for an absent supervisor (docs/roster.md#cover).
 * A cover period names who stands in, from and to which London dates (both
 * included). One supervisor has one cover on any day: a period sharing a day
 * with another is refused, so who is prompted for a session is never a guess.
 */
import { InputError, parseIsoDate } from '../rules/index.ts';
import type { CoverPeriod, CoverStore } from './ports/index.ts';

export interface CoverRequest {
  supervisorUpn: string;
  coverUpn: string;
  from: string;
  to: string;
  actor: string;
}

/** Writes one cover period (run inside a transaction); refuses, writing nothing, with every problem found. */
export async function setCover(store: CoverStore, request: CoverRequest): Promise<CoverPeriod> {
  const problems: string[] = [];
  const dates = [request.from, request.to].map((text, i) => {
    try {
      return parseIsoDate(text, i === 0 ? 'the first day of cover' : 'the last day of cover');
    } catch (error) {
      problems.push(error instanceof Error ? error.message : String(error));
      return null;
    }
  });
  const [from, to] = dates;
  if (from && to && to < from)
    problems.push(`the last day of cover (${to}) is before the first (${from})`);
  const supervisor = await store.personByUpn(request.supervisorUpn);
  const cover = await store.personByUpn(request.coverUpn);
  if (!supervisor) problems.push(`no one in Cadence has the UPN '${request.supervisorUpn}'`);
  if (!cover) problems.push(`no one in Cadence has the UPN '${request.coverUpn}' (the cover)`);
  if (supervisor && cover && supervisor.id === cover.id)
    problems.push('a supervisor cannot cover for themselves');
  if (supervisor && from && to && problems.length === 0) {
    const clash = await store.overlapping(supervisor.id, from, to);
    for (const other of clash)
      problems.push(
        `${supervisor.upn} is already covered by ${other.cover.upn} from ${other.fromOn} to ${other.toOn}; remove that cover first (Remove on the cover card in Teams, or cadence cover remove ${other.id})`,
      );
  }
  if (problems.length > 0 || !supervisor || !cover || !from || !to)
    throw new InputError(`cover not set: ${problems.join('; ')}`);
  const period = { supervisor, cover, fromOn: from, toOn: to, setBy: request.actor };
  const id = await store.insert(period);
  await store.audit({
    actor: request.actor,
    action: 'cover-set',
    entity: 'cover',
    entityId: id,
    detail: { supervisorId: supervisor.id, coverId: cover.id, from, to },
  });
  return { id, ...period };
}

export async function removeCover(
  store: CoverStore,
  id: number,
  actor: string,
): Promise<CoverPeriod> {
  const removed = await store.remove(id);
  if (!removed) throw new InputError(`no cover period ${id}; cadence cover list shows them`);
  await store.audit({ actor, action: 'cover-removed', entity: 'cover', entityId: id });
  return removed;
}
