/**
 * What a roster file would change: checks across rows (duplicates, unknown
 * supervisors, loops in the management chain) and the difference from what
 * Cadence already holds. Pure: the store supplies a snapshot and applies
 * the plan in one transaction.
 */
import type { BookingMode } from './booking-mode.ts';
import type { Venue } from './venue.ts';
import { FileProblemsError, type LineProblem } from './problems.ts';
import type { RosterEntry } from './roster-file.ts';

export interface StoredSupervision {
  relationshipId: number;
  supervisorUpn: string;
  agreementSignedOn: string | null;
  types: string[];
  agreedPeriods: Record<string, unknown>;
  agreedFrequency: Record<string, unknown>;
  booking: BookingMode;
  venue: Venue;
  separateSessions: boolean;
  alternateUpn: string | null;
  alternateTypes: string[];
  /** Types supervised by someone other than the supervisor, type → UPN. */
  typeSupervisors: Record<string, string>;
}

/** A person as the store holds them (dates as YYYY-MM-DD text). */
export interface StoredPerson {
  id: number;
  upn: string;
  name: string;
  role: string;
  policy: string;
  startedOn: string | null;
  approvedOn: string | null;
  managerUpn: string | null;
  entraObjectId: string | null;
  jobTitle: string | null;
  team: string | null;
  usesTeams: boolean;
  /** The last held session under any supervisor. */
  lastHeldOn: string | null;
  supervision: StoredSupervision | null;
}

/** Everyone Cadence holds, by lower-case UPN. */
export type RosterSnapshot = ReadonlyMap<string, StoredPerson>;

export interface RosterPlan {
  added: RosterEntry[];
  updated: { entry: RosterEntry; fields: string[] }[];
  /**
   * A new supervisor (or a first one), or a new supervisor for a type: the current relationship
   * ends and a new one starts, so the old supervisors' series leave Outlook (relationship-ending.ts).
   */
  supervisorChanged: {
    entry: RosterEntry;
    from: string | null;
    to: string | null;
    /** The type supervisors before and after, where either names any (docs/roster.md#a-supervisor-per-type). */
    typeSupervisors?: { from: Record<string, string>; to: Record<string, string> };
  }[];
  /** Same supervisor, but the types, agreed settings or who books changed: the relationship is updated. */
  termsChanged: { entry: RosterEntry; fields: string[] }[];
  /** A last supervision from before Cadence, later than any session Cadence holds: recorded as held. */
  pastSessions: RosterEntry[];
  /** A signing date for the supervision agreement that Cadence does not hold yet. */
  agreementsSigned: RosterEntry[];
  unchanged: number;
  /** People Cadence holds who are not in this file; left as they are. */
  notInFile: number;
}

/** Checks the file as a whole against itself and the store, and says what would change. */
export function planRoster(
  file: string,
  entries: RosterEntry[],
  rowProblems: LineProblem[],
  held: RosterSnapshot,
): RosterPlan {
  const problems = [...rowProblems, ...crossRowProblems(entries, held)];
  if (problems.length > 0) throw new FileProblemsError(file, problems);

  const plan: RosterPlan = {
    added: [],
    updated: [],
    supervisorChanged: [],
    termsChanged: [],
    pastSessions: [],
    agreementsSigned: [],
    unchanged: 0,
    notInFile: 0,
  };
  for (const entry of entries) {
    const stored = held.get(entry.upn);
    const heldTypeSupervisors = lowerCaseValues(stored?.supervision?.typeSupervisors ?? {});
    const fileTypeSupervisors = entry.typeSupervisors ?? {};
    const typeSupervisorsChanged =
      stored?.supervision !== null &&
      stored?.supervision !== undefined &&
      canonical(heldTypeSupervisors) !== canonical(fileTypeSupervisors);
    const newSupervisor =
      (stored?.supervision?.supervisorUpn ?? null) !== (entry.supervisorUpn ?? null) ||
      typeSupervisorsChanged;
    if (
      entry.supervisorUpn &&
      entry.lastSupervised &&
      (stored?.lastHeldOn ?? '') < entry.lastSupervised
    )
      plan.pastSessions.push(entry);
    // An agreement date belongs to the relationship it was signed in: a new
    // person's first one, or an unchanged one; not a supervisor who starts today.
    const agreementApplies = !stored || (!newSupervisor && stored.supervision !== null);
    if (
      entry.supervisorUpn &&
      entry.agreementSigned &&
      agreementApplies &&
      stored?.supervision?.agreementSignedOn !== entry.agreementSigned
    ) {
      plan.agreementsSigned.push(entry);
    }
    if (!stored) {
      plan.added.push(entry);
      if (entry.supervisorUpn)
        plan.supervisorChanged.push({
          entry,
          from: null,
          to: entry.supervisorUpn,
          ...(entry.typeSupervisors && {
            typeSupervisors: { from: {}, to: entry.typeSupervisors },
          }),
        });
      continue;
    }
    const fields = changedFields(entry, stored);
    if (fields.length > 0) plan.updated.push({ entry, fields });
    const from = stored.supervision?.supervisorUpn ?? null;
    const to = entry.supervisorUpn ?? null;
    const terms = stored.supervision ? changedTerms(entry, stored.supervision) : [];
    const typesChange = typeSupervisorsChanged || Object.keys(fileTypeSupervisors).length > 0;
    if (from !== to || typeSupervisorsChanged)
      plan.supervisorChanged.push({
        entry,
        from,
        to,
        ...(typesChange && {
          typeSupervisors: { from: heldTypeSupervisors, to: fileTypeSupervisors },
        }),
      });
    else if (terms.length > 0) plan.termsChanged.push({ entry, fields: terms });
    const historyChanged =
      plan.pastSessions.at(-1) === entry || plan.agreementsSigned.at(-1) === entry;
    if (
      fields.length === 0 &&
      from === to &&
      !typeSupervisorsChanged &&
      terms.length === 0 &&
      !historyChanged
    )
      plan.unchanged += 1;
  }
  const inFile = new Set(entries.map((entry) => entry.upn));
  plan.notInFile = [...held.keys()].filter((upn) => !inFile.has(upn)).length;
  return plan;
}

export function planIsEmpty(plan: RosterPlan): boolean {
  return (
    plan.added.length +
      plan.updated.length +
      plan.supervisorChanged.length +
      plan.termsChanged.length +
      plan.pastSessions.length +
      plan.agreementsSigned.length ===
    0
  );
}

/** The line manager: the manager column if given, else the supervisor. */
export function managerOf(entry: RosterEntry): string | undefined {
  return entry.managerUpn ?? entry.supervisorUpn;
}

function crossRowProblems(entries: RosterEntry[], held: RosterSnapshot): LineProblem[] {
  const problems: LineProblem[] = [];
  const firstLine = new Map<string, number>();
  const objectIds = new Map<string, number>();
  for (const entry of entries) {
    const seen = firstLine.get(entry.upn);
    if (seen !== undefined)
      problems.push({
        line: entry.line,
        message: `upn '${entry.upn}' already appears on line ${seen}`,
      });
    else firstLine.set(entry.upn, entry.line);
    if (entry.entraObjectId) {
      const other = objectIds.get(entry.entraObjectId);
      if (other !== undefined)
        problems.push({
          line: entry.line,
          message: `entra_object_id ${entry.entraObjectId} already appears on line ${other}`,
        });
      objectIds.set(entry.entraObjectId, entry.line);
      const holder = [...held.values()].find(
        (p) => p.entraObjectId === entry.entraObjectId && p.upn !== entry.upn,
      );
      if (holder)
        problems.push({
          line: entry.line,
          message: `entra_object_id ${entry.entraObjectId} belongs to ${holder.upn} in Cadence`,
        });
    }
  }
  const known = (upn: string) => firstLine.has(upn) || held.has(upn);
  for (const entry of entries) {
    if (entry.supervisorUpn && !known(entry.supervisorUpn)) {
      problems.push({
        line: entry.line,
        message: `supervisor_upn '${entry.supervisorUpn}' is not in this file or in Cadence`,
      });
    }
    if (entry.alternate && !known(entry.alternate.upn)) {
      problems.push({
        line: entry.line,
        message: `alternate_upn '${entry.alternate.upn}' is not in this file or in Cadence`,
      });
    }
    for (const [type, upn] of Object.entries(entry.typeSupervisors ?? {}))
      if (!known(upn))
        problems.push({
          line: entry.line,
          message: `type_supervisors gives '${upn}' for ${type}, who is not in this file or in Cadence`,
        });
    if (entry.managerUpn && !known(entry.managerUpn)) {
      problems.push({
        line: entry.line,
        message: `manager_upn '${entry.managerUpn}' is not in this file or in Cadence`,
      });
    }
  }
  problems.push(...loopsInChain(entries, held));
  return problems;
}

/** Each person whose chain of managers comes back to them, with the loop spelt out. */
function loopsInChain(entries: RosterEntry[], held: RosterSnapshot): LineProblem[] {
  const managers = new Map<string, string | undefined>();
  for (const [upn, person] of held) managers.set(upn, person.managerUpn ?? undefined);
  for (const entry of entries) managers.set(entry.upn, managerOf(entry));
  const problems: LineProblem[] = [];
  for (const entry of entries) {
    const chain = [entry.upn];
    for (let next = managers.get(entry.upn); next !== undefined; next = managers.get(next)) {
      if (next === entry.upn) {
        problems.push({
          line: entry.line,
          message: `the management chain loops: ${[...chain, next].join(' → ')}`,
        });
        break;
      }
      if (chain.includes(next)) break; // a loop above this person; reported on its own members' lines
      chain.push(next);
    }
  }
  return problems;
}

function changedFields(entry: RosterEntry, stored: StoredPerson): string[] {
  const pairs: [string, unknown, unknown][] = [
    ['name', entry.name, stored.name],
    ['role', entry.role, stored.role],
    ['policy', entry.policy, stored.policy],
    ['started', entry.started, stored.startedOn],
    ['approved', entry.approved ?? null, stored.approvedOn],
    ['manager', managerOf(entry) ?? null, stored.managerUpn],
    ['entra_object_id', entry.entraObjectId ?? null, stored.entraObjectId],
    ['job_title', entry.jobTitle ?? null, stored.jobTitle],
    ['team', entry.team ?? null, stored.team],
    ['uses_teams', entry.usesTeams, stored.usesTeams],
  ];
  return pairs.filter(([, fromFile, held]) => fromFile !== held).map(([field]) => field);
}

/** The relationship's terms that differ, named by the roster column that sets them (`types` follow the role). */
function changedTerms(entry: RosterEntry, held: StoredSupervision): string[] {
  const pairs: [string, string, string][] = [
    ['types', JSON.stringify([...entry.types].sort()), JSON.stringify([...held.types].sort())],
    ['agreed_periods', canonical(entry.agreedPeriods), canonical(held.agreedPeriods)],
    ['agreed_every', canonical(entry.agreedFrequency), canonical(held.agreedFrequency)],
    ['booking', entry.booking, held.booking],
    ['venue', entry.venue, held.venue],
    ['separate_sessions', String(entry.separateSessions), String(held.separateSessions)],
    ['alternate_upn', entry.alternate?.upn ?? '', held.alternateUpn?.toLowerCase() ?? ''],
    [
      'alternate_types',
      JSON.stringify([...(entry.alternate?.types ?? [])].sort()),
      JSON.stringify([...(held.alternateTypes ?? [])].sort()),
    ],
  ];
  return pairs.filter(([, fromFile, stored]) => fromFile !== stored).map(([field]) => field);
}

function lowerCaseValues(record: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(record).map(([key, upn]) => [key, upn.toLowerCase()]));
}

/** JSON with keys sorted at every level: jsonb hands keys back in its own order. */
function canonical(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  const record = value as Record<string, unknown>;
  return `{${Object.keys(record)
    .sort()
    .map((key) => `${JSON.stringify(key)}:${canonical(record[key])}`)
    .join(',')}}`;
}
