/**
 * "Who is overdue?" on a council of 10,000 people with three years of
 * sessions: for the director (everyone) and for a team manager, on PGlite and,
 * when BENCH_DATABASE_URL or TEST_DATABASE_URL names one, a PostgreSQL server.
 * Targets (issue 3, on PostgreSQL): team manager under 20 ms, director under 500 ms.
 */
import { randomUUID } from 'node:crypto';
import { parseIsoDate } from '../rules/index.ts';
import { migrate, openPglite, openPostgres, teamReader, type Database } from '../store/index.ts';
import { complianceFor, overdueFor } from '../supervision/index.ts';
import { generateRoster, loadCouncil } from './council.ts';
import type { Figures } from './due-dates.ts';

const on = parseIsoDate('2026-11-23');
const now = new Date('2026-11-23T17:00:00Z');

async function timeRuns(runs: number, work: () => Promise<unknown>): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const started = performance.now();
    await work();
    times.push(performance.now() - started);
  }
  return times;
}

async function benchOn(name: string, db: Database): Promise<Figures[]> {
  await migrate(db);
  const council = generateRoster();
  const loaded = await loadCouncil(db, council);
  const reader = teamReader(db);
  const overdue = (manager: string) =>
    overdueFor(reader, manager, { on, now }, { defaultRecordWorkingDays: 5 });
  const director = await overdue(council.director);
  const team = await overdue(council.teamManager);
  return [
    {
      name: `${name}: roster import, ${council.people.toLocaleString('en-GB')} rows`,
      runsMs: [loaded.importMs],
      detail: 'one transaction, validation included',
    },
    {
      name: `${name}: overdue for a team manager`,
      runsMs: await timeRuns(20, () => overdue(council.teamManager)),
      detail: `${team.people} people, ${team.items.length} items; ${loaded.sessions.toLocaleString('en-GB')} sessions, ${loaded.cases.toLocaleString('en-GB')} cases in the database`,
    },
    {
      name: `${name}: overdue for the director`,
      runsMs: await timeRuns(5, () => overdue(council.director)),
      detail: `${director.people.toLocaleString('en-GB')} people, ${director.items.length.toLocaleString('en-GB')} items`,
    },
    {
      name: `${name}: compliance for the director`,
      runsMs: await timeRuns(3, () =>
        complianceFor(reader, council.director, on, { defaultRecordWorkingDays: 5 }),
      ),
      detail:
        'last 3 and 12 months, by team and role; the 12-month trend and the five other measures',
    },
  ];
}

export async function benchOverdue(): Promise<Figures[]> {
  const figures: Figures[] = [];
  const pglite = await openPglite();
  try {
    figures.push(...(await benchOn('PGlite', pglite)));
  } finally {
    await pglite.close();
  }
  const url = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  if (url) {
    const schema = `bench_${randomUUID().replaceAll('-', '')}`;
    const admin = await openPostgres(url);
    await admin.exec(`CREATE SCHEMA ${schema}`);
    const db = await openPostgres(url, { schema });
    try {
      figures.push(...(await benchOn('PostgreSQL', db)));
    } finally {
      await db.close();
      await admin.exec(`DROP SCHEMA ${schema} CASCADE`);
      await admin.close();
    }
  } else {
    figures.push({
      name: 'PostgreSQL: skipped',
      runsMs: [0],
      detail: 'set BENCH_DATABASE_URL (or TEST_DATABASE_URL) to a PostgreSQL server to measure it',
    });
  }
  return figures;
}
