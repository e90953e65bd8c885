/**
 * Several instances: three Cadence processes, run with the production
 * command, share one PostgreSQL database, the Graph emulator (in this
 * process, slowed so that daily booking takes seconds) and a Teams connector
 * that records every message. The demo council is seeded with sessions that
 * have prompts due; today is pinned to Monday 23 November 2026, 09:00 London.
 *
 * Once an instance has claimed daily booking and Outlook has seen its first
 * writes, that instance is killed (SIGKILL), or the database restarts. When
 * the work has converged, every job ran once to completion, every reminder
 * reached its conversation once, and every relationship's series exists once
 * in Outlook.
 *
 * It needs a PostgreSQL server several processes can share: TEST_DATABASE_URL
 * (CI sets it); the test makes a database of its own there. The restart runs
 * on a private cluster the test starts itself (PostgreSQL's binaries, as
 * root), or, without them, ends every connection of the instances with
 * pg_terminate_backend, which is what a restart looks like to a client.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../app/clock.ts';
import { seedDemoIfEmpty } from '../app/embedded/stack.ts';
import { RELATIONSHIP_PROPERTY_ID } from '../graph/index.ts';
import { startGraphEmulator, type GraphEmulator } from '../graph/emulator/index.ts';
import { londonInstant, parseIsoDate } from '../rules/index.ts';
import { migrate, openPostgres, saveConversationReference, type Database } from '../store/index.ts';
import {
  createDatabase,
  INSTANCE_COMMAND,
  sleep,
  startInstance,
  startPrivateCluster,
  terminateBackends,
  waitFor,
  type Instance,
} from './support/instances.ts';
import { emulatorCalendar, emulatorEnv } from './support/emulator-env.ts';
import {
  conversationReferenceTo,
  startTeamsConnector,
  type TeamsConnector,
} from './support/teams-connector.ts';

const serverUrl = process.env.TEST_DATABASE_URL;
const TODAY = parseIsoDate('2026-11-23');
const PINNED_NOW = londonInstant(TODAY, '09:00');
const LEASE_SECONDS = 5;
const INTERVAL_SECONDS = 5;
/** Per Graph round trip: daily booking for the demo council then takes a few seconds. */
const GRAPH_LATENCY_MS = 60;
const JOBS = [
  ['daily-booking', TODAY],
  ['ladder', TODAY],
  ['prompts', '2026-11-23T09:00Z'],
  ['retention', TODAY],
];

interface World {
  db: Database;
  emulator: GraphEmulator;
  connector: TeamsConnector;
  env: Record<string, string>;
  instances: Instance[];
}

const cleanups: (() => Promise<unknown>)[] = [];
// Every cleanup runs, latest first; what failed is reported after.
afterEach(async () => {
  const failures: unknown[] = [];
  for (const cleanup of cleanups.splice(0).reverse())
    await cleanup().catch((error: unknown) => failures.push(error));
  if (failures.length > 0)
    throw new AggregateError(failures, 'cleaning up after the instances test');
});

/** The demo council in `dbUrl`, everyone reachable in Teams, Outlook emulated, and three instances started. */
async function startWorld(dbUrl: string): Promise<World> {
  const db = await openPostgres(dbUrl);
  cleanups.push(() => db.close());
  await migrate(db);
  const emulator = await startGraphEmulator({ latencyMs: GRAPH_LATENCY_MS });
  cleanups.push(() => emulator.close());
  emulator.seedDemoCouncil({ today: TODAY });
  await seedDemoIfEmpty(db, fixedClock(PINNED_NOW), emulatorCalendar(emulator));
  // What the demo's own sessions wrote to Outlook is not the instances' booking, which the test watches for.
  emulator.resetLog();
  const connector = await startTeamsConnector();
  cleanups.push(() => connector.close());
  const people = await db.query<{ id: string; aad: string }>(
    `SELECT id, entra_object_id AS aad FROM people WHERE entra_object_id IS NOT NULL`,
  );
  for (const person of people)
    await saveConversationReference(
      db,
      person.aad,
      conversationReferenceTo(connector, `conv-${person.id}`),
    );

  const dir = mkdtempSync(join(tmpdir(), 'cadence-instances-'));
  cleanups.push(() => Promise.resolve(rmSync(dir, { recursive: true, force: true })));
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? dir,
    DATABASE_URL: dbUrl,
    CADENCE_DATA_DIR: join(dir, 'data'),
    CADENCE_TODAY: TODAY,
    CADENCE_JOB_INTERVAL_SECONDS: String(INTERVAL_SECONDS),
    CADENCE_LEASE_SECONDS: String(LEASE_SECONDS),
    CADENCE_JOB_RETRY_SECONDS: '2',
    LOG_LEVEL: 'info',
    ...emulatorEnv(emulator, join(dir, 'ca.pem')),
  };
  const instances = await Promise.all(
    ['cadence-a', 'cadence-b', 'cadence-c'].map((name) => startInstance(name, env)),
  );
  cleanups.push(() => Promise.all(instances.map((instance) => stopInstance(instance))));
  return { db, emulator, connector, env, instances };
}

async function stopInstance(instance: Instance): Promise<void> {
  if (!instance.running()) return;
  instance.child.kill('SIGTERM');
  const stopped = await Promise.race([
    instance.exited.then(() => true),
    sleep(15_000).then(() => false),
  ]);
  if (!stopped) instance.child.kill('SIGKILL');
}

/** Waits until an instance holds daily booking and Outlook has seen its first calendar write; says which instance. */
async function bookingUnderWay(world: World): Promise<Instance> {
  const holder = await waitFor(
    'an instance to claim daily booking and write to Outlook',
    async () => {
      if (!world.emulator.requestLog.some((r) => r.method === 'POST' && r.path.endsWith('/events')))
        return null;
      const [run] = await world.db.query<{ claimedBy: string }>(
        `SELECT claimed_by AS "claimedBy" FROM job_runs WHERE job = 'daily-booking'`,
      );
      return run?.claimedBy ?? null;
    },
    45_000,
    10,
  );
  return world.instances.find((instance) => instance.name === holder)!;
}

/** Every job run finished well, nothing due left in the outbox or claimed, no booking left open. */
async function converged(world: World, timeoutMs: number): Promise<void> {
  await waitFor(
    'the work to converge',
    async () => {
      const runs = await world.db.query<{ job: string; done: boolean }>(
        `SELECT job, finished_at IS NOT NULL AND coalesce(outcome->>'failed', '') <> 'true' AS done FROM job_runs`,
      );
      if (runs.length < JOBS.length || runs.some((run) => !run.done)) return false;
      const [work] = await world.db.query<{ due: string; held: string; open: string }>(
        `SELECT (SELECT count(*) FROM outbox WHERE status = 'pending' AND not_before <= $1) AS due,
                (SELECT count(*) FROM outbox WHERE claimed_until > now()) AS held,
                (SELECT count(*) FROM booking_series WHERE status <> 'done') AS open`,
        [PINNED_NOW],
      );
      return Number(work!.due) + Number(work!.held) + Number(work!.open) === 0;
    },
    timeoutMs,
    250,
    true,
  );
}

/** Job events ("ran", "failed", "lost") every instance logged. */
function jobEvents(
  world: World,
): { instance: string; job: string; status: string; detail?: Record<string, unknown> }[] {
  return world.instances.flatMap((instance) =>
    instance.lines
      .filter((line) => line.event === 'job' && line.status !== 'taken')
      .map((line) => ({
        instance: instance.name,
        job: String(line.job),
        status: String(line.status),
        ...(line.detail ? { detail: line.detail as Record<string, unknown> } : {}),
      })),
  );
}

/** Every job run once to completion, by one instance: the one the table names. */
async function expectJobsRanOnce(world: World): Promise<Map<string, string>> {
  const runs = await world.db.query<{
    job: string;
    runKey: string;
    claimedBy: string;
    finished: boolean;
    failed: boolean;
  }>(
    `SELECT job, run_key AS "runKey", claimed_by AS "claimedBy", finished_at IS NOT NULL AS finished, coalesce(outcome->>'failed', '') = 'true' AS failed
       FROM job_runs ORDER BY job, run_key`,
  );
  expect(runs.map((run) => [run.job, run.runKey, run.finished, run.failed])).toEqual(
    JOBS.map(([job, key]) => [job, key, true, false]),
  );
  const events = jobEvents(world);
  for (const run of runs) {
    expect(
      events.filter((e) => e.job === run.job && e.status === 'ran').map((e) => e.instance),
      `${run.job} ran once, by ${run.claimedBy}`,
    ).toEqual([run.claimedBy]);
  }
  expect(
    events.filter((e) => e.status === 'lost'),
    JSON.stringify(events),
  ).toEqual([]);
  return new Map(runs.map((run) => [run.job, run.claimedBy]));
}

/**
 * Every message due was sent, and Teams holds exactly one activity for each,
 * in the recipient's conversation. An activity no row names is a duplicate;
 * the one kind allowed is the documented window: Teams accepted it in the
 * last moment before `killedAt` (performance.now()), so the killed instance
 * could not mark it sent.
 */
async function expectMessagesOnce(
  world: World,
  killedAt: number | null,
): Promise<{ messages: number; duplicates: number }> {
  const rows = await world.db.query<{
    key: string;
    recipientId: string;
    status: string;
    activityId: string | null;
  }>(
    `SELECT key, recipient_id AS "recipientId", status, activity_id AS "activityId" FROM outbox WHERE not_before <= $1 ORDER BY id`,
    [PINNED_NOW],
  );
  expect(rows.length).toBeGreaterThan(0);
  expect(
    rows
      .filter((row) => row.status !== 'sent' || row.activityId === null)
      .map((row) => `${row.key} ${row.status}`),
  ).toEqual([]);
  const accepted = new Map(
    world.connector.accepted.map((activity) => [activity.activityId, activity]),
  );
  for (const row of rows)
    expect(accepted.get(row.activityId!)?.conversationId, row.key).toBe(`conv-${row.recipientId}`);
  const named = new Set(rows.map((row) => row.activityId));
  const extras = world.connector.accepted.filter((activity) => !named.has(activity.activityId));
  const inKillWindow = (at: number) => killedAt !== null && at <= killedAt && at > killedAt - 1_000;
  expect(
    extras.filter((extra) => !inKillWindow(extra.at)),
    'messages Teams received twice',
  ).toEqual([]);
  return { messages: rows.length, duplicates: extras.length };
}

/** Outlook holds each series Cadence booked once, and nothing else tagged as Cadence's; every bookable relationship has its series. */
async function expectSeriesOnce(world: World): Promise<{ relationships: number; series: number }> {
  const events = world.emulator.state.directory
    .all()
    .flatMap((user) => world.emulator.state.store.events(user.id))
    .filter((event) => event.input.recurrence)
    .map((event) => ({
      id: event.id,
      mailbox: event.mailboxId,
      tx: event.input.transactionId,
      tag: event.input.singleValueExtendedProperties?.find((p) => p.id === RELATIONSHIP_PROPERTY_ID)
        ?.value,
    }))
    .filter((event) => event.tag !== undefined);
  const booked = await world.db.query<{
    relationshipId: string;
    seriesId: string | null;
    status: string;
  }>(
    // A group's series is tagged `group-<id>` (docs/roster.md#groups), a relationship's with its id.
    // A series whose every session went to someone else (a cover, the other supervisor's turn) places
    // none and is never created in Outlook (booking.ts createSeries).
    `SELECT coalesce(relationship_id::text, 'group-' || group_id) AS "relationshipId", calendar_series_id AS "seriesId", status
       FROM booking_series b
      WHERE EXISTS (SELECT 1 FROM sessions s WHERE s.booking_series_id = b.id AND s.status <> 'cancelled')`,
  );
  expect(booked.filter((series) => series.status !== 'done' || series.seriesId === null)).toEqual(
    [],
  );
  expect(new Set(events.map((e) => `${e.mailbox} ${e.tx}`)).size).toBe(events.length);
  expect(events.map((e) => e.id).sort()).toEqual(booked.map((series) => series.seriesId).sort());
  for (const event of events)
    expect(booked.find((series) => series.seriesId === event.id)?.relationshipId).toBe(event.tag);
  // No relationship is booked twice on one day (two runs planning it twice would be).
  const twice = await world.db.query(
    `SELECT relationship_id, group_id, (starts_at AT TIME ZONE 'Europe/London')::date AS day FROM sessions
      WHERE booking_series_id IS NOT NULL AND status = 'booked' GROUP BY 1, 2, 3 HAVING count(*) > 1`,
  );
  expect(twice).toEqual([]);
  // Those the roster leaves to their supervisor (booking by-supervisor) are not the daily job's to book.
  const bookable = await world.db.query<{ id: string }>(
    `SELECT id FROM relationships WHERE to_on IS NULL AND booking_mode = 'automatic' ORDER BY id`,
  );
  const relationshipsBooked = booked
    .map((series) => series.relationshipId)
    .filter((owner) => !owner.startsWith('group-'));
  expect([...new Set(relationshipsBooked)].sort()).toEqual(bookable.map((r) => r.id).sort());
  return { relationships: bookable.length, series: events.length };
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

interface SharedDatabase {
  url: string;
  /** How the restart is done, for the log. */
  how: string;
  restart(): Promise<unknown>;
}

/** A private cluster the test can restart for real; without one, a database on the shared server whose connections are ended instead. */
async function sharedDatabase(): Promise<SharedDatabase> {
  const { cluster, ...failed } = await startPrivateCluster();
  if (cluster) {
    cleanups.push(() => cluster.stop());
    const database = await createDatabase(cluster.url, 'cadence_instances');
    return {
      url: database.url,
      how: 'restarted a private PostgreSQL cluster (pg_ctl restart -m fast)',
      restart: () => cluster.restart(),
    };
  }
  const database = await createDatabase(serverUrl!, 'cadence_instances');
  cleanups.push(() => database.drop());
  const reason = 'reason' in failed ? failed.reason : 'no private cluster';
  return {
    url: database.url,
    how: `ended every connection with pg_terminate_backend (${reason})`,
    restart: () => terminateBackends(serverUrl!, database.name),
  };
}

describe.skipIf(!serverUrl)(
  `three instances on one PostgreSQL database, run as ${INSTANCE_COMMAND} (skipped without TEST_DATABASE_URL: it needs a server several processes can share)`,
  () => {
    it('share the work when one is killed mid-booking and the database restarts: every job once, every message once, every series once', async () => {
      const started = performance.now();
      const database = await sharedDatabase();
      const world = await startWorld(database.url);
      const up = performance.now();

      const victim = await bookingUnderWay(world);
      const killedAt = performance.now();
      victim.child.kill('SIGKILL');
      await victim.exited;
      // The survivors take the run over once its lease lapses, and finish what the victim left open.
      const takenOver = await waitFor(
        'another instance to take daily booking over',
        async () => {
          const [run] = await world.db.query<{ claimedBy: string }>(
            `SELECT claimed_by AS "claimedBy" FROM job_runs WHERE job = 'daily-booking'`,
          );
          return run && run.claimedBy !== victim.name ? performance.now() : null;
        },
        30_000,
        50,
      );
      // Mid-way through the survivor's run (its first call to Outlook), the database restarts.
      const calls = world.emulator.requestLog.length;
      await waitFor(
        'the survivor to call Outlook',
        () => world.emulator.requestLog.length > calls,
        15_000,
        10,
      );
      const restarting = performance.now();
      await database.restart();
      const restarted = performance.now();
      await converged(world, 45_000);
      const done = performance.now();

      const byJob = await expectJobsRanOnce(world);
      expect(byJob.get('daily-booking')).not.toBe(victim.name);
      const booking = jobEvents(world).find(
        (e) => e.job === 'daily-booking' && e.status === 'ran',
      )!;
      expect(
        (booking.detail!.book as { resumed: number }).resumed,
        'series the victim left open, finished by a survivor',
      ).toBeGreaterThan(0);
      expect((booking.detail!.book as { failures: number[] }).failures).toEqual([]);
      const messages = await expectMessagesOnce(world, killedAt);
      const outlook = await expectSeriesOnce(world);
      const survivors = world.instances.filter((instance) => instance !== victim);
      for (const survivor of survivors) {
        expect(
          survivor.running(),
          `${survivor.name} is still running: ${survivor.stderr.join('').slice(-500)}`,
        ).toBe(true);
        expect(await survivor.status('/healthz')).toBe(200);
        expect(await survivor.status('/readyz')).toBe(200);
      }
      const lost = survivors.reduce(
        (sum, survivor) =>
          sum +
          survivor.lines.filter(
            (line) =>
              line.event === 'database-connection-lost' || /failed$/.test(String(line.event)),
          ).length,
        0,
      );
      const failedRuns = jobEvents(world).filter((e) => e.status === 'failed').length;
      process.stdout.write(
        `${INSTANCE_COMMAND}: three instances up in ${seconds(up - started)}; killed ${victim.name} ${seconds(killedAt - up)} later, mid-booking; ` +
          `daily booking taken over ${seconds(takenOver - killedAt)} after the kill (lease ${LEASE_SECONDS} s, passes every ${INTERVAL_SECONDS} s); ` +
          `${database.how} ${seconds(restarting - takenOver)} after that, taking ${seconds(restarted - restarting)} ` +
          `(${lost} connection or pass failures logged, ${failedRuns} job runs failed and retried); ` +
          `converged ${seconds(done - restarted)} after the restart, ${seconds(done - killedAt)} after the kill; ` +
          `${messages.messages} messages (${messages.duplicates} sent twice), ${outlook.series} series for ${outlook.relationships} relationships, each once\n`,
      );
    }, 90_000);
  },
);
