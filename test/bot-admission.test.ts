/**
 * Who the bot answers (issue 13, items 3 and 4): only the council's tenant,
 * only Teams, and anything personal only in a personal chat. The bot on a real
 * port with the demo council in PGlite and the stand-in Teams connector as
 * the serviceUrl; activities are sent as Teams sends them, with another
 * tenant's id, another channel, or a group chat's conversation.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BotStack } from '../app/bot-stack.ts';
import { fixedClock } from '../app/clock.ts';
import { PERSONAL_CHAT_ONLY } from '../bot/admission.ts';
import { londonInstant, parseIsoDate } from '../rules/index.ts';
import type { Database } from '../store/index.ts';
import { startBotWorld, type BotWorld } from './support/bot-world.ts';
import { cardText } from './support/card-reading.ts';
import type { TeamsConnector } from './support/teams-connector.ts';

const clock = fixedClock(londonInstant(parseIsoDate('2026-11-23'), '09:00'));
const COUNCIL_TENANT = randomUUID();
const OTHER_TENANT = randomUUID();
/** Sana Iqbal, a team manager in the demo council. */
const SANA = { aadObjectId: 'd5113366-fcb5-4beb-be32-2dbf6173dbe4', id: '29:sana-iqbal' };

let world: BotWorld;
let db: Database;
let connector: TeamsConnector;
let stack: BotStack;

beforeAll(async () => {
  world = await startBotWorld({ clock, tenantId: COUNCIL_TENANT });
  ({ db, connector, stack } = world);
}, 120_000);

afterAll(async () => world?.close());

let sent = 0;
/** An activity as Teams sends it: from Sana, in her personal chat, in the council's tenant, unless `fields` say otherwise. */
function send(fields: Record<string, unknown> & { tenant?: string }) {
  sent += 1;
  const { tenant = COUNCIL_TENANT, ...rest } = fields;
  return connector.invoke(stack.server.url, {
    type: 'message',
    id: `activity-${sent}`,
    from: SANA,
    recipient: { id: '28:cadence' },
    conversation: { id: 'a:sana-personal', conversationType: 'personal', tenantId: tenant },
    channelData: { tenant: { id: tenant } },
    ...rest,
  });
}

/** What reached a conversation at the connector since `from`. */
const repliesIn = (conversationId: string, from: number) =>
  connector.accepted.slice(from).filter((a) => a.conversationId === conversationId);

const references = () =>
  db.query<{ aad: string; conversation: string }>(
    `SELECT aad_object_id AS aad, reference -> 'conversation' ->> 'id' AS conversation FROM conversation_refs ORDER BY aad_object_id`,
  );

describe('only the council, only Teams, only personal chats', () => {
  it('answers Sana in her personal chat, and keeps that chat to reach her', async () => {
    const before = connector.accepted.length;
    const answer = await send({ text: 'help' });
    expect(answer.status).toBe(200);
    expect(repliesIn('a:sana-personal', before)).toHaveLength(1);
    expect(await references()).toEqual([
      { aad: SANA.aadObjectId, conversation: 'a:sana-personal' },
    ]);
  });

  it("answers nothing from another tenant, even with a roster person's id, and keeps nothing of it", async () => {
    const before = connector.accepted.length;
    await send({
      text: 'overdue',
      tenant: OTHER_TENANT,
      conversation: { id: 'a:outsider', conversationType: 'personal', tenantId: OTHER_TENANT },
    });
    // Its channelData says the council's tenant, its conversation another's: not the council's either.
    await send({
      text: 'overdue',
      conversation: { id: 'a:outsider-2', conversationType: 'personal', tenantId: OTHER_TENANT },
    });
    // A stranger from another tenant installs the app.
    await send({
      type: 'installationUpdate',
      action: 'add',
      from: { id: '29:stranger', aadObjectId: randomUUID() },
      tenant: OTHER_TENANT,
      conversation: { id: 'a:stranger', conversationType: 'personal', tenantId: OTHER_TENANT },
    });
    expect(connector.accepted.length).toBe(before);
    expect(await references()).toEqual([
      { aad: SANA.aadObjectId, conversation: 'a:sana-personal' },
    ]);
  });

  it('answers nothing from a channel other than Teams (Web Chat is on for every Azure Bot by default)', async () => {
    const before = connector.accepted.length;
    const answer = await send({
      text: 'overdue',
      channelId: 'webchat',
      conversation: { id: 'a:webchat' },
    });
    expect(answer.status).toBe(200);
    expect(connector.accepted.length).toBe(before);
    expect(await references()).toEqual([
      { aad: SANA.aadObjectId, conversation: 'a:sana-personal' },
    ]);
  });

  it('answers a group chat with the short "personal chat" line only, and the chase that follows still goes to her personal chat', async () => {
    const before = connector.accepted.length;
    await send({
      text: '<at>Cadence</at> overdue',
      conversation: {
        id: 'a:team-group',
        conversationType: 'groupChat',
        isGroup: true,
        tenantId: COUNCIL_TENANT,
      },
    });
    const inGroup = repliesIn('a:team-group', before);
    expect(inGroup).toHaveLength(1);
    expect(inGroup[0]!.text).toBe(PERSONAL_CHAT_ONLY);
    expect(inGroup[0]!.card).toBeNull();

    // A card pressed in a group chat (forwarded there, say) is answered with the same line, as a card.
    const pressed = await send({
      type: 'invoke',
      name: 'adaptiveCard/action',
      conversation: { id: 'a:team-group', conversationType: 'groupChat', tenantId: COUNCIL_TENANT },
      value: { action: { type: 'Action.Execute', verb: 'command', data: { command: 'overdue' } } },
    });
    expect(pressed.status).toBe(200);
    expect(cardText(pressed.card)).toMatch(/personal chat/);
    expect(cardText(pressed.card)).not.toMatch(/overdue/i);

    expect(await references()).toEqual([
      { aad: SANA.aadObjectId, conversation: 'a:sana-personal' },
    ]);
    const [session] = await db.query<{ id: string; supervisor: string }>(
      `SELECT s.id, r.supervisor_id AS supervisor FROM sessions s JOIN relationships r ON r.id = s.relationship_id JOIN people p ON p.id = r.supervisor_id
        WHERE p.upn = 's.iqbal@northdale.example' AND s.status = 'booked' AND s.starts_at < now() ORDER BY s.starts_at LIMIT 1`,
    );
    const sessionId = Number(session!.id);
    const chasesBefore = connector.accepted.length;
    await stack.deps.outbox.enqueue([
      {
        key: `admission-chase:${sessionId}`,
        recipientId: Number(session!.supervisor),
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
    ]);
    await stack.drainNow();
    const chase = connector.accepted.slice(chasesBefore);
    expect(chase.map((a) => a.conversationId)).toEqual(['a:sana-personal']);
    expect(cardText(chase[0]!.card)).toMatch(/^Reminder/);
  });

  it('a team channel message gets the same short line, and Cadence added to a group chat says once where to find it', async () => {
    const before = connector.accepted.length;
    await send({
      text: 'my sessions',
      conversation: {
        id: '19:team-channel@thread.tacv2',
        conversationType: 'channel',
        isGroup: true,
        tenantId: COUNCIL_TENANT,
      },
    });
    await send({
      type: 'installationUpdate',
      action: 'add',
      conversation: {
        id: 'a:new-group',
        conversationType: 'groupChat',
        isGroup: true,
        tenantId: COUNCIL_TENANT,
      },
    });
    expect(connector.accepted.slice(before).map((a) => [a.conversationId, a.text])).toEqual([
      ['19:team-channel@thread.tacv2', PERSONAL_CHAT_ONLY],
      ['a:new-group', PERSONAL_CHAT_ONLY],
    ]);
    expect(await references()).toEqual([
      { aad: SANA.aadObjectId, conversation: 'a:sana-personal' },
    ]);
  });
});
