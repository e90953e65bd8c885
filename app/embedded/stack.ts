/**
 * The embedded stack `npm start` runs: PGlite in the data directory (the demo
 * council imported on the first run), the Graph emulator with the demo
 * council's calendars, the bot on localhost, and the Microsoft 365 Agents
 * Playground as the Teams client, its users mapped to demo people.
 */
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCalendarAdapter, createGraphClient } from '../../graph/index.ts';
import {
  DEMO_LONG_LEAVE,
  emulatorConnection,
  startGraphEmulator,
  EmulatorStateError,
  type GraphEmulator,
} from '../../graph/emulator/index.ts';
import {
  addDays,
  InputError,
  londonDate,
  londonDateTime,
  londonInstant,
  type IsoDate,
} from '../../rules/index.ts';
import {
  casesWriter,
  coverStore,
  groupsWriter,
  rosterWriter,
  type Database,
} from '../../store/index.ts';
import {
  importCases,
  importGroups,
  importRoster,
  setCover,
  type CalendarPort,
  type Clock,
} from '../../supervision/index.ts';
import { startBotStack, type BotStack } from '../bot-stack.ts';
import type { Config } from '../config.ts';
import { logLine } from '../log-line.ts';
import { openDatabase } from '../open-database.ts';
import { seedDemoSessions } from './demo-sessions.ts';
import { DEMO_TENANT_ID, demoPersonas, startPlayground, type Persona } from './playground.ts';

const DEMO = fileURLToPath(new URL('../demo/', import.meta.url));

export interface EmbeddedOptions {
  config: Config;
  /** The real clock, or one pinned by --today / CADENCE_TODAY. */
  clock: Clock;
  /** Start the Agents Playground too (off in tests that drive the bot over HTTP only). */
  playground: boolean;
  playgroundPort: number;
  /** The persona the browser plays (the Playground types only as its current user); the supervisor by default. */
  currentUser?: string;
  /** Graph round-trip latency to simulate, in ms. */
  graphLatencyMs?: number;
  log: (line: string) => void;
  background?: boolean;
  /** How long Book waits for booking before answering "under way" (bot/booking-turn.ts); tests set 0 to see the card updated. */
  answerWithinMs?: number;
}

export interface Embedded {
  db: Database;
  emulator: GraphEmulator;
  stack: BotStack;
  playground: { url: string; port: number; conversationId: string } | null;
  personas: Persona[];
  stop(): Promise<void>;
}

/** A clock that starts at 09:00 London on `date` and runs on in real time: prompts due that day show at once. */
export function clockFrom(date: IsoDate, real: Clock): Clock {
  const offset = londonInstant(date, '09:00').getTime() - real.now().getTime();
  return { now: () => new Date(real.now().getTime() + offset) };
}

/** Each demo person's personal chat with the bot: their own, and the same on every run, as in Teams. */
export function personalChatId(persona: Pick<Persona, 'key'>): string {
  return `cadence-demo-chat-${persona.key}`;
}

/** The demo's Outlook (the Graph emulator's mailboxes), kept beside its database so that both survive a restart together. */
export const OUTLOOK_STATE_FILE = 'outlook-emulator.json';

async function isEmpty(db: Database): Promise<boolean> {
  const [row] = await db.query<{ n: string }>('SELECT count(*) AS n FROM people');
  return Number(row?.n ?? 0) === 0;
}

/**
 * Imports the demo council into an empty database, with a few sessions
 * booked in `calendar` (app/embedded/demo-sessions.ts); false when the
 * database already holds people.
 */
export async function seedDemoIfEmpty(
  db: Database,
  clock: Clock,
  calendar: CalendarPort,
): Promise<boolean> {
  const today = londonDate(clock.now());
  if (!(await isEmpty(db))) return false;
  await importRoster((work) => db.transaction((tx) => work(rosterWriter(tx))), {
    text: readFileSync(join(DEMO, 'roster.csv'), 'utf8'),
    file: 'app/demo/roster.csv',
    actor: 'cadence:demo',
    today,
    dryRun: false,
  });
  await importCases((work) => db.transaction((tx) => work(casesWriter(tx))), {
    text: readFileSync(join(DEMO, 'cases.csv'), 'utf8'),
    file: 'app/demo/cases.csv',
    actor: 'cadence:demo',
    today,
    dryRun: false,
  });
  // Solihull's monthly team group supervision (000, Group Supervision), facilitated by Sana Iqbal.
  await importGroups((work) => db.transaction((tx) => work(groupsWriter(tx))), {
    text: readFileSync(join(DEMO, 'groups.csv'), 'utf8'),
    file: 'app/demo/groups.csv',
    actor: 'cadence:demo',
    dryRun: false,
    today,
  });
  // Carys Evans's three weeks' leave in the demo's Outlook, with Jack Price covering (docs/roster.md#cover).
  const leaveFrom = addDays(today, DEMO_LONG_LEAVE.fromDay);
  await db.transaction((tx) =>
    setCover(coverStore(tx), {
      supervisorUpn: DEMO_LONG_LEAVE.upn,
      coverUpn: DEMO_LONG_LEAVE.cover,
      from: leaveFrom,
      to: addDays(leaveFrom, DEMO_LONG_LEAVE.days - 1),
      actor: 'cadence:demo',
    }),
  );
  await seedDemoSessions(db, calendar, clock, today);
  return true;
}

export async function startEmbedded(options: EmbeddedOptions): Promise<Embedded> {
  const { config, clock } = options;
  const today = londonDate(clock.now());
  // Checked before anything starts, so a wrong --as leaves nothing running.
  const personas = demoPersonas();
  if (options.currentUser && !personas.some((p) => p.key === options.currentUser)) {
    throw new InputError(
      `--as: no demo person '${options.currentUser}'; choose one of ${personas.map((p) => p.key).join(', ')}`,
    );
  }
  const db = await openDatabase(config);
  const fresh = await isEmpty(db);
  // The demo's Outlook lives and goes with its database: a new database starts with new calendars.
  const outlookFile = join(config.dataDir, OUTLOOK_STATE_FILE);
  if (fresh) rmSync(outlookFile, { force: true });
  let emulator: GraphEmulator;
  try {
    emulator = await startGraphEmulator({
      port: 0,
      latencyMs: options.graphLatencyMs ?? 0,
      stateFile: outlookFile,
    });
  } catch (error) {
    await db.close();
    // A saved Outlook that cannot be used is said in one line, with what to do.
    throw error instanceof EmulatorStateError ? new InputError(error.message) : error;
  }
  if (!emulator.restored) {
    emulator.seedDemoCouncil({ today });
    if (!fresh)
      options.log(
        `the demo's Outlook calendars were not kept in ${outlookFile}: new ones were made, so sessions booked before are rebooked once`,
      );
  }
  const graphClient = createGraphClient(emulatorConnection(emulator));
  const calendar = createCalendarAdapter(graphClient);
  let seeded: boolean;
  try {
    seeded = await seedDemoIfEmpty(db, clock, calendar);
  } catch (error) {
    await emulator.close();
    await db.close();
    throw error;
  }
  // The demo's administrator persona is a Cadence administrator.
  const admins = [
    ...config.admins,
    ...personas.filter((p) => p.key === 'admin').map((p) => p.upn.toLowerCase()),
  ];
  let stack: BotStack | null = null;
  let playground: Awaited<ReturnType<typeof startPlayground>> | null = null;
  try {
    stack = await startBotStack({
      db,
      // The Playground's people are in the demo tenant: the bot answers that tenant only, as it answers only the council's in production.
      config: {
        ...config,
        admins,
        bot: { ...config.bot, tenantId: config.bot.tenantId ?? DEMO_TENANT_ID },
      },
      clock,
      calendar,
      graphClient,
      background: options.background ?? true,
      ...(options.answerWithinMs !== undefined && { answerWithinMs: options.answerWithinMs }),
      // One readable line per event on stderr; debug events (a job another pass already ran) are left out.
      log: (event) => {
        if (event.level !== 'debug') options.log(logLine(londonDateTime(clock.now()), event));
      },
    });
    if (options.playground) {
      const workDir = join(config.dataDir, 'playground');
      mkdirSync(workDir, { recursive: true });
      playground = await startPlayground({
        botEndpoint: `http://localhost:${stack.server.port}/api/messages`,
        port: options.playgroundPort,
        personas,
        conversationId: personalChatId(
          personas.find((p) => p.key === (options.currentUser ?? 'supervisor'))!,
        ),
        workDir,
        ...(options.currentUser ? { currentUser: options.currentUser } : {}),
      });
      // The browser's person has the app in their chat, as if they had installed it in Teams:
      // the bot keeps their conversation, and what waited for them is sent.
      await playground.announceInstall();
    }
  } catch (error) {
    // Nothing is left running when start-up fails (a port in use, say).
    await playground?.stop();
    await stack?.stop();
    await emulator.close();
    await db.close();
    throw error;
  }
  const running = stack;
  // What is due now (reminders, the day's booking) shows at once rather than a job interval later.
  if (options.background ?? true)
    void running
      .runJobs()
      .catch((error: unknown) =>
        options.log(`the first job pass failed: ${error instanceof Error ? error.name : 'error'}`),
      );
  if (seeded)
    options.log(
      `imported the demo council (app/demo/roster.csv, app/demo/cases.csv, app/demo/groups.csv) into ${config.dataDir}`,
    );
  return {
    db,
    emulator,
    stack: running,
    playground,
    personas,
    stop: async () => {
      await playground?.stop();
      await running.stop();
      await emulator.close();
      await db.close();
    },
  };
}
