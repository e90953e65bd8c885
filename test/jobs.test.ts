/**
 * The job runner and the prompts job against a real database. Today is
 * Monday 23 November 2026, 10:00 London (GMT), Solihull policy (no record
 * deadline, so Cadence's default of 5 working days).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dailyBookingJob, promptsJob } from '../app/job-list.ts';
import { everyMinutes, startJobRunner, type JobDefinition, type JobRunner } from '../app/jobs.ts';
import { fixedClock } from '../app/clock.ts';
import { readConfig } from '../app/config.ts';
import { claimJobRun, listJobRuns, openPostgres, type Database } from '../store/index.ts';
import { snooze } from '../store/snoozes.ts';
import type { Clock } from '../supervision/index.ts';
import { testDatabases } from './support/databases.ts';
import { memoryCalendar } from './support/memory-calendar.ts';
import { seedRoster, seedSession, signAgreement } from './support/seed.ts';

const NOW = new Date('2026-11-23T10:00:00Z');
const MINUTE = 60_000;
const HEADER = 'upn,name,role,policy,started,supervisor_upn,manager_upn,uses_teams';
const ROSTER = [
  'sm@x.example,Sam Manager,service-manager,solihull,2015-01-01,,,yes',
  'tm@x.example,Tara Lead,team-manager,solihull,2018-01-01,sm@x.example,,yes',
  'sw1@x.example,Ann One,social-worker,solihull,2020-01-01,tm@x.example,,yes',
  'sw2@x.example,Ben Two,social-worker,solihull,2020-01-01,tm@x.example,,yes',
  'sw3@x.example,Cat Three,social-worker,solihull,2020-01-01,tm@x.example,,no',
];

/** A clock that can be moved on. */
function movableClock(start: Date): Clock & { set(instant: Date): void } {
  let now = start;
  return { now: () => new Date(now), set: (instant) => void (now = instant) };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.each(testDatabases)('scheduled jobs, on $name', (database) => {
  let db: Database;
  const others: { close(): Promise<void> }[] = [];
  const runners: JobRunner[] = [];
  const runner = (deps: {
    db?: Database;
    clock: Clock;
    instance: string;
    jobs: JobDefinition[];
    intervalMs?: number;
    leaseMs?: number;
    retryFailedAfterMs?: number;
  }) => {
    const started = startJobRunner({ db, intervalMs: 3_600_000, ...deps });
    runners.push(started);
    return started;
  };
  /** A second connection to the same database (a second instance), where there can be one. */
  const secondConnection = async (): Promise<Database> => {
    if (db.kind === 'pglite') return db;
    const [row] = await db.query<{ schema: string }>('SELECT current_schema() AS schema');
    const other = await openPostgres(process.env.TEST_DATABASE_URL!, { schema: row!.schema });
    others.push(other);
    return other;
  };

  // Opening and migrating PGlite can be slow on a busy machine.
  beforeEach(async () => {
    db = await database.open();
  }, 60_000);
  afterEach(async () => {
    await Promise.all(runners.splice(0).map((r) => r.stop()));
    await Promise.all(others.splice(0).map((o) => o.close()));
    await db.close();
  });

  describe('the prompts job', () => {
    let ids: Record<string, number>;
    beforeEach(async () => {
      await seedRoster(db, ROSTER, '2020-01-01', HEADER);
      ids = Object.fromEntries(
        (await db.query<{ upn: string; id: string }>('SELECT upn, id FROM people')).map((row) => [
          row.upn.split('@')[0]!,
          Number(row.id),
        ]),
      );
      for (const upn of ['tm', 'sw1', 'sw2', 'sw3'])
        await signAgreement(db, `${upn}@x.example`, '2026-06-01');
      // Tara held 2 November: not overdue. Ann held 10 October: overdue since 10 November. Ben and Cat held 2 November.
      await seedSession(db, 'tm@x.example', '2026-11-02', 'held');
      await seedSession(db, 'sw1@x.example', '2026-10-10', 'held');
      await seedSession(db, 'sw2@x.example', '2026-11-02', 'held');
      await seedSession(db, 'sw3@x.example', '2026-11-02', 'held');
    }, 60_000);

    const keysInOutbox = async () =>
      (await db.query<{ key: string }>('SELECT key FROM outbox ORDER BY key')).map(
        (row) => row.key,
      );

    it('puts what is due in the outbox, and a second scan adds nothing', async () => {
      // Wednesday 25th: Ann's and Cat's sessions (Cat does not use Teams). Friday 13th: Ben's, never recorded (due Friday 20th).
      const annNext = await seedSession(db, 'sw1@x.example', '2026-11-25', 'booked');
      await seedSession(db, 'sw3@x.example', '2026-11-25', 'booked');
      const bens = await seedSession(db, 'sw2@x.example', '2026-11-13', 'booked');
      // Far in the future and long recorded: outside both windows.
      await seedSession(db, 'sw2@x.example', '2027-01-20', 'booked');
      const clock = movableClock(NOW);
      const config = readConfig({});
      const one = runner({ clock, instance: 'one', jobs: [promptsJob({ db, clock, config })] });

      const [first] = await one.runOnce();
      expect(first).toMatchObject({
        job: 'prompts',
        runKey: '2026-11-23T10:00Z',
        status: 'ran',
        outcome: { added: 8, due: 8, skipped: { 'not-on-teams': 1 } },
      });
      expect(await keysInOutbox()).toEqual(
        [
          `digest:${ids.sm}:2026-W48`,
          `digest:${ids.tm}:2026-W48`,
          `escalation:${bens}`,
          `overdue-notice:${ids.sw1}:${ids.sw1}:one-to-one:2026-11-10`,
          `overdue-notice:${ids.tm}:${ids.sw1}:one-to-one:2026-11-10`,
          `preparation:${annNext}`,
          `record-due:${bens}`,
          `record-prompt:${bens}`,
        ].sort(),
      );
      const [escalation] = await db.query<{
        recipientId: string;
        payload: unknown;
        notBefore: Date;
      }>(
        `SELECT recipient_id AS "recipientId", payload, not_before AS "notBefore" FROM outbox WHERE kind = 'escalation'`,
      );
      expect({ ...escalation, recipientId: Number(escalation!.recipientId) }).toEqual({
        recipientId: ids.sm,
        payload: { sessionId: bens, recordDueOn: '2026-11-20' },
        notBefore: new Date('2026-11-23T09:00:00Z'),
      });

      // The same five minutes: already run. The next five: run again, nothing new.
      expect(await one.runOnce()).toEqual([
        { job: 'prompts', runKey: '2026-11-23T10:00Z', status: 'taken' },
      ]);
      clock.set(new Date(NOW.getTime() + 5 * MINUTE));
      const [second] = await one.runOnce();
      expect(second).toMatchObject({
        runKey: '2026-11-23T10:05Z',
        status: 'ran',
        outcome: { added: 0 },
      });
      expect((await keysInOutbox()).length).toBe(8);
      expect(
        (await listJobRuns(db, 'prompts')).map((run) => [
          run.runKey,
          run.claimedBy,
          run.finishedAt !== null,
        ]),
      ).toEqual([
        ['2026-11-23T10:05Z', 'one', true],
        ['2026-11-23T10:00Z', 'one', true],
      ]);
    });

    it('holds back a snoozed reminder and sends it on a scan after the snooze ends; a recorded session is not chased', async () => {
      const bens = await seedSession(db, 'sw2@x.example', '2026-11-13', 'booked');
      const anns = await seedSession(db, 'sw1@x.example', '2026-11-13', 'booked');
      await db.query(
        `UPDATE sessions SET status = 'held', recorded_by = $2, recorded_at = $3 WHERE id = $1`,
        [anns, ids.tm, NOW],
      );
      await snooze(db, ids.tm!, `record:${bens}`, new Date('2026-11-23T14:00:00Z'));
      const clock = movableClock(NOW);
      const job = promptsJob({ db, clock, config: readConfig({}) });
      const one = runner({ clock, instance: 'one', jobs: [job] });
      await one.runOnce();
      const chasing = (keys: string[]) => keys.filter((key) => /^(record|escalation)/.test(key));
      expect(chasing(await keysInOutbox())).toEqual([
        `escalation:${bens}`,
        `record-prompt:${bens}`,
      ]);
      clock.set(new Date('2026-11-23T14:00:00Z'));
      const [later] = await one.runOnce();
      expect(later).toMatchObject({ status: 'ran', outcome: { added: 1 } });
      expect(chasing(await keysInOutbox())).toEqual([
        `escalation:${bens}`,
        `record-due:${bens}`,
        `record-prompt:${bens}`,
      ]);
    });

    it('runs once between two instances scanning at the same moment', async () => {
      await seedSession(db, 'sw1@x.example', '2026-11-25', 'booked');
      const other = await secondConnection();
      const clock = fixedClock(NOW);
      const config = readConfig({});
      const one = runner({ clock, instance: 'one', jobs: [promptsJob({ db, clock, config })] });
      const two = runner({
        db: other,
        clock,
        instance: 'two',
        jobs: [promptsJob({ db: other, clock, config })],
      });
      const reports = (await Promise.all([one.runOnce(), two.runOnce()])).flat();
      expect(reports.map((r) => r.status).sort()).toEqual(['ran', 'taken']);
      // Two digests, Ann's overdue notices (to her and Tara), her preparation.
      expect((await keysInOutbox()).length).toBe(5);
    });
  });

  it('claims each run once when two instances run the same jobs at once', async () => {
    const other = await secondConnection();
    const clock = fixedClock(NOW);
    const ran: string[] = [];
    const jobs = (instance: string): JobDefinition[] =>
      ['a', 'b', 'c'].map((name) => ({
        name,
        runKey: everyMinutes(5),
        run: async () => {
          ran.push(`${name} ${instance}`);
          await sleep(20);
          return { by: instance };
        },
      }));
    const one = runner({ clock, instance: 'one', jobs: jobs('one') });
    const two = runner({ db: other, clock, instance: 'two', jobs: jobs('two') });
    const rounds = await Promise.all([one.runOnce(), two.runOnce(), one.runOnce(), two.runOnce()]);
    const reports = rounds.flat();
    expect(reports).toHaveLength(12);
    for (const name of ['a', 'b', 'c']) {
      expect(reports.filter((r) => r.job === name && r.status === 'ran')).toHaveLength(1);
      expect(ran.filter((line) => line.startsWith(name))).toHaveLength(1);
      const [run] = await listJobRuns(db, name);
      expect(run).toMatchObject({ runKey: '2026-11-23T10:00Z', outcome: { by: run!.claimedBy } });
    }
  });

  describe('leases', () => {
    const LEASE = 1_000;
    /** Waits until `job` has a run claimed. */
    const claimed = async (job: string) => {
      for (let waited = 0; waited < 5000; waited += 10) {
        if ((await listJobRuns(db, job)).length > 0) return;
        await sleep(10);
      }
      throw new Error(`${job} was never claimed`);
    };

    it('takes over a claim whose instance died once its lease lapses, in real time though the business clock is pinned, and retries a failed run after its retry time', async () => {
      // An instance claimed today's run and died before finishing.
      expect(
        await claimJobRun(db, 'nightly', '2026-11-23', 'dead', {
          now: new Date('2026-11-23T06:00:00Z'),
          leaseMs: LEASE,
        }),
      ).toBe(true);
      let fail = true;
      const job: JobDefinition = {
        name: 'nightly',
        runKey: (now) => now.toISOString().slice(0, 10),
        run: () =>
          fail ? Promise.reject(new Error('Graph said no')) : Promise.resolve({ done: 1 }),
      };
      const survivor = runner({
        clock: fixedClock(new Date('2026-11-23T06:30:00Z')),
        instance: 'survivor',
        jobs: [job],
        leaseMs: LEASE,
        retryFailedAfterMs: LEASE,
      });
      expect(await survivor.runOnce()).toEqual([
        { job: 'nightly', runKey: '2026-11-23', status: 'taken' },
      ]);
      await sleep(LEASE + 100);
      expect(await survivor.runOnce()).toEqual([
        {
          job: 'nightly',
          runKey: '2026-11-23',
          status: 'failed',
          error: 'Graph said no',
          thrown: expect.any(Error) as Error,
        },
      ]);
      // A failure is retried after its retry time, not at once.
      fail = false;
      expect((await survivor.runOnce())[0]?.status).toBe('taken');
      await sleep(LEASE + 100);
      expect(await survivor.runOnce()).toEqual([
        { job: 'nightly', runKey: '2026-11-23', status: 'ran', outcome: { done: 1 } },
      ]);
      expect(await listJobRuns(db, 'nightly')).toEqual([
        {
          job: 'nightly',
          runKey: '2026-11-23',
          claimedBy: 'survivor',
          startedAt: new Date('2026-11-23T06:30:00Z'),
          finishedAt: new Date('2026-11-23T06:30:00Z'),
          outcome: { done: 1 },
        },
      ]);
      // Finished well: never taken over.
      await sleep(LEASE + 100);
      expect((await survivor.runOnce())[0]?.status).toBe('taken');
    });

    it('keeps a run that outlasts its lease, by renewing it while it runs: another instance never takes it', async () => {
      const other = await secondConnection();
      const ran: string[] = [];
      const job = (instance: string): JobDefinition => ({
        name: 'long',
        runKey: everyMinutes(5),
        run: async () => {
          ran.push(instance);
          await sleep(LEASE * 2.5);
          return { by: instance };
        },
      });
      const clock = fixedClock(NOW);
      const one = runner({ clock, instance: 'one', jobs: [job('one')], leaseMs: LEASE });
      const two = runner({ db: other, clock, instance: 'two', jobs: [job('two')], leaseMs: LEASE });
      const first = one.runOnce();
      await claimed('long');
      const tries: string[] = [];
      for (let i = 0; i < 12; i += 1) {
        tries.push(...(await two.runOnce()).map((r) => r.status));
        await sleep(LEASE / 5);
      }
      expect(await first).toEqual([
        { job: 'long', runKey: '2026-11-23T10:00Z', status: 'ran', outcome: { by: 'one' } },
      ]);
      expect(new Set(tries)).toEqual(new Set(['taken']));
      expect(ran).toEqual(['one']);
    });

    it('says a run was lost when its lease lapsed (renewals could not reach the database) and another instance took it over', async () => {
      const other = await secondConnection();
      // Instance one's renewals fail, as they would with its connection to the database cut.
      const cut: Database = {
        ...db,
        query: (text, params) =>
          /^UPDATE job_runs SET lease_until = now\(\) \+/.test(text)
            ? Promise.reject(new Error('connection lost'))
            : db.query(text, params),
      };
      const errors: unknown[] = [];
      let release: () => void = () => undefined;
      const blocked = new Promise<void>((resolve) => (release = resolve));
      const slow: JobDefinition = {
        name: 'lapsing',
        runKey: everyMinutes(5),
        run: async () => (await blocked, { by: 'one' }),
      };
      const clock = fixedClock(NOW);
      const one = startJobRunner({
        db: cut,
        clock,
        instance: 'one',
        jobs: [slow],
        intervalMs: 3_600_000,
        leaseMs: LEASE,
        onError: (e) => errors.push(e),
      });
      runners.push(one);
      const first = one.runOnce();
      await claimed('lapsing');
      await sleep(LEASE + 200);
      const two = runner({
        db: other,
        clock,
        instance: 'two',
        jobs: [
          { name: 'lapsing', runKey: everyMinutes(5), run: () => Promise.resolve({ by: 'two' }) },
        ],
        leaseMs: LEASE,
      });
      expect((await two.runOnce())[0]).toMatchObject({ status: 'ran', outcome: { by: 'two' } });
      release();
      expect(await first).toEqual([
        { job: 'lapsing', runKey: '2026-11-23T10:00Z', status: 'lost' },
      ]);
      expect(errors.length).toBeGreaterThan(0);
      expect((await listJobRuns(db, 'lapsing'))[0]).toMatchObject({
        claimedBy: 'two',
        outcome: { by: 'two' },
      });
    });

    it('stop() gives back a run this instance still holds unfinished, and another instance takes it at once', async () => {
      const other = await secondConnection();
      const clock = fixedClock(NOW);
      const job = (by: string): JobDefinition => ({
        name: 'held',
        runKey: everyMinutes(5),
        run: () => Promise.resolve({ by }),
      });
      // One claimed the run and could not write its outcome (its database went away as it finished); its lease is long.
      expect(await claimJobRun(db, 'held', '2026-11-23T10:00Z', 'one', { leaseMs: 600_000 })).toBe(
        true,
      );
      const one = runner({ clock, instance: 'one', jobs: [job('one')] });
      const two = runner({ db: other, clock, instance: 'two', jobs: [job('two')] });
      expect((await two.runOnce())[0]?.status).toBe('taken');
      await one.stop();
      expect((await two.runOnce())[0]).toMatchObject({ status: 'ran', outcome: { by: 'two' } });
    });
  });

  it('stop() waits for the run in hand, and the timer runs jobs without being asked', async () => {
    let finished = 0;
    const job: JobDefinition = {
      name: 'slow',
      runKey: everyMinutes(5),
      run: async () => (await sleep(150), { finished: ++finished }),
    };
    const ticking = runner({
      clock: fixedClock(NOW),
      instance: 'one',
      jobs: [job],
      intervalMs: 20,
    });
    // Wait until the timer has claimed the run; it is then under way.
    for (let waited = 0; waited < 5000; waited += 10) {
      if ((await listJobRuns(db, 'slow')).length > 0) break;
      await sleep(10);
    }
    expect(finished).toBe(0);
    await ticking.stop();
    expect(finished).toBe(1);
    expect((await listJobRuns(db, 'slow'))[0]).toMatchObject({
      claimedBy: 'one',
      outcome: { finished: 1 },
    });
  });

  it('books daily from 06:00 London, and says why not when Microsoft Graph is not configured', async () => {
    const clock = movableClock(new Date('2026-11-23T05:59:00Z'));
    const job = dailyBookingJob({ db, clock, config: readConfig({}) });
    expect(job.runKey(clock.now())).toBeNull();
    // Summer: 06:00 BST is 05:00Z.
    expect(job.runKey(new Date('2026-07-01T05:00:00Z'))).toBe('2026-07-01');
    clock.set(new Date('2026-11-23T06:00:00Z'));
    const [report] = await runner({ clock, instance: 'one', jobs: [job] }).runOnce();
    expect(report).toMatchObject({ job: 'daily-booking', runKey: '2026-11-23', status: 'ran' });
    expect(report?.status === 'ran' && String(report.outcome.skipped)).toMatch(
      /^Microsoft Graph is not configured/,
    );
  });

  it('daily booking reconciles, then books every relationship through its horizon, once a day', async () => {
    await seedRoster(db, ROSTER, '2020-01-01', HEADER);
    await seedSession(db, 'sw1@x.example', '2026-11-10', 'held');
    const outlook = memoryCalendar();
    const calendar = {
      ...outlook.calendar,
      changesSince: (requests: { mailbox: string }[]) =>
        Promise.resolve(
          requests.map(({ mailbox }) => ({
            ok: true as const,
            value: { mailbox, changes: [], nextDeltaLink: `delta:${mailbox}` },
          })),
        ),
    };
    const clock = fixedClock(new Date('2026-11-23T06:30:00Z'));
    const daily = runner({
      clock,
      instance: 'one',
      jobs: [dailyBookingJob({ db, clock, config: readConfig({}), calendar })],
    });
    const [first] = await daily.runOnce();
    expect(first).toMatchObject({
      job: 'daily-booking',
      runKey: '2026-11-23',
      status: 'ran',
      outcome: { reconcile: { lost: [] }, book: { failures: [] } },
    });
    const booked = await db.query<{ count: string }>(
      `SELECT count(*) FROM sessions WHERE status = 'booked'`,
    );
    expect(Number(booked[0]!.count)).toBeGreaterThan(0);
    expect(await daily.runOnce()).toEqual([
      { job: 'daily-booking', runKey: '2026-11-23', status: 'taken' },
    ]);
  });

  it('daily booking books even when reconciling Outlook fails as a whole, and says so by class and code only', async () => {
    await seedRoster(db, ROSTER, '2020-01-01', HEADER);
    await seedSession(db, 'sw1@x.example', '2026-11-10', 'held');
    await seedSession(db, 'sw2@x.example', '2026-12-20', 'booked');
    await db.query(`UPDATE sessions SET calendar_event_id = 'E1' WHERE status = 'booked'`);
    const outlook = memoryCalendar();
    const refusal = Object.assign(
      new Error(
        'Microsoft Graph refused GET /users/tm@x.example/calendarView/delta?$deltatoken=secret',
      ),
      { name: 'GraphRequestError', code: 'ErrorServerBusy' },
    );
    const calendar = { ...outlook.calendar, changesSince: () => Promise.reject(refusal) };
    const clock = fixedClock(new Date('2026-11-23T06:30:00Z'));
    const [report] = await runner({
      clock,
      instance: 'one',
      jobs: [dailyBookingJob({ db, clock, config: readConfig({}), calendar })],
    }).runOnce();
    expect(report).toMatchObject({
      status: 'ran',
      outcome: {
        reconcile: { failed: true, error: 'GraphRequestError', code: 'ErrorServerBusy' },
        book: { failures: [] },
      },
    });
    expect(JSON.stringify(report)).not.toContain('secret');
    const booked = await db.query<{ count: string }>(
      `SELECT count(*) FROM sessions WHERE status = 'booked' AND booking_series_id IS NOT NULL`,
    );
    expect(Number(booked[0]!.count)).toBeGreaterThan(0);
  });
});
