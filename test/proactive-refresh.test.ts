/**
 * Cards Cadence sends on its own carry a refresh, so Teams shows them as
 * they stand whenever they are opened. Through the bot on a real port and
 * the stand-in Teams connector (which checks every refresh.userIds), with
 * the demo council in PGlite and Outlook emulated; today pinned to Monday
 * 23 November 2026, 09:00 London, inside working hours.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BotStack } from '../app/bot-stack.ts';
import { fixedClock } from '../app/clock.ts';
import { londonInstant, parseIsoDate } from '../rules/index.ts';
import { saveConversationReference, type Database } from '../store/index.ts';
import { startBotWorld, type BotWorld } from './support/bot-world.ts';
import { cardText } from './support/card-reading.ts';
import { conversationReferenceTo, type TeamsConnector } from './support/teams-connector.ts';

const clock = fixedClock(londonInstant(parseIsoDate('2026-11-23'), '09:00'));
/** Sana Iqbal (a team manager) and Paula Nowak (her manager): Entra object ids from the demo roster, and Teams user MRIs. */
const SANA = { aadObjectId: 'd5113366-fcb5-4beb-be32-2dbf6173dbe4', id: '29:sana' };
const PAULA = { aadObjectId: '2a0197a2-9ff5-4511-b029-3833c75e9e6e', id: '29:paula' };

let world: BotWorld;
let db: Database;
let connector: TeamsConnector;
let stack: BotStack;

beforeAll(async () => {
  world = await startBotWorld({ clock });
  ({ db, connector, stack } = world);
  // Sana's personal chat with the bot, as her install left it: its user is her MRI.
  await saveConversationReference(db, SANA.aadObjectId, conversationReferenceTo(connector, 'sana'));
}, 120_000);

afterAll(async () => world?.close());

/** Teams asking the bot for a card's current state, as `who` opens it. */
function refresh(who: { aadObjectId: string; id: string }, card: Record<string, unknown> | null) {
  const action = (card?.refresh as { action: { verb: string; data: unknown } }).action;
  return connector.invoke(stack.server.url, {
    type: 'invoke',
    name: 'adaptiveCard/action',
    id: `refresh-${Math.random()}`,
    from: who,
    recipient: { id: '28:cadence' },
    conversation: { id: 'sana', conversationType: 'personal' },
    replyToId: '1:1',
    value: {
      trigger: 'automatic',
      action: { type: 'Action.Execute', verb: action.verb, data: action.data },
    },
  });
}

describe('a chaser and a record prompt sent by Cadence', () => {
  it('refresh for everyone in the personal chat, show the current state, and a chaser says when nothing is left to do', async () => {
    const [session] = await db.query<{ id: string; supervisor: string }>(
      `SELECT s.id, r.supervisor_id AS supervisor FROM sessions s JOIN relationships r ON r.id = s.relationship_id JOIN people p ON p.id = r.supervisor_id
        WHERE p.upn = 's.iqbal@northdale.example' AND s.status = 'booked' AND s.starts_at < now() ORDER BY s.starts_at LIMIT 1`,
    );
    const sessionId = Number(session!.id);
    const sana = Number(session!.supervisor);
    await stack.deps.outbox.enqueue([
      {
        key: `test-chase:${sessionId}`,
        recipientId: sana,
        kind: 'chase',
        payload: {
          kind: 'unrecorded',
          detail: 'A session you supervised has not been recorded.',
          sessionId,
          subject: `unrecorded:${sessionId}`,
          fromId: null,
        },
        notBefore: clock.now(),
      },
      {
        key: `test-record:${sessionId}`,
        recipientId: sana,
        kind: 'record-prompt',
        payload: { sessionId },
        notBefore: clock.now(),
      },
    ]);
    await stack.drainNow();
    const sent = (kind: RegExp) =>
      connector.accepted.find((a) => a.card && kind.test(cardText(a.card)))?.card ?? null;
    const chaser = sent(/^Reminder/);
    const prompt = sent(/^Record:/);
    for (const card of [chaser, prompt]) {
      expect(card?.refresh).toBeDefined();
      // A personal chat has at most 60 members: userIds left out, so Teams refreshes it for her.
      expect(card!.refresh).not.toHaveProperty('userIds');
    }
    expect((chaser!.refresh as { action: { data: unknown } }).action.data).toMatchObject({
      card: 'chase',
      key: `test-chase:${sessionId}`,
    });

    const now = await refresh(SANA, chaser);
    expect(cardText(now.card)).toMatch(/not been recorded/);
    expect(now.card!.refresh).toMatchObject({ userIds: [SANA.id] });
    // The key says which message, not who may see it: someone else's reminder is answered as one that is not there.
    const notHers = cardText((await refresh(PAULA, chaser)).card);
    expect(notHers).toMatch(/could not find that reminder among yours/);
    const chaserData = (chaser!.refresh as { action: { data: Record<string, unknown> } }).action
      .data;
    expect(
      cardText(
        (
          await refresh(PAULA, {
            refresh: { action: { verb: 'refresh', data: { ...chaserData, key: 'test-chase:0' } } },
          })
        ).card,
      ),
    ).toBe(notHers);

    await db.query(`UPDATE sessions SET status = 'held' WHERE id = $1`, [sessionId]);
    expect(cardText((await refresh(SANA, chaser)).card)).toMatch(/Nothing to do any more/);
    expect(connector.refreshProblems).toEqual([]);
  }, 60_000);
});
