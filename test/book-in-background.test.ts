/**
 * Book from the proposal card when Outlook is slow: the bot on a real port,
 * Teams played by the stand-in connector (which answers 504 for a bot that
 * takes over 10 s, and checks every card's refresh.userIds), Outlook by the
 * Graph emulator over HTTP, the demo council in PGlite, today pinned to
 * Monday 23 November 2026, 09:00 London.
 *
 * Sana Iqbal books Gareth Turner's sessions (the roster leaves him to her:
 * `booking = by-supervisor`) while Graph throttles every request for 20 s.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BotStack } from '../app/bot-stack.ts';
import { fixedClock } from '../app/clock.ts';
import type { GraphEmulator } from '../graph/emulator/index.ts';
import type { FaultOptions } from '../graph/emulator/types.ts';
import { londonInstant, parseIsoDate } from '../rules/index.ts';
import type { Database } from '../store/index.ts';
import { failingCreates, startBotWorld, type BotWorld } from './support/bot-world.ts';
import { button, cardText } from './support/card-reading.ts';
import { waitFor } from './support/instances.ts';
import type { TeamsConnector } from './support/teams-connector.ts';

const TODAY = parseIsoDate('2026-11-23');
const clock = fixedClock(londonInstant(TODAY, '09:00'));
/** Sana Iqbal's Entra object id and her Teams user MRI. */
const SANA = { aadObjectId: 'd5113366-fcb5-4beb-be32-2dbf6173dbe4', id: '29:sana-iqbal' };
const GARETH = 'g.turner@northdale.example';
const THROTTLED_MS = 20_000;

/** FaultOptions are read on every request, so the test throttles Graph for a while by changing them. */
const faults: FaultOptions = {};
/** Outlook, through the product's adapter; a test can make creating series fail. */
let failCreates = false;
let world: BotWorld;
let db: Database;
let emulator: GraphEmulator;
let connector: TeamsConnector;
let stack: BotStack;
let relationshipId: number;

beforeAll(async () => {
  world = await startBotWorld({
    clock,
    faults,
    calendar: failingCreates(() => failCreates),
  });
  ({ db, emulator, connector, stack } = world);
  const [row] = await db.query<{ id: string }>(
    'SELECT r.id FROM relationships r JOIN people p ON p.id = r.supervisee_id WHERE p.upn = $1 AND r.to_on IS NULL',
    [GARETH],
  );
  relationshipId = Number(row!.id);
}, 120_000);

afterAll(async () => world?.close());

let invokes = 0;
/** Sana presses a button on the card in message `messageId` of her personal chat, as Teams sends it. */
function press(messageId: string, pressed: { verb: string; data: Record<string, unknown> }) {
  invokes += 1;
  return connector.invoke(stack.server.url, {
    type: 'invoke',
    name: 'adaptiveCard/action',
    id: `invoke-${invokes}`,
    from: SANA,
    recipient: { id: '28:cadence' },
    conversation: { id: 'a:sana-personal', conversationType: 'personal', tenantId: 'tenant' },
    replyToId: messageId,
    value: { action: { type: 'Action.Execute', verb: pressed.verb, data: pressed.data } },
  });
}

/**
 * The card a Book ends with: its answer, or, when that said booking is under
 * way (Outlook slower than the answer's budget), the card that replaced it.
 */
async function settled(
  messageId: string,
  answer: { card: Record<string, unknown> | null },
): Promise<Record<string, unknown> | null> {
  if (!/Booking supervision/.test(cardText(answer.card))) return answer.card;
  const seen = connector.updated.length;
  const update = await waitFor(
    'the card to be replaced',
    () => connector.updated.slice(seen).find((u) => u.activityId === messageId) ?? null,
    30_000,
    100,
  );
  return update.card;
}

/** Gareth's supervision events in Sana's Outlook calendar. */
function garethEvents(): number {
  const sana = emulator.state.directory.find('s.iqbal@northdale.example')!.id;
  return emulator.state.store
    .events(sana)
    .filter((e) => e.input.attendees?.some((a) => a.emailAddress.address.toLowerCase() === GARETH))
    .length;
}

describe('Book while Outlook throttles for 20 s', () => {
  it('is answered within 3 s saying booking is under way, books once despite a double click, and the card becomes the booked sessions', async () => {
    const proposal = await press('card-1', { verb: 'propose', data: { relationshipId } });
    expect(proposal.status).toBe(200);
    expect((proposal.card!.refresh as { userIds: string[] }).userIds).toEqual([SANA.id]);
    const book = button(proposal.card, /^Book/);
    const before = garethEvents();

    faults.throttleEvery = 1;
    faults.retryAfterSeconds = THROTTLED_MS / 1000;
    const throttledAt = performance.now();
    // Outlook is back just before the Retry-After runs out.
    const lifted = setTimeout(() => delete faults.throttleEvery, THROTTLED_MS - 1_000);
    try {
      const answer = await press('card-1', book);
      expect(answer.status).toBe(200);
      expect(answer.ms).toBeLessThan(3_000);
      expect(cardText(answer.card)).toMatch(/Booking supervision/);
      expect(cardText(answer.card)).toMatch(/changes to the booked sessions when it is done/);
      expect(answer.card!.refresh).toMatchObject({
        userIds: [SANA.id],
        action: { verb: 'refresh', data: { card: 'booking', relationshipId } },
      });

      // A double click (or a second device) while it books: told it is under way, and nothing starts again.
      const again = await press('card-1', book);
      expect(again.ms).toBeLessThan(3_000);
      expect(cardText(again.card)).toMatch(/Booking supervision/);

      const updated = await waitFor(
        'the card to be updated',
        () => connector.updated.find((u) => u.activityId === 'card-1') ?? null,
        60_000,
        200,
      );
      expect(updated.at - throttledAt).toBeGreaterThan(THROTTLED_MS - 1_000);
      expect(cardText(updated.card)).toMatch(/Supervision booked: \d+ sessions/);
      expect(cardText(updated.card)).toMatch(/Gareth Turner, supervised by Sana Iqbal/);
    } finally {
      clearTimeout(lifted);
      delete faults.throttleEvery;
    }
    expect(emulator.counters.throttled).toBeGreaterThan(0);
    const after = garethEvents();
    expect(after).toBeGreaterThan(before);

    // Pressing the old Book once more, after: the booked sessions, and nothing new in Outlook.
    const replay = await press('card-1', book);
    expect(cardText(replay.card)).toMatch(/Supervision booked/);
    expect(garethEvents()).toBe(after);
    expect(connector.refreshProblems).toEqual([]);
  }, 90_000);
});

describe('a booking that did not finish', () => {
  it('says what failed with Try again, shows Finish booking when reopened, and finishing books each session once', async () => {
    // Jack Price: Sana's other by-supervisor supervisee, not booked yet.
    const [row] = await db.query<{ id: string }>(
      'SELECT r.id FROM relationships r JOIN people p ON p.id = r.supervisee_id WHERE p.upn = $1 AND r.to_on IS NULL',
      ['j.price@northdale.example'],
    );
    const jack = Number(row!.id);
    const proposal = await press('card-2', { verb: 'propose', data: { relationshipId: jack } });
    failCreates = true;
    let failed;
    try {
      failed = await settled('card-2', await press('card-2', button(proposal.card, /^Book/)));
    } finally {
      failCreates = false;
    }
    // What failed, and what to do.
    expect(cardText(failed)).toMatch(/Not everything was booked/);
    const retry = button(failed, /Try again/);

    // What a card left "under way" by a restart shows when it is opened: the series is still open, and nothing books it here.
    const reopened = await press('card-2', {
      verb: 'refresh',
      data: { verb: 'refresh', card: 'booking', relationshipId: jack },
    });
    expect(cardText(reopened.card)).toMatch(/Booking did not finish/);
    const finish = button(reopened.card, /Finish booking/);
    expect(finish.data).toMatchObject({ verb: 'book', relationshipId: jack });

    const finished = await settled('card-2', await press('card-2', finish));
    expect(cardText(finished)).toMatch(/Supervision booked: \d+ sessions/);
    const [count] = await db.query<{ sessions: string; events: string }>(
      `SELECT count(*) AS sessions, count(DISTINCT calendar_event_id) AS events FROM sessions WHERE relationship_id = $1 AND status = 'booked'`,
      [jack],
    );
    expect(Number(count!.events)).toBe(Number(count!.sessions));
    // The first card's Try again now finds nothing left to do, and books nothing more.
    const later = await settled('card-2', await press('card-2', retry));
    expect(cardText(later)).toMatch(/Supervision booked/);
    expect(connector.refreshProblems).toEqual([]);
  }, 60_000);
});
