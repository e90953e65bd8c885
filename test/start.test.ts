/**
 * The README's `npm start`, as a newcomer runs it from a fresh clone with the
 * default settings (PGlite in the relative ./data): the Agents Playground plays
 * the demo person it says, with a chat of their own, and answers `help`; a
 * restart with `--as manager` plays the manager; a restart a week later
 * (`--today`) moves time on without rebooking the council, sends no card for a
 * cancelled session, and its daily job succeeds.
 *
 * Each run is the real `npm start` in a process group of its own, stopped
 * with SIGINT as Ctrl+C stops it. The demo clock is pinned with --today so the
 * demo's dates do not depend on when the test runs.
 */
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPglite, type Database } from '../store/index.ts';
import { cardText } from './support/card-reading.ts';
import { freshCopy, npmStart, type NpmStart } from './support/npm-start.ts';
import {
  connectPlayground,
  type PlaygroundClient,
  type PlaygroundMessage,
} from './support/playground-client.ts';
import { freePort } from './support/ports.ts';

const FIRST_DAY = '2026-11-23';
const WEEK_LATER = '2026-11-30';

let dir: string;
let running: NpmStart | null = null;
let client: PlaygroundClient | null = null;

beforeAll(() => {
  dir = freshCopy();
});

afterAll(async () => {
  await client?.close();
  await running?.stop();
  rmSync(dir, { recursive: true, force: true });
}, 60_000);

/** `npm start` with these arguments, once it says it is ready; the Playground's client connected. */
async function start(
  args: string[],
): Promise<{ run: NpmStart; client: PlaygroundClient; playgroundPort: number }> {
  const playgroundPort = await freePort();
  running = npmStart(dir, [
    ...args,
    '--port',
    String(await freePort()),
    '--playground-port',
    String(playgroundPort),
  ]);
  await running.waitFor(/Type "help" in the chat/);
  client = await connectPlayground(`http://127.0.0.1:${playgroundPort}`);
  return { run: running, client, playgroundPort };
}

async function stop(): Promise<string> {
  await client?.close();
  client = null;
  const last = await running!.stop();
  running = null;
  return last;
}

/** The help card (its heading is "Cadence"), among the reminders the first job pass may send at the same time. */
const isHelpCard = (m: PlaygroundMessage) =>
  m.card !== null && m.via === 'conversation' && /^Cadence\b/.test(cardText(m.card));

/** Says `help` as the Playground's own user, as the browser does, and returns the text of the help card the bot answers with. */
async function askHelp(playground: PlaygroundClient): Promise<string> {
  const reply = playground.nextMessage(isHelpCard);
  await playground.say(playground.currentUserId, 'help');
  return cardText((await reply).card);
}

/** Waits for the daily job's line for `day` and returns how it ended. */
async function dailyJob(run: NpmStart, day: string): Promise<string> {
  const line = await run.waitFor(
    new RegExp(`job job=daily-booking runKey=${day} status=\\w+`),
    120_000,
  );
  return line.split('status=')[1]!;
}

async function withDatabase<T>(read: (db: Database) => Promise<T>): Promise<T> {
  const db = await openPglite(join(dir, 'data'));
  try {
    return await read(db);
  } finally {
    await db.close();
  }
}

interface BookedSession {
  id: string;
  relationshipId: string;
  status: string;
  startsAt: Date;
  eventId: string | null;
  moveReason: string | null;
}

const sessions = (db: Database) =>
  db.query<BookedSession>(
    `SELECT id, relationship_id AS "relationshipId", status, starts_at AS "startsAt", calendar_event_id AS "eventId", move_reason AS "moveReason" FROM sessions WHERE calendar_event_id IS NOT NULL ORDER BY id`,
  );

describe('npm start from a fresh clone, on its default settings', () => {
  let before: BookedSession[];

  it('opens the Playground as the supervisor it names, in her own chat, and answers help with the help card', async () => {
    const { run, client: playground } = await start(['--today', FIRST_DAY]);
    expect(run.output().stdout).toContain('* supervisor                 Sana Iqbal');
    const { config } = await playground.config();
    expect(config.currentUser).toMatchObject({
      name: 'Sana Iqbal',
      userPrincipleName: 's.iqbal@northdale.example',
    });
    expect(config.personalChat.id).toBe('cadence-demo-chat-supervisor');
    // Installed in her chat as Teams would: the bot greets her with the help card.
    const welcome = await playground.nextMessage(isHelpCard);
    expect(cardText(welcome.card)).toMatch(/book/i);
    const help = await askHelp(playground);
    expect(help).toMatch(/book/i);
    expect(help).toMatch(/record/i);
    expect(help).not.toMatch(/not in Cadence/i);
    // The database is where the README says, inside the clone, though the Playground ran in another folder.
    expect(existsSync(join(dir, 'data', 'PG_VERSION'))).toBe(true);
    expect(await dailyJob(run, FIRST_DAY)).toBe('ran');
    expect(await stop()).toBe('Cadence stopped.');
    before = await withDatabase(sessions);
    expect(before.filter((s) => s.status === 'booked').length).toBeGreaterThan(50);
    // The demo's own sessions were booked as every session is: no one is booked twice at once.
    const overlapping = await withDatabase((db) =>
      db.query(
        `WITH taken AS (
           SELECT s.id, s.starts_at, s.ends_at, unnest(ARRAY[r.supervisor_id, r.supervisee_id]) AS person
             FROM sessions s JOIN relationships r ON r.id = s.relationship_id WHERE s.status = 'booked')
         SELECT a.person, a.id AS first, b.id AS second FROM taken a JOIN taken b
           ON a.person = b.person AND a.id < b.id AND a.starts_at < b.ends_at AND b.starts_at < a.ends_at`,
      ),
    );
    expect(overlapping).toEqual([]);
  });

  it('with --as manager, plays the manager in her own chat and answers her help', async () => {
    const { run, client: playground } = await start(['--today', FIRST_DAY, '--as', 'manager']);
    expect(run.output().stdout).toContain('* manager                    Paula Nowak');
    const { config } = await playground.config();
    expect(config.currentUser).toMatchObject({
      name: 'Paula Nowak',
      userPrincipleName: 'p.nowak@northdale.example',
    });
    expect(config.personalChat.id).toBe('cadence-demo-chat-manager');
    const help = await askHelp(playground);
    expect(help).toMatch(/overdue/i);
    expect(help).not.toMatch(/not in Cadence/i);
    // Nothing meant for Sana reaches Paula's chat: every card here names Paula's own business.
    expect(await stop()).toBe('Cadence stopped.');
    const chats = await withDatabase((db) =>
      db.query<{ upn: string; chat: string }>(
        `SELECT p.upn, c.reference->'conversation'->>'id' AS chat FROM conversation_refs c JOIN people p ON p.entra_object_id = c.aad_object_id WHERE c.installed ORDER BY p.upn`,
      ),
    );
    expect(chats).toEqual([
      { upn: 'p.nowak@northdale.example', chat: 'cadence-demo-chat-manager' },
      { upn: 's.iqbal@northdale.example', chat: 'cadence-demo-chat-supervisor' },
    ]);
  });

  it('a week later (--today), keeps every booking, sends no card for a cancelled session, and its daily job succeeds', async () => {
    const { run } = await start(['--today', WEEK_LATER]);
    expect(await dailyJob(run, WEEK_LATER)).toBe('ran');
    // Let the prompts of the new day go out (the outbox is drained every few seconds).
    await run.waitFor(/job job=prompts runKey=2026-11-30T\S+ status=ran/, 60_000);
    await new Promise((resolve) => setTimeout(resolve, 8_000));
    expect(await stop()).toBe('Cadence stopped.');
    expect(run.output().stderr).not.toMatch(/not kept|rebooked/);

    const after = await withDatabase(sessions);
    const now = new Date(`${WEEK_LATER}T09:00:00Z`);
    const stillToCome = before.filter((s) => s.status === 'booked' && s.startsAt > now);
    expect(stillToCome.length).toBeGreaterThan(40);
    const byId = new Map(after.map((s) => [s.id, s]));
    const changed = stillToCome.filter((s) => {
      const later = byId.get(s.id);
      return (
        !later ||
        later.status !== 'booked' ||
        later.startsAt.getTime() !== s.startsAt.getTime() ||
        later.eventId !== s.eventId
      );
    });
    expect(changed).toEqual([]);
    expect(after.filter((s) => s.moveReason?.endsWith('in-outlook'))).toEqual([]);
    // Booking only went further ahead: what it added for a relationship comes after all that relationship had.
    const lastOf = (relationshipId: string) =>
      Math.max(
        0,
        ...before
          .filter((b) => b.relationshipId === relationshipId)
          .map((b) => b.startsAt.getTime()),
      );
    const added = after.filter((s) => !before.some((b) => b.id === s.id));
    expect(added.filter((s) => s.startsAt.getTime() <= lastOf(s.relationshipId))).toEqual([]);

    const cardsForCancelled = await withDatabase((db) =>
      db.query(
        `SELECT o.key FROM outbox o JOIN sessions s ON s.id = (o.payload->>'sessionId')::bigint
          WHERE o.status = 'sent' AND o.activity_id IS NOT NULL AND s.status = 'cancelled'`,
      ),
    );
    expect(cardsForCancelled).toEqual([]);
    const daily = await withDatabase((db) =>
      db.query<{ outcome: Record<string, unknown> }>(
        `SELECT outcome FROM job_runs WHERE job = 'daily-booking' AND run_key = $1`,
        [WEEK_LATER],
      ),
    );
    expect(daily).toHaveLength(1);
    expect(daily[0]!.outcome.failed).toBeUndefined();
  });
});
