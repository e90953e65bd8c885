/**
 * Supervisor load: how many people each supervisor supervises, against the
 * policy's ratio where it gives one (Lambeth 3.2: "the recommended maximum
 * ratio is 1 Supervisor to 6 – 8 Supervisees"). It is shown, never enforced:
 * Lambeth makes it "a general guide" for the line manager to review, and
 * "all supervisees are entitled to 1:1 supervision".
 */
import { describeRatio, type SupervisorLoadRule } from '../rules/index.ts';
import type { TeamMember } from './ports/index.ts';
import { groupBy, packOf } from './team.ts';

export interface SupervisorLoad {
  supervisor: { upn: string; name: string };
  /** Everyone they supervise now, whatever their role. */
  supervisees: number;
  /** The policy's ratio, when it applies to this supervisor (they supervise one of its roles). */
  ratio?: {
    from?: number;
    atMost: number;
    /** Where it comes from, e.g. "Lambeth, 3.2 Supervisor / Supervisee Ratios". */
    source: string;
  };
  /** More supervisees than the top of the ratio. */
  over: boolean;
}

type Supervisee = Pick<TeamMember, 'role' | 'policy'>;

/** The ratio that applies to a supervisor of these people: the lowest top among their policies' ratios that name a role of theirs. */
function ratioFor(supervisees: readonly Supervisee[]): SupervisorLoad['ratio'] {
  let chosen: { rule: SupervisorLoadRule; council: string } | undefined;
  for (const policy of new Set(supervisees.map((s) => s.policy))) {
    const pack = packOf({ policy });
    const rule = pack.supervisorLoad;
    if (!rule) continue;
    const applies = supervisees.some((s) => s.policy === policy && rule.roles.includes(s.role));
    if (applies && (!chosen || rule.atMost < chosen.rule.atMost))
      chosen = { rule, council: pack.council };
  }
  if (!chosen) return undefined;
  const { rule, council } = chosen;
  return {
    ...(rule.from === undefined ? {} : { from: rule.from }),
    atMost: rule.atMost,
    source: `${council}, ${rule.source.section}`,
  };
}

/** One supervisor's load, from everyone they supervise now. */
export function loadOf(
  supervisor: { upn: string; name: string },
  supervisees: readonly Supervisee[],
): SupervisorLoad {
  const ratio = ratioFor(supervisees);
  return {
    supervisor,
    supervisees: supervisees.length,
    ...(ratio ? { ratio } : {}),
    over: ratio !== undefined && supervisees.length > ratio.atMost,
  };
}

/**
 * The load of every supervisor of these people (a manager's team): those
 * over their ratio first, then the busiest. A supervisor is counted with the
 * supervisees among `members` only.
 */
export function supervisorLoads(members: readonly TeamMember[]): SupervisorLoad[] {
  const supervised = members.filter((m) => m.supervisorUpn !== null);
  const bySupervisor = groupBy(supervised, (m) => m.supervisorUpn!.toLowerCase());
  return [...bySupervisor.values()]
    .map((rows) =>
      loadOf(
        { upn: rows[0]!.supervisorUpn!, name: rows[0]!.supervisorName ?? rows[0]!.supervisorUpn! },
        rows,
      ),
    )
    .sort(
      (a, b) =>
        Number(b.over) - Number(a.over) ||
        b.supervisees - a.supervisees ||
        a.supervisor.name.localeCompare(b.supervisor.name),
    );
}

/** "9 supervisees, over the 6–8 of Lambeth, 3.2 …" — the load in words, for the CLI and the cards. */
export function describeLoad(load: SupervisorLoad): string {
  const people = `${load.supervisees} ${load.supervisees === 1 ? 'supervisee' : 'supervisees'}`;
  if (!load.ratio) return people;
  return `${people}: ${load.over ? 'over' : 'within'} the recommended maximum of ${describeRatio(load.ratio)} (${load.ratio.source})`;
}
