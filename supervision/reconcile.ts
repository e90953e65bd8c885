/**
 * Reconciling Outlook: what people did to booked sessions in their calendars
 * — cancelled, declined or moved one — noticed by a delta query on each
 * supervisor's calendar, with a replacement proposed for each session lost.
 *
 * Delta queries rather than change notifications: notifications need a
 * public HTTPS endpoint that Graph can reach and subscriptions renewed every
 * few days (https://learn.microsoft.com/graph/change-notifications-overview),
 * while a daily delta (https://learn.microsoft.com/graph/delta-query-events)
 * needs nothing but the app's own permissions, fits the daily job, and
 * cannot miss a change while Cadence is down: the deltaLink resumes exactly
 * where the last run stopped.
 */
import { addDays, addMonths, fromLondonDateTime, londonDate, londonDateTime, type IsoDate } from '../rules/index.ts';
import { NO_AVAILABILITY, toAvailability } from './availability.ts';
import type { CalendarPort } from './calendar-port.ts';
import { proposeSlot } from './planner.ts';
import type { Clock } from './ports.ts';

export interface SyncedSession {
  id: number;
  calendarEventId: string;
  relationshipId: number;
  type: string;
  startsAt: Date;
  endsAt: Date;
  dueOn: string | null;
  supervisorUpn: string;
  superviseeUpn: string;
  superviseeName: string;
}

export interface ReconcileStore {
  mailboxesToSync(now: Date): Promise<{ mailbox: string; deltaLink: string | null }[]>;
  bookedSessionsOf(mailbox: string, now: Date): Promise<SyncedSession[]>;
  cancelFromOutlook(sessionId: number, reason: 'cancelled-in-outlook' | 'declined-in-outlook'): Promise<void>;
  moveFromOutlook(sessionId: number, startsAt: Date, endsAt: Date): Promise<void>;
  saveDeltaLink(mailbox: string, deltaLink: string): Promise<void>;
}

export interface LostSession {
  session: SyncedSession;
  what: 'cancelled' | 'declined' | 'moved-after-due';
  /** A time both are free, on or before the session's latest date; null when there is none. */
  proposal: { start: Date; end: Date } | null;
}

export interface ReconcileReport {
  mailboxes: number;
  moved: number;
  lost: LostSession[];
}


export async function reconcile(deps: { store: ReconcileStore; calendar: CalendarPort; clock: Clock }, options: { horizonMonths: number }): Promise<ReconcileReport> {
  const now = deps.clock.now();
  const today = londonDate(now);
  const horizon = addMonths(today, options.horizonMonths + 1);
  const mailboxes = await deps.store.mailboxesToSync(now);
  const deltas = await deps.calendar.changesSince(
    mailboxes.map((m) => (m.deltaLink ? { mailbox: m.mailbox, deltaLink: m.deltaLink } : { mailbox: m.mailbox, from: londonDateTime(now), to: `${horizon}T23:59:59` })),
  );
  const report: ReconcileReport = { mailboxes: mailboxes.length, moved: 0, lost: [] };
  for (const [i, delta] of deltas.entries()) {
    const initial = mailboxes[i]!.deltaLink === null;
    const sessions = await deps.store.bookedSessionsOf(delta.mailbox, now);
    const byEvent = new Map(sessions.map((s) => [s.calendarEventId, s]));
    const seen = new Set<string>();
    for (const change of delta.changes) {
      const session = byEvent.get(change.id);
      if (!session) continue;
      seen.add(change.id);
      if (change.kind === 'removed' || change.isCancelled) {
        await deps.store.cancelFromOutlook(session.id, 'cancelled-in-outlook');
        report.lost.push({ session, what: 'cancelled', proposal: null });
        continue;
      }
      if (change.attendees.some((a) => a.address.toLowerCase() === session.superviseeUpn.toLowerCase() && a.response === 'declined')) {
        await deps.store.cancelFromOutlook(session.id, 'declined-in-outlook');
        report.lost.push({ session, what: 'declined', proposal: null });
        continue;
      }
      if (change.start.slice(0, 16) !== londonDateTime(session.startsAt).slice(0, 16)) {
        const startsAt = fromLondonDateTime(change.start);
        await deps.store.moveFromOutlook(session.id, startsAt, fromLondonDateTime(change.end));
        report.moved += 1;
        if (session.dueOn && londonDate(startsAt) > session.dueOn) report.lost.push({ session: { ...session, startsAt }, what: 'moved-after-due', proposal: null });
      }
    }
    // The first delta lists everything in the window: a booked session missing from it is gone.
    if (initial) {
      for (const session of sessions.filter((s) => !seen.has(s.calendarEventId))) {
        await deps.store.cancelFromOutlook(session.id, 'cancelled-in-outlook');
        report.lost.push({ session, what: 'cancelled', proposal: null });
      }
    }
    await deps.store.saveDeltaLink(delta.mailbox, delta.nextDeltaLink);
  }
  await proposeReplacements(deps.calendar, report.lost, today);
  return report;
}

async function proposeReplacements(calendar: CalendarPort, lost: LostSession[], today: IsoDate): Promise<void> {
  if (lost.length === 0) return;
  const latestOf = (l: LostSession) => (l.session.dueOn && l.session.dueOn > today ? (l.session.dueOn as IsoDate) : addDays(today, 7));
  const last = lost.map(latestOf).sort().at(-1)!;
  const mailboxes = [...new Set(lost.flatMap((l) => [l.session.supervisorUpn.toLowerCase(), l.session.superviseeUpn.toLowerCase()]))];
  const [answers] = await calendar.availability([{ mailboxes, from: `${addDays(today, 1)}T00:00:00`, to: `${last}T23:59:59` }]);
  const byMailbox = new Map((answers ?? []).map((a) => [a.mailbox.toLowerCase(), toAvailability(a)]));
  for (const item of lost) {
    const wanted = londonDateTime(item.session.startsAt);
    const proposal = proposeSlot({
      wanted: { date: (wanted.slice(0, 10) > today ? wanted.slice(0, 10) : addDays(today, 1)) as IsoDate, time: wanted.slice(11, 16) },
      earliest: addDays(today, 1),
      latest: latestOf(item),
      durationMinutes: Math.round((item.session.endsAt.getTime() - item.session.startsAt.getTime()) / 60_000) || 60,
      supervisor: byMailbox.get(item.session.supervisorUpn.toLowerCase()) ?? NO_AVAILABILITY,
      supervisee: byMailbox.get(item.session.superviseeUpn.toLowerCase()) ?? NO_AVAILABILITY,
    });
    item.proposal = proposal ?? null;
  }
}

