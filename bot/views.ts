/**
 * From the domain's answers to the cards' views: dates and times in
 * Europe/London, people by name and UPN, children by case reference only.
 */
import { randomUUID } from 'node:crypto';
import { londonDate, londonDateTime } from '../rules/index.ts';
import {
  describeLoad,
  type BookingReport,
  type OverdueItem,
  type PlannedSeries,
  type SessionRow,
  type SupervisorLoad,
} from '../supervision/index.ts';
import type {
  OverdueKind,
  BookedView,
  PersonView,
  SeriesView,
  SessionView,
  SupervisorLoadView,
} from '../cards/index.ts';

export const person = (p: { upn: string; name: string }): PersonView => ({
  upn: p.upn,
  name: p.name,
});

export const loadView = (load: SupervisorLoad): SupervisorLoadView => ({
  supervisor: person(load.supervisor),
  text: describeLoad(load),
  hasRatio: load.ratio !== undefined,
  over: load.over,
});

export const nonce = (): string => randomUUID();

export function sessionView(s: SessionRow, recordDueOn?: string | null): SessionView {
  const start = s.startsAt ? londonDateTime(s.startsAt) : '';
  const minutes =
    s.startsAt && s.endsAt ? Math.round((s.endsAt.getTime() - s.startsAt.getTime()) / 60_000) : 0;
  // The types the meeting was booked for, those its record says it did not cover included.
  const alsoTypes = [...s.alsoTypes, ...s.notCovered];
  return {
    sessionId: s.sessionId,
    type: s.type,
    ...(alsoTypes.length > 0 && { alsoTypes }),
    date: s.startsAt ? londonDate(s.startsAt) : '',
    time: start.slice(11, 16),
    durationMinutes: minutes,
    supervisor: person(s.supervisor),
    supervisee: person(s.supervisee),
    status: s.status,
    ...(recordDueOn ? { recordDueOn } : {}),
  };
}

/** A booked session as the booked card lists it. */
export function bookedSessionView(s: SessionRow): BookedView['sessions'][number] {
  const { date, time, durationMinutes, type, alsoTypes } = sessionView(s);
  return { date, time, durationMinutes, type, ...(alsoTypes && { alsoTypes }) };
}

export function seriesViews(report: BookingReport): SeriesView[] {
  return report.planned.flatMap((p) => p.series.map((s) => seriesViewOf(s, p.alsoTypes)));
}

/** One planned series as a proposal card shows it (a one-to-one's or a group's). */
export function seriesViewOf(s: PlannedSeries, alsoTypes: readonly string[] = []): SeriesView {
  return {
    type: s.type,
    ...(alsoTypes.length > 0 && { alsoTypes: [...alsoTypes] }),
    everyWeeks: s.everyWeeks,
    weekday: s.weekday,
    time: s.time,
    durationMinutes: s.durationMinutes,
    firstDate: s.firstDate,
    lastDate: s.lastDate,
    occurrences: s.occurrences.map((o) => ({
      date: o.date,
      time: londonDateTime(o.start).slice(11, 16),
      latest: o.latest,
      ...(o.moved ? { moved: { reason: o.moved, from: o.regular.date } } : {}),
    })),
    unplaceable: s.unplaceable.map((u) => ({ regularDate: u.regularDate, latest: u.latest })),
  };
}

/** Overdue items grouped by kind (the worst group first), worst first within each. */
export const KIND_ORDER: OverdueKind[] = [
  'supervision-overdue',
  'unrecorded',
  'awaiting-sign-off',
  'observation-due',
  'not-booked',
  'case-not-discussed',
  'agreement-missing',
  'agreement-review-overdue',
  'no-supervisor',
  'setting-missing',
];

export function sortOverdue(items: readonly OverdueItem[]): OverdueItem[] {
  return [...items].sort(
    (a, b) =>
      KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) ||
      b.daysOverdue - a.daysOverdue ||
      a.name.localeCompare(b.name),
  );
}
