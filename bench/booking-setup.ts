/**
 * The booking benchmark's council set up afresh: the Graph emulator with
 * 100 ms a round trip and Outlook's 4 requests a mailbox, seeded with the
 * demo's six months of calendars for each person; a PGlite database with the
 * roster imported (and, when given, the groups file).
 */
import { startGraphEmulator, type GraphEmulator } from '../graph/emulator/index.ts';
import { parseIsoDate } from '../rules/index.ts';
import { groupsWriter, migrate, openPglite, rosterWriter, type Database } from '../store/index.ts';
import { importGroups, importRoster } from '../supervision/index.ts';
import { BOOKING_COUNCIL_TODAY as TODAY } from './booking-council.ts';

export const LATENCY_MS = 100;

export interface Council {
  emulator: GraphEmulator;
  db: Database;
  setupMs: number;
  events: number;
}

export async function setUp(rosterPath: string, csv: string, groupsCsv?: string): Promise<Council> {
  const started = performance.now();
  const emulator = await startGraphEmulator({ latencyMs: LATENCY_MS, mailboxConcurrency: 4 });
  // The demo's six months of calendars: two spells of leave in six months is about a year's leave, pro rata.
  const { events } = emulator.seedDemoCouncil({ today: TODAY, rosterPath });
  const db = await openPglite();
  await migrate(db);
  await importRoster((work) => db.transaction((tx) => work(rosterWriter(tx))), {
    text: csv,
    file: rosterPath,
    actor: 'bench',
    today: parseIsoDate(TODAY),
    dryRun: false,
  });
  if (groupsCsv)
    await importGroups((work) => db.transaction((tx) => work(groupsWriter(tx))), {
      text: groupsCsv,
      file: 'groups.csv',
      actor: 'bench',
      dryRun: false,
      today: TODAY,
    });
  return { emulator, db, setupMs: performance.now() - started, events };
}

export async function tearDown(council: Council): Promise<void> {
  await council.db.close();
  await council.emulator.close();
}
