/**
 * Compliance: the share of people supervised within policy over the last 3
 * and 12 months, by team and by role, for everyone below a manager.
 *
 * A person was supervised within policy over a period when at no day in it
 * were they overdue: every held session came on or before the date the one
 * before made it due (the first counted from the last session before the
 * period, or from their start), and the last one's due date has not passed.
 * Every supervision type the person has must pass, including one a group of
 * theirs holds where the policy sets it per team (team-session-rules.ts). Someone with no current
 * supervisor, or whose frequency cannot be worked out, is not within policy.
 *
 * Where Cadence's records of a person begin inside the period (their first
 * known session is the last supervision the roster said they had before
 * Cadence, and it falls inside the period), they are judged from that session
 * and counted as `partial`, so a council that has just started with Cadence
 * sees a fair figure and knows how much of it rests on a short history.
 */
import { CadenceError, addMonths, nextDue, type IsoDate } from '../rules/index.ts';
import { groupBy, packOf, superviseeOf } from './team.ts';
import { teamSessionRules } from './team-session-rules.ts';
import { UnknownManagerError } from './overdue.ts';
import type { TeamMember, TeamReader } from './ports/index.ts';
import { supervisorLoads, type SupervisorLoad } from './supervisor-load.ts';
import { addMeasures, memberMeasures, noMeasures, type Measures } from './compliance-measures.ts';
import { complianceTrend, type TrendPoint } from './compliance-trend.ts';
import { observedTypes } from './observation.ts';

export const COMPLIANCE_PERIODS = [3, 12] as const;

export interface ComplianceRow {
  group: string;
  people: number;
  /** Per period in months: how many were within policy, the share (0–1), and how many were judged on a shorter history. */
  periods: { months: number; within: number; share: number; partial: number }[];
  /** The other shares, done of due (compliance-measures.ts). */
  measures: Measures;
}

export interface ComplianceReport {
  manager: { upn: string; name: string };
  on: IsoDate;
  overall: ComplianceRow;
  byTeam: ComplianceRow[];
  byRole: ComplianceRow[];
  /** Each supervisor's supervisees below the manager, against the policy's ratio (supervisor-load.ts). */
  supervisorLoad: SupervisorLoad[];
  /** Everyone's supervision within policy month by month, the last 12 calendar months (compliance-trend.ts). */
  trend: TrendPoint[];
}

export async function complianceFor(
  reader: TeamReader,
  managerUpn: string,
  on: IsoDate,
  options: { defaultRecordWorkingDays: number; now?: Date },
): Promise<ComplianceReport> {
  const manager = await reader.findPersonByUpn(managerUpn);
  if (!manager)
    throw new UnknownManagerError(
      `no one in Cadence has the UPN '${managerUpn}'; import the roster first, or check the spelling`,
    );
  const members = await reader.listTeamBelow(manager.id);
  const longest = Math.max(...COMPLIANCE_PERIODS);
  const ids = members.map((m) => m.id);
  const since = addMonths(on, -longest);
  // Unrecorded sessions as they stand at the end of the day asked (or now, for today).
  const now = options.now ?? new Date(`${on}T23:59:59Z`);
  const [held, cases, recorded, unrecorded, signOffs, streaks] = await Promise.all([
    reader.listHeldSince(ids, since),
    reader.listOpenCases(ids),
    reader.listRecordedSince(ids, since),
    reader.listUnrecorded(ids, now),
    reader.listSignOffsSince(ids, since),
    reader.listObservationStreaks(ids, observedTypes(members.map((m) => m.policy))),
  ]);
  const heldOf = groupBy(held, (row) => row.personId);
  const casesOf = groupBy(cases, (row) => row.workerId);
  const recordedOf = groupBy(recorded, (row) => row.personId);
  const unrecordedOf = groupBy(unrecorded, (row) => row.personId);
  const signOffsOf = groupBy(signOffs, (row) => row.personId);
  const streaksOf = groupBy(streaks, (row) => row.personId);
  const verdicts = members.map((member) => ({
    member,
    measures: memberMeasures(
      member,
      {
        cases: casesOf.get(member.id) ?? [],
        recorded: recordedOf.get(member.id) ?? [],
        unrecorded: unrecordedOf.get(member.id) ?? [],
        signOffs: signOffsOf.get(member.id) ?? [],
        streaks: streaksOf.get(member.id) ?? [],
      },
      on,
      options,
    ),
    within: COMPLIANCE_PERIODS.map((months) =>
      withinPolicy(
        member,
        (heldOf.get(member.id) ?? []).map((h) => ({
          type: h.type,
          heldOn: h.heldOn as IsoDate,
          imported: h.imported,
        })),
        addMonths(on, -months),
        on,
      ),
    ),
  }));
  const row = (group: string, rows: typeof verdicts): ComplianceRow => ({
    group,
    people: rows.length,
    periods: COMPLIANCE_PERIODS.map((months, i) => {
      const within = rows.filter((r) => r.within[i]!.within).length;
      const partial = rows.filter((r) => r.within[i]!.partial).length;
      return { months, within, share: rows.length === 0 ? 0 : within / rows.length, partial };
    }),
    measures: rows.reduce((sum, r) => addMeasures(sum, r.measures), noMeasures()),
  });
  const grouped = (key: (m: TeamMember) => string) =>
    [...groupBy(verdicts, (v) => key(v.member))]
      .map(([group, rows]) => row(group, rows))
      .sort((a, b) => a.group.localeCompare(b.group));
  return {
    manager: { upn: manager.upn, name: manager.name },
    on,
    overall: row('everyone', verdicts),
    byTeam: grouped((m) => m.team ?? '(no team)'),
    byRole: grouped((m) => m.role),
    supervisorLoad: supervisorLoads(members),
    trend: complianceTrend(
      members,
      new Map(
        [...heldOf].map(([id, rows]) => [
          id,
          rows.map((h) => ({ type: h.type, heldOn: h.heldOn as IsoDate, imported: h.imported })),
        ]),
      ),
      on,
    ),
  };
}

/**
 * Whether `member` was never overdue from `from` to `on`, given their held
 * sessions, and whether that was judged on a shorter history (see above).
 * The types they owe through their groups where the policy sets them per team
 * (supervision/team-session-rules.ts) must pass too, judged from the meetings
 * they attended.
 */
export function withinPolicy(
  member: TeamMember,
  held: { type: string; heldOn: IsoDate; imported?: boolean }[],
  from: IsoDate,
  on: IsoDate,
): { within: boolean; partial: boolean } {
  if (!member.types || !member.supervisorUpn || !member.startedOn)
    return { within: false, partial: false };
  const pack = packOf(member);
  const person = superviseeOf(member);
  let partial = false;
  const chainHolds = (type: string, dueAfter: (last: IsoDate | undefined) => IsoDate) => {
    const sessions = held
      .filter((h) => h.type === type && h.heldOn <= on)
      .sort((a, b) => a.heldOn.localeCompare(b.heldOn));
    const dates = sessions.map((h) => h.heldOn);
    let last = dates.filter((d) => d <= from).at(-1);
    if (last === undefined && sessions[0]?.imported) {
      partial = true;
      last = sessions[0].heldOn;
    }
    try {
      let due = dueAfter(last);
      for (const date of dates.filter((d) => d > (last ?? from))) {
        if (date > due) return false;
        last = date;
        due = dueAfter(last);
      }
      return due >= on;
    } catch (error) {
      if (error instanceof CadenceError) return false;
      throw error;
    }
  };
  const within =
    member.types.every((type) => chainHolds(type, (last) => nextDue(pack, person, last, type))) &&
    teamSessionRules(member).every((rule) => chainHolds(rule.type, rule.dueAfter));
  return { within, partial };
}
