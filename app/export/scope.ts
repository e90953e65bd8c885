/**
 * Which part of the organisation an export covers: a manager's whole line of
 * management (the manager too, and everyone below them however deep, as "who
 * is overdue?" reads it), one team, or the whole council.
 */
import { InputError } from '../../rules/index.ts';
import {
  findPersonForExport,
  listLineOfManagement,
  listTeamMembers,
  listTeamNames,
  type Sql,
} from '../../store/index.ts';

export type ExportScope =
  { kind: 'council' } | { kind: 'manager'; upn: string } | { kind: 'team'; team: string };

export interface ResolvedScope {
  /** For people: "Tara Lead's line of management (4 people)". */
  description: string;
  /** For the audit log: what was asked for, by UPN or team name, and how many people it covered. */
  audit: Record<string, string | number>;
  /** Whose supervision is exported; null for everyone. */
  personIds: number[] | null;
}

const TEAMS_NAMED = 20;

export async function resolveScope(sql: Sql, scope: ExportScope): Promise<ResolvedScope> {
  if (scope.kind === 'council')
    return { description: 'the whole council', audit: { kind: 'council' }, personIds: null };
  if (scope.kind === 'manager') {
    const manager = await findPersonForExport(sql, scope.upn);
    if (!manager)
      throw new InputError(
        `export: no one in Cadence has the UPN '${scope.upn}'; check the spelling, or import the roster first. Nothing was written`,
      );
    const ids = await listLineOfManagement(sql, manager.id);
    return {
      description: `${manager.name}'s line of management (${people(ids.length)})`,
      audit: { kind: 'manager', manager: manager.upn, people: ids.length },
      personIds: ids,
    };
  }
  const { team, ids } = await listTeamMembers(sql, scope.team);
  if (team === null) {
    const names = await listTeamNames(sql);
    const listed =
      names.length === 0
        ? 'no one has a team yet'
        : `the teams are ${names.slice(0, TEAMS_NAMED).join(', ')}${names.length > TEAMS_NAMED ? `, and ${names.length - TEAMS_NAMED} more` : ''}`;
    throw new InputError(
      `export: no one in Cadence is in the team '${scope.team}'; ${listed}. Nothing was written`,
    );
  }
  return {
    description: `the team ${team.trim()} (${people(ids.length)})`,
    audit: { kind: 'team', team: team.trim(), people: ids.length },
    personIds: ids,
  };
}

function people(n: number): string {
  return `${n} ${n === 1 ? 'person' : 'people'}`;
}
