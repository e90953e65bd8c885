/**
 * The embedded stack `npm start` runs: PGlite in the data directory (the demo
 * council imported on the first run), the Graph emulator with the demo
 * council's calendars, the bot on localhost, and the Microsoft 365 Agents
 * Playground as the Teams client, its users mapped to demo people.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCalendarAdapter, createGraphClient, emulatorConnection, startGraphEmulator, type GraphEmulator } from '../../graph/index.ts';
import { addWorkingDays, InputError, londonDate, londonDateTime, londonInstant, type IsoDate } from '../../rules/index.ts';
import { casesWriter, insertSession, rosterWriter, type Database } from '../../store/index.ts';
import { importCases, importRoster, type Clock } from '../../supervision/index.ts';
import { startBotStack, type BotStack } from '../bot-stack.ts';
import type { Config } from '../config.ts';
import { logLine } from '../log-line.ts';
import { openDatabase } from '../open-database.ts';
import { demoPersonas, startPlayground, type Persona } from './playground.ts';

const DEMO = fileURLToPath(new URL('../demo/', import.meta.url));
export const PLAYGROUND_CONVERSATION_ID = 'cadence-demo-personal-chat';

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

export async function seedDemoIfEmpty(db: Database, today: IsoDate): Promise<boolean> {
  const [row] = await db.query<{ n: string }>('SELECT count(*) AS n FROM people');
  if (Number(row?.n ?? 0) > 0) return false;
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
    dryRun: false,
  });
  await seedDemoSessions(db, today);
  return true;
}

/**
 * A few sessions so that the first run has something to do: one ended and
 * unrecorded past its deadline (it shows as overdue and under "record"),
 * one ended yesterday (a record prompt), and one in two working days for the
 * ASYE persona (a preparation prompt), whose last session left two actions.
 */
async function seedDemoSessions(db: Database, today: IsoDate): Promise<void> {
  const relationship = async (superviseeUpn: string) => {
    const [row] = await db.query<{ id: string; type: string }>(
      `SELECT r.id, r.types[1] AS type FROM relationships r JOIN people p ON p.id = r.supervisee_id WHERE lower(p.upn) = $1 AND r.to_on IS NULL`,
      [superviseeUpn],
    );
    return row && { id: Number(row.id), type: row.type };
  };
  const at = (date: IsoDate, time: string, minutes: number) => {
    const startsAt = londonInstant(date, time);
    return { startsAt, endsAt: new Date(startsAt.getTime() + minutes * 60_000) };
  };
  const session = async (upn: string, date: IsoDate, time: string) => {
    const r = await relationship(upn);
    if (!r) return null;
    return insertSession(db, { relationshipId: r.id, type: r.type, status: 'booked', ...at(date, time, 60), dueOn: date, recordDueOn: null });
  };
  await session('f.ali@northdale.example', addWorkingDays(today, -8), '14:00');
  await session('c.evans@northdale.example', addWorkingDays(today, -1), '11:00');
  await session('n.patel@northdale.example', addWorkingDays(today, 2), '10:00');
  // Two actions from the ASYE's last held session, for the preparation card's toggles.
  const [held] = await db.query<{ id: string; supervisee: string; supervisor: string }>(
    `SELECT s.id, r.supervisee_id AS supervisee, r.supervisor_id AS supervisor FROM sessions s
       JOIN relationships r ON r.id = s.relationship_id JOIN people p ON p.id = r.supervisee_id
      WHERE lower(p.upn) = 'n.patel@northdale.example' AND s.status = 'held' ORDER BY s.starts_at DESC LIMIT 1`,
  );
  if (held) {
    await db.query(
      `INSERT INTO actions (session_id, text, owner_id, due_on) VALUES ($1, 'Read the updated threshold guidance', $2, $4), ($1, 'Book a place on the court skills course', $3, $4)`,
      [held.id, held.supervisee, held.supervisor, addWorkingDays(today, 5)],
    );
  }
}

export async function startEmbedded(options: EmbeddedOptions): Promise<Embedded> {
  const { config, clock } = options;
  const today = londonDate(clock.now());
  // Checked before anything starts, so a wrong --as leaves nothing running.
  const personas = demoPersonas();
  if (options.currentUser && !personas.some((p) => p.key === options.currentUser)) {
    throw new InputError(`--as: no demo person '${options.currentUser}'; choose one of ${personas.map((p) => p.key).join(', ')}`);
  }
  const db = await openDatabase(config);
  const seeded = await seedDemoIfEmpty(db, today);
  const emulator = await startGraphEmulator({ port: 0, latencyMs: options.graphLatencyMs ?? 0 });
  emulator.seedDemoCouncil({ today });
  const graphClient = createGraphClient(emulatorConnection(emulator));
  const calendar = createCalendarAdapter(graphClient);
  // The demo's administrator persona is a Cadence administrator.
  const admins = [...config.admins, ...personas.filter((p) => p.key === 'admin').map((p) => p.upn.toLowerCase())];
  let stack: BotStack | null = null;
  let playground: Awaited<ReturnType<typeof startPlayground>> | null = null;
  try {
    stack = await startBotStack({
      db,
      config: { ...config, admins },
      clock,
      calendar,
      graphClient,
      background: options.background ?? true,
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
        conversationId: PLAYGROUND_CONVERSATION_ID,
        workDir,
        ...(options.currentUser ? { currentUser: options.currentUser } : {}),
      });
    }
  } catch (error) {
    // Nothing is left running when start-up fails (a port in use, say).
    await stack?.stop();
    await emulator.close();
    await db.close();
    throw error;
  }
  const running = stack;
  if (seeded) options.log(`imported the demo council (app/demo/roster.csv, app/demo/cases.csv) into ${config.dataDir}`);
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
