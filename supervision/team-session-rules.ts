/**
 * The supervision a member owes through their groups where the policy sets it
 * per team, not per role (Solihull: "Teams should ideally undertake at least
 * one group supervision per calendar month", 000 Group Supervision; a calendar
 * month here). A type that is also one of the role's is judged with the role's
 * types instead (attendance counted there), so it is not repeated here.
 * Overdue (supervision/overdue.ts) and compliance (supervision/compliance.ts)
 * read the same rules, so the two cannot disagree on who owes what.
 */
import { addInterval, type IsoDate } from '../rules/index.ts';
import type { TeamMember } from './ports/index.ts';
import { packOf } from './team.ts';

export interface TeamSessionRule {
  type: string;
  /** When the member's first meeting fell due from: the later of the group's start and their own. */
  start: IsoDate;
  /** The date one interval after `last` (a meeting the member attended), or after `start` when none. */
  dueAfter: (last: IsoDate | undefined) => IsoDate;
}

export function teamSessionRules(member: TeamMember): TeamSessionRule[] {
  if (!member.groups?.length) return [];
  const pack = packOf(member);
  return member.groups.flatMap((group) => {
    const rule = pack.teamSessions.find((t) => t.type === group.type);
    if (!rule || member.types?.includes(group.type)) return [];
    const start = [group.sinceOn, member.startedOn ?? group.sinceOn].sort().at(-1) as IsoDate;
    const interval = { every: rule.every, unit: rule.unit };
    return [{ type: group.type, start, dueAfter: (last) => addInterval(last ?? start, interval) }];
  });
}
