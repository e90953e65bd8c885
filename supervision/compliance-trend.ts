/**
 * The monthly trend of supervision within policy (issue 16, item 7): for each
 * of the last 12 calendar months (the current one up to the day asked), the
 * share of people never overdue in it — the same judgement as the 3- and
 * 12-month figures (compliance.ts `withinPolicy`), month by month.
 *
 * Each person's sessions are walked once: every gap between a due date and
 * the session that came after it (or the day asked, if none has) is a span
 * of days overdue; a month is within policy when no span reaches into it. A
 * session held on a month's first day closes a span before that month, as
 * `withinPolicy` judges a period from its first day. People are today's team
 * below the manager, judged over each month (someone who joined since counts
 * from their start, as their frequency does).
 */
import { CadenceError, addDays, addMonths, nextDue, type IsoDate } from '../rules/index.ts';
import { packOf, superviseeOf } from './team.ts';
import { teamSessionRules } from './team-session-rules.ts';
import type { TeamMember } from './ports/index.ts';

export const TREND_MONTHS = 12;
const EARLIEST = '0000-01-01' as IsoDate;
const LATEST = '9999-12-31' as IsoDate;

export interface TrendPoint {
  /** `2026-11`. */
  month: string;
  people: number;
  within: number;
  share: number;
}

interface Span {
  /** The first day overdue. */
  from: IsoDate;
  /** The day it ended (the late session's day), or the day asked. */
  to: IsoDate;
}

/**
 * The days `member` was overdue between `from` and `on` (and those they
 * cannot be judged on), or null when they cannot be within policy at all (no
 * supervisor, no start).
 */
export function overdueSpans(
  member: TeamMember,
  held: readonly { type: string; heldOn: IsoDate; imported?: boolean }[],
  from: IsoDate,
  on: IsoDate,
): Span[] | null {
  if (!member.types || !member.supervisorUpn || !member.startedOn) return null;
  const pack = packOf(member);
  const person = superviseeOf(member);
  const spans: Span[] = [];
  // A due date the rules cannot give (a phase with no frequency) leaves the person unjudgeable from
  // that session until the next: a period that would be judged from it is not within policy.
  const due = (dueAfter: (last: IsoDate | undefined) => IsoDate, last: IsoDate | undefined) => {
    try {
      return dueAfter(last);
    } catch (error) {
      if (error instanceof CadenceError) return null;
      throw error;
    }
  };
  const walk = (type: string, dueAfter: (last: IsoDate | undefined) => IsoDate) => {
    const sessions = held
      .filter((h) => h.type === type && h.heldOn <= on)
      .sort((a, b) => a.heldOn.localeCompare(b.heldOn));
    const dates = sessions.map((h) => h.heldOn);
    let last = dates.filter((d) => d <= from).at(-1);
    // Cadence's records begin at the roster's last supervision: judged from there (compliance.ts).
    if (last === undefined && sessions[0]?.imported) last = sessions[0].heldOn;
    let next = due(dueAfter, last);
    for (const date of dates.filter((d) => d > (last ?? from))) {
      if (next === null) spans.push({ from: last ?? EARLIEST, to: date });
      else if (date > next) spans.push({ from: addDays(next, 1), to: date });
      last = date;
      next = due(dueAfter, last);
    }
    if (next === null) spans.push({ from: last ?? EARLIEST, to: LATEST });
    else if (next < on) spans.push({ from: addDays(next, 1), to: on });
  };
  for (const type of member.types) walk(type, (last) => nextDue(pack, person, last, type));
  for (const rule of teamSessionRules(member)) walk(rule.type, rule.dueAfter);
  return spans;
}

/** The months of the trend, oldest first: each from its first day to its last, the current one to `on`. */
export function trendMonths(on: IsoDate): { month: string; from: IsoDate; to: IsoDate }[] {
  const first = `${on.slice(0, 7)}-01` as IsoDate;
  return Array.from({ length: TREND_MONTHS }, (_, i) => {
    const start = addMonths(first, i - (TREND_MONTHS - 1));
    const end = addDays(addMonths(start, 1), -1);
    return { month: start.slice(0, 7), from: start, to: end < on ? end : on };
  });
}

/** Whether no overdue span reaches into (from, to]: the judgement of `withinPolicy` over that period. */
export function withinSpans(spans: readonly Span[] | null, from: IsoDate, to: IsoDate): boolean {
  return spans !== null && spans.every((s) => s.from > to || s.to <= from);
}

export function complianceTrend(
  members: readonly TeamMember[],
  heldOf: ReadonlyMap<number, readonly { type: string; heldOn: IsoDate; imported?: boolean }[]>,
  on: IsoDate,
): TrendPoint[] {
  const months = trendMonths(on);
  const start = months[0]!.from;
  const spans = members.map((m) => overdueSpans(m, heldOf.get(m.id) ?? [], start, on));
  return months.map(({ month, from, to }) => {
    const within = spans.filter((s) => withinSpans(s, from, to)).length;
    return {
      month,
      people: members.length,
      within,
      share: members.length === 0 ? 0 : within / members.length,
    };
  });
}
