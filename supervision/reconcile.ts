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
 *
 * Each mailbox stands on its own. One Outlook will not let Cadence read
 * (403: outside the Exchange RBAC scope) is reported with what Graph said and
 * tried again only after 1, 2, 4, then every 7 days; one whose delta link
 * expired (410 Gone or `syncStateNotFound`,
 * https://learn.microsoft.com/graph/delta-query-overview#synchronization-reset)
 * starts a new window in the same run; any other failure is reported and
 * tried again next run. The rest are reconciled whatever happened to these.
 *
 * The rule for a round that starts a window (the first, after an expired
 * link, or when booking outgrew the old window): it lists every occurrence
 * in the window, so a booked session it does not list is cancelled — but only
 * a session the window wholly covers (reconcile-window.ts). A session the
 * window does not cover (it started before the window, or ends after it) may
 * simply not have been asked about, and is left as it is.
 */
import {
  addDays,
  fromLondonDateTime,
  londonDate,
  londonDateTime,
  type IsoDate,
} from '../rules/index.ts';
import { NO_AVAILABILITY, toAvailability } from './availability.ts';
import { proposeSlot } from './planner.ts';
import { declined, readResponses, seriesKey, type SeriesToCheck } from './reconcile-declines.ts';
import { newWindow, windowCovers, windowOutgrown, type SyncWindow } from './reconcile-window.ts';
import type {
  CalendarChange,
  CalendarPort,
  ChangesOutcome,
  ChangesRequest,
  Clock,
  MailboxProblem,
  MailboxSync,
  ReconcileStore,
  SyncFailure,
  SyncedSession,
} from './ports/index.ts';

export interface LostSession {
  session: SyncedSession;
  what: 'cancelled' | 'declined' | 'moved-after-due';
  /** A time both are free, on or before the session's latest date; null when there is none. */
  proposal: { start: Date; end: Date } | null;
}

/** A supervisor's calendar that was not reconciled in this run: for administrators. */
export interface UnreconciledMailbox {
  mailbox: string;
  problem: MailboxProblem['kind'];
  detail: string;
  since: Date;
  /** When it will be tried again (null: next run). */
  retryAfter: Date | null;
  /** True when this run did not ask Outlook at all (still backing off). */
  skipped: boolean;
}

export interface ReconcileReport {
  /** Supervisors with sessions to come. */
  mailboxes: number;
  /** Of them, reconciled in this run. */
  reconciled: number;
  /** Mailboxes whose delta link had expired and that started a new window in this run. */
  resynced: number;
  /** Mailboxes that started a new window because booking outgrew the old one. */
  windowsMoved: number;
  moved: number;
  lost: LostSession[];
  unreconciled: UnreconciledMailbox[];
  /** Set when free/busy could not be read to propose replacements. */
  proposalsFailed?: string;
}

/** Back-off for a mailbox Outlook refuses: 1, 2, 4, then every 7 days, an hour early so a daily run at the same time qualifies. */
function retryAfterRefusal(now: Date, attemptsBefore: number): Date {
  const days = Math.min(2 ** attemptsBefore, 7);
  return new Date(now.getTime() + days * 86_400_000 - 3_600_000);
}

interface Round {
  sync: MailboxSync;
  request: ChangesRequest;
  window: SyncWindow;
  /** A round that starts a window: it lists everything in it. */
  fresh: boolean;
}

export async function reconcile(
  deps: { store: ReconcileStore; calendar: CalendarPort; clock: Clock },
  options: { horizonMonths: number },
): Promise<ReconcileReport> {
  const now = deps.clock.now();
  const today = londonDate(now);
  const all = await deps.store.mailboxesToSync(now);
  const report: ReconcileReport = {
    mailboxes: all.length,
    reconciled: 0,
    resynced: 0,
    windowsMoved: 0,
    moved: 0,
    lost: [],
    unreconciled: [],
  };

  const fresh = (sync: MailboxSync): Round => {
    const window = newWindow(now, today, options.horizonMonths, sync.lastEndsAt);
    return {
      sync,
      window,
      fresh: true,
      request: {
        mailbox: sync.mailbox,
        from: londonDateTime(window.from),
        to: londonDateTime(window.to),
      },
    };
  };
  const rounds: Round[] = [];
  for (const sync of all) {
    const { problem } = sync;
    if (problem?.retryAfter && problem.retryAfter > now) {
      report.unreconciled.push({
        mailbox: sync.mailbox,
        problem: problem.kind,
        detail: problem.detail,
        since: problem.since,
        retryAfter: problem.retryAfter,
        skipped: true,
      });
      continue;
    }
    const window =
      sync.windowFrom && sync.windowTo ? { from: sync.windowFrom, to: sync.windowTo } : null;
    if (
      sync.deltaLink &&
      window &&
      !windowOutgrown(window, today, options.horizonMonths, sync.lastEndsAt)
    ) {
      rounds.push({
        sync,
        window,
        fresh: false,
        request: { mailbox: sync.mailbox, deltaLink: sync.deltaLink },
      });
    } else {
      if (sync.deltaLink && window) report.windowsMoved += 1;
      rounds.push(fresh(sync));
    }
  }

  const outcomes = await deps.calendar.changesSince(rounds.map((r) => r.request));
  // An expired link: drop it and start a new window now, for all of them in one go.
  const expired = rounds.flatMap((round, index) =>
    !round.fresh && isFailure(outcomes[index]!, 'expired') ? [index] : [],
  );
  if (expired.length > 0) {
    for (const index of expired) await deps.store.dropDeltaLink(rounds[index]!.sync.mailbox);
    const again = expired.map((index) => fresh(rounds[index]!.sync));
    const retried = await deps.calendar.changesSince(again.map((r) => r.request));
    expired.forEach((index, position) => {
      rounds[index] = again[position]!;
      outcomes[index] = retried[position]!;
    });
    report.resynced = expired.length;
  }

  // Apply each mailbox's cancellations and moves; collect the series whose responses to read.
  const read: {
    round: Round;
    nextDeltaLink: string;
    sessions: { session: SyncedSession; seriesId: string }[];
    series: SeriesToCheck[];
  }[] = [];
  for (const [index, round] of rounds.entries()) {
    const outcome = outcomes[index]!;
    if (!outcome.ok) {
      await unreconciled(
        deps.store,
        report,
        round.sync,
        outcome.failure === 'no-access' ? 'no-access' : 'failed',
        outcome.error,
        now,
      );
      continue;
    }
    const applied = await applyChanges(deps.store, report, round, outcome.value.changes, now);
    read.push({ round, nextDeltaLink: outcome.value.nextDeltaLink, ...applied });
  }

  // Declines, from the series and their occurrences; a mailbox whose series could not be read keeps its old link, so the next run asks again.
  const responses = await readResponses(
    deps.calendar,
    read.flatMap((r) => r.series),
  );
  for (const { round, nextDeltaLink, sessions, series } of read) {
    const failure = series
      .map((s) => responses.get(seriesKey(s.organizer, s.seriesId))!)
      .find((o) => !o.ok);
    if (failure && !failure.ok) {
      await unreconciled(deps.store, report, round.sync, 'failed', failure.error, now);
      continue;
    }
    for (const { session, seriesId } of sessions) {
      // A member declining a group's meeting does not stop it; the organiser cancelling it does (above).
      if (session.groupId !== null) continue;
      const answer = responses.get(seriesKey(round.sync.mailbox, seriesId));
      if (!answer?.ok || !declined(answer.value, session.calendarEventId, session.superviseeUpn))
        continue;
      await deps.store.cancelFromOutlook(session.id, 'declined-in-outlook');
      report.lost.push({ session, what: 'declined', proposal: null });
    }
    await deps.store.saveDeltaLink(round.sync.mailbox, nextDeltaLink, round.window, now);
    report.reconciled += 1;
  }
  // Each one-to-one cancelled or declined: kept, and its supervisor sent a card to rebook it (lost-sessions.ts).
  // The organiser cancels a meeting in Outlook; an attendee can only decline it. A group's meeting is arranged by hand.
  await deps.store.noteLost(
    report.lost.flatMap(({ session, what }) =>
      session.relationshipId !== null && what !== 'moved-after-due'
        ? [
            {
              sessionId: session.id,
              how: what,
              lostByUpn: what === 'cancelled' ? session.supervisorUpn : session.superviseeUpn,
              reason: null,
            },
          ]
        : [],
    ),
    now,
  );
  try {
    await proposeReplacements(deps.calendar, report.lost, today);
  } catch (error) {
    // What was lost is recorded already; without free/busy it is arranged by hand (proposal null), and the report says why.
    report.proposalsFailed = error instanceof Error ? error.message : String(error);
  }
  return report;
}

function isFailure(outcome: ChangesOutcome, failure: SyncFailure): boolean {
  return !outcome.ok && outcome.failure === failure;
}

/** Cancellations and moves from one round; returns the sessions still booked whose series' responses must be read. */
async function applyChanges(
  store: ReconcileStore,
  report: ReconcileReport,
  round: Round,
  changes: CalendarChange[],
  now: Date,
): Promise<{ sessions: { session: SyncedSession; seriesId: string }[]; series: SeriesToCheck[] }> {
  const sessions = await store.bookedSessionsOf(round.sync.mailbox, now);
  const byEvent = new Map(sessions.map((s) => [s.calendarEventId, s]));
  const seen = new Set<string>();
  const gone = new Set<number>();
  const series = new Map<string, SeriesToCheck>();
  const seriesOf = new Map<number, string>();
  for (const change of changes) {
    const session = byEvent.get(change.id);
    if (!session) continue;
    seen.add(change.id);
    if (change.kind === 'removed') {
      await store.cancelFromOutlook(session.id, 'cancelled-in-outlook');
      report.lost.push({ session, what: 'cancelled', proposal: null });
      gone.add(session.id);
      continue;
    }
    const seriesId = session.seriesId ?? change.seriesId;
    // Responses of the occurrences still to come: those before now are history.
    if (seriesId)
      series.set(seriesId, {
        organizer: round.sync.mailbox,
        seriesId,
        window: { from: now, to: round.window.to },
      });
    if (seriesId) seriesOf.set(session.id, seriesId);
    if (change.start.slice(0, 16) !== londonDateTime(session.startsAt).slice(0, 16)) {
      const startsAt = fromLondonDateTime(change.start);
      await store.moveFromOutlook(session.id, startsAt, fromLondonDateTime(change.end));
      report.moved += 1;
      if (session.dueOn && londonDate(startsAt) > session.dueOn)
        report.lost.push({
          session: { ...session, startsAt },
          what: 'moved-after-due',
          proposal: null,
        });
    }
  }
  if (round.fresh) {
    for (const session of sessions) {
      if (seen.has(session.calendarEventId) || !windowCovers(round.window, session)) continue;
      await store.cancelFromOutlook(session.id, 'cancelled-in-outlook');
      report.lost.push({ session, what: 'cancelled', proposal: null });
      gone.add(session.id);
    }
  }
  // Every session still booked in a series being read: a decline of the whole series reaches them all.
  const checked = sessions.flatMap((session) => {
    const seriesId = seriesOf.get(session.id) ?? session.seriesId;
    return !gone.has(session.id) && seriesId && series.has(seriesId) ? [{ session, seriesId }] : [];
  });
  return { sessions: checked, series: [...series.values()] };
}

async function unreconciled(
  store: ReconcileStore,
  report: ReconcileReport,
  sync: MailboxSync,
  kind: MailboxProblem['kind'],
  error: Error,
  now: Date,
): Promise<void> {
  const same = sync.problem?.kind === kind ? sync.problem : null;
  const retryAfter = kind === 'no-access' ? retryAfterRefusal(now, same?.attempts ?? 0) : null;
  const detail = whatGraphSaid(error);
  await store.recordProblem(sync.mailbox, { kind, detail }, now, retryAfter);
  report.unreconciled.push({
    mailbox: sync.mailbox,
    problem: kind,
    detail,
    since: same?.since ?? now,
    retryAfter,
    skipped: false,
  });
}

/**
 * Graph's status and code when the adapter gives them (e.g. `403 ErrorAccessDenied`), else the error's class:
 * short, and never a message, which can carry a URL with a delta token (it goes to the job log and `cadence doctor`).
 */
function whatGraphSaid(error: Error): string {
  const { status, code } = error as Error & { status?: unknown; code?: unknown };
  return typeof status === 'number' && typeof code === 'string' ? `${status} ${code}` : error.name;
}

async function proposeReplacements(
  calendar: CalendarPort,
  lost: LostSession[],
  today: IsoDate,
): Promise<void> {
  // A group's lost meeting needs a time for many people: arranged by hand, not proposed here.
  lost = lost.filter((l) => l.session.groupId === null);
  if (lost.length === 0) return;
  const latestOf = (l: LostSession) =>
    l.session.dueOn && l.session.dueOn > today ? (l.session.dueOn as IsoDate) : addDays(today, 7);
  const last = lost.map(latestOf).sort().at(-1)!;
  const mailboxes = [
    ...new Set(
      lost.flatMap((l) => [
        l.session.supervisorUpn.toLowerCase(),
        l.session.superviseeUpn.toLowerCase(),
      ]),
    ),
  ];
  const [answers] = await calendar.availability([
    { mailboxes, from: `${addDays(today, 1)}T00:00:00`, to: `${last}T23:59:59` },
  ]);
  const byMailbox = new Map(
    (answers ?? []).map((a) => [a.mailbox.toLowerCase(), toAvailability(a)]),
  );
  for (const item of lost) {
    const wanted = londonDateTime(item.session.startsAt);
    const proposal = proposeSlot({
      wanted: {
        date: (wanted.slice(0, 10) > today ? wanted.slice(0, 10) : addDays(today, 1)) as IsoDate,
        time: wanted.slice(11, 16),
      },
      earliest: addDays(today, 1),
      latest: latestOf(item),
      durationMinutes:
        Math.round((item.session.endsAt.getTime() - item.session.startsAt.getTime()) / 60_000) ||
        60,
      supervisor: byMailbox.get(item.session.supervisorUpn.toLowerCase()) ?? NO_AVAILABILITY,
      supervisee: byMailbox.get(item.session.superviseeUpn.toLowerCase()) ?? NO_AVAILABILITY,
    });
    item.proposal = proposal ?? null;
  }
}
