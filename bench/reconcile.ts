/**
 * A daily reconcile of 1,000 supervisors' calendars with a tenth of their
 * delta links expired, against the Graph emulator with 100 ms latency per
 * HTTP round trip and Outlook's 4 requests a mailbox enforced (as
 * booking.ts). 1,000 supervisors each book one supervisee (Solihull policy,
 * 3 months) through `book()`; a first reconcile sets every mailbox's link;
 * then people act in Outlook (20 occurrences cancelled, 20 moved, elsewhere)
 * and Outlook expires 100 mailboxes' delta state; the measured run is the
 * next day's `reconcile()` through the real client and adapter.
 *
 * What it costs, at least: one delta call per mailbox, a second for each
 * expired one (a new window), and two reads per series whose occurrences
 * changed (the series' attendees and its instances': the delta gives no
 * attendees) — 20 requests to a `$batch`, 4 to a mailbox.
 */
import { fixedClock } from '../app/clock.ts';
import { createCalendarAdapter, createGraphClient } from '../graph/index.ts';
import { emulatorConnection, startGraphEmulator } from '../graph/emulator/index.ts';
import { addDays, fromLondonDateTime, parseIsoDate } from '../rules/index.ts';
import { bookingStore, migrate, openPglite, reconcileStore, rosterWriter } from '../store/index.ts';
import { book, importRoster, reconcile } from '../supervision/index.ts';
import type { Figures } from './due-dates.ts';

const MAILBOXES = 1000;
const EXPIRED_EVERY = 10;
const LATENCY_MS = 100;
const TODAY = parseIsoDate('2026-11-23');
const HEADER = 'upn,name,role,policy,started,supervisor_upn,last_supervised';
const n = (value: number, digits = 0) =>
  value.toLocaleString('en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits });

export async function benchReconcile(): Promise<Figures[]> {
  const lead = (i: number) => `lead${i}@reconcile.example`;
  const worker = (i: number) => `worker${i}@reconcile.example`;
  const rows = [HEADER];
  const users = [];
  for (let i = 0; i < MAILBOXES; i += 1) {
    rows.push(
      `${lead(i)},Lead ${i},team-manager,solihull,2018-01-01,,`,
      `${worker(i)},Worker ${i},social-worker,solihull,2020-01-01,${lead(i)},${addDays(TODAY, -(3 + (i % 25)))}`,
    );
    users.push(
      { displayName: `Lead ${i}`, userPrincipalName: lead(i), jobTitle: 'Team Manager' },
      {
        displayName: `Worker ${i}`,
        userPrincipalName: worker(i),
        jobTitle: 'Social Worker',
        manager: lead(i),
      },
    );
  }
  const emulator = await startGraphEmulator({ latencyMs: LATENCY_MS, mailboxConcurrency: 4 });
  emulator.seed(users);
  const db = await openPglite();
  try {
    await migrate(db);
    await importRoster((work) => db.transaction((tx) => work(rosterWriter(tx))), {
      text: rows.join('\n'),
      file: 'bench.csv',
      actor: 'bench',
      today: TODAY,
      dryRun: false,
    });
    const calendar = createCalendarAdapter(
      createGraphClient({ ...emulatorConnection(emulator), retry: { delaySeconds: 1 } }),
    );
    const day = (offset: number) =>
      fixedClock(fromLondonDateTime(`${addDays(TODAY, offset)}T06:30:00`));
    const booked = await book(
      { store: bookingStore(db), calendar, clock: day(0) },
      { all: true },
      { dryRun: false, horizonMonths: 3, durationMinutes: 60 },
    );
    emulator.resetLog();
    const baselineStarted = performance.now();
    const baseline = await reconcile(
      { store: reconcileStore(db), calendar, clock: day(1) },
      { horizonMonths: 3 },
    );
    const baselineMs = performance.now() - baselineStarted;
    const baselineCounts = { ...emulator.counters };

    // People act in Outlook, in mailboxes whose links stay good; Outlook drops a tenth of the links.
    const upcoming = await db.query<{ upn: string; event: string }>(
      `SELECT DISTINCT ON (sup.upn) lower(sup.upn) AS upn, s.calendar_event_id AS event
         FROM sessions s JOIN relationships r ON r.id = s.relationship_id JOIN people sup ON sup.id = r.supervisor_id
        WHERE s.status = 'booked' AND s.starts_at > $1 ORDER BY sup.upn, s.starts_at`,
      [fromLondonDateTime(`${addDays(TODAY, 10)}T00:00:00`)],
    );
    const kept = upcoming.filter((_, i) => i % EXPIRED_EVERY !== 0);
    for (const { upn, event } of kept.slice(0, 20)) emulator.cancelOccurrence(upn, event);
    for (const { upn, event } of kept.slice(20, 40)) {
      const start = emulator.state.store.find(emulator.state.directory.require(upn).id, event);
      const instance = emulator.state.store.instanceAt(start.event, start.originalDate!);
      const at = new Date(instance.startMs + 4 * 3_600_000).toISOString().slice(0, 19);
      const until = new Date(instance.endMs + 4 * 3_600_000).toISOString().slice(0, 19);
      emulator.moveOccurrence(
        upn,
        event,
        { dateTime: at, timeZone: 'UTC' },
        { dateTime: until, timeZone: 'UTC' },
      );
    }
    let expired = 0;
    for (let i = 0; i < MAILBOXES; i += EXPIRED_EVERY)
      expired += emulator.expireDeltaTokens(lead(i)) > 0 ? 1 : 0;

    const client = createGraphClient({
      ...emulatorConnection(emulator),
      retry: { delaySeconds: 1 },
    });
    const measured = createCalendarAdapter(client);
    emulator.resetLog();
    const started = performance.now();
    const report = await reconcile(
      { store: reconcileStore(db), calendar: measured, clock: day(2) },
      { horizonMonths: 3 },
    );
    const wallMs = performance.now() - started;
    const { graphRequests, httpRoundTrips, throttled } = emulator.counters;
    const all = report.reconciled === report.mailboxes && report.unreconciled.length === 0;
    const lost = report.lost.filter((l) => l.what === 'cancelled').length;
    return [
      {
        name: `daily reconcile of ${n(report.mailboxes)} supervisors' calendars, ${n(expired)} delta links expired`,
        runsMs: [wallMs],
        detail:
          `${n(graphRequests)} Graph requests in ${n(httpRoundTrips)} HTTP round trips at the emulator (client: ${n(client.usage.requests)} in ${n(client.usage.roundTrips)}, ${n(client.usage.retried)} re-sent, ${n(throttled)} throttled); ` +
          `${n(report.reconciled)} of ${n(report.mailboxes)} reconciled (${all ? 'every mailbox' : 'NOT every mailbox'}), ${n(report.resynced)} started afresh after an expired link, ` +
          `${n(lost)} cancellations and ${n(report.moved)} moves noticed (20 and 20 made); ${LATENCY_MS} ms a round trip, 4 per mailbox`,
      },
      {
        name: 'reconcile baseline',
        runsMs: [],
        detail:
          `the first reconcile after booking ${n(booked.booked.series)} series (${n(booked.booked.sessions)} sessions), every mailbox's first round and every series' responses read: ` +
          `${n(baselineCounts.graphRequests)} requests in ${n(baselineCounts.httpRoundTrips)} round trips, ${n(baselineMs / 1000, 1)} s; ${n(baseline.reconciled)} of ${n(baseline.mailboxes)} reconciled`,
      },
    ];
  } finally {
    await db.close();
    await emulator.close();
  }
}
