/**
 * The stand-in Teams connector holds the bot to two of Teams' rules: an
 * invoke not answered within 10 s is answered 504 for the bot (the person
 * sees an error), and a card's refresh.userIds must be user MRIs.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  INVOKE_TIMEOUT_MS,
  startTeamsConnector,
  type TeamsConnector,
} from './support/teams-connector.ts';

let connector: TeamsConnector;
let bot: Server;
let botUrl: string;
/** How long the stand-in bot takes to answer, per test. */
let answerAfterMs = 0;

const card = (userIds?: unknown) => ({
  type: 'AdaptiveCard',
  version: '1.5',
  body: [{ type: 'TextBlock', text: 'Booked' }],
  refresh: {
    action: { type: 'Action.Execute', verb: 'refresh', data: { verb: 'refresh' } },
    ...(userIds !== undefined && { userIds }),
  },
});

beforeAll(async () => {
  connector = await startTeamsConnector();
  // A bot that answers every invoke with a card, after `answerAfterMs`.
  bot = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      setTimeout(() => {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(
          JSON.stringify({
            statusCode: 200,
            type: 'application/vnd.microsoft.card.adaptive',
            value: card(['29:sana']),
          }),
        );
      }, answerAfterMs);
    });
  });
  await new Promise<void>((resolve) => bot.listen(0, '127.0.0.1', resolve));
  botUrl = `http://127.0.0.1:${(bot.address() as AddressInfo).port}/api/messages`;
});

afterAll(async () => {
  bot.closeAllConnections();
  await new Promise((resolve) => bot.close(resolve));
  await connector.close();
});

const invoke = {
  type: 'invoke',
  name: 'adaptiveCard/action',
  id: 'i-1',
  conversation: { id: 'a:chat' },
  replyToId: 'm-1',
  from: { id: '29:sana' },
};

describe('an adaptiveCard/action invoke', () => {
  it('is answered with the bot’s card when the bot answers in time', async () => {
    answerAfterMs = 50;
    const answer = await connector.invoke(botUrl, invoke);
    expect(answer.status).toBe(200);
    expect(answer.card).toMatchObject({ type: 'AdaptiveCard' });
  });

  it('is answered 504 GatewayTimeout at 10 s when the bot takes longer, as Teams does', async () => {
    answerAfterMs = INVOKE_TIMEOUT_MS + 1_500;
    const answer = await connector.invoke(botUrl, invoke);
    expect(answer.status).toBe(504);
    expect(answer.body).toEqual({
      error: { code: 'GatewayTimeout', message: expect.any(String) as string },
    });
    expect(answer.card).toBeNull();
    expect(answer.ms).toBeGreaterThanOrEqual(INVOKE_TIMEOUT_MS - 5);
    expect(answer.ms).toBeLessThan(INVOKE_TIMEOUT_MS + 1_000);
  }, 20_000);
});

describe('refresh.userIds', () => {
  const post = (conversation: string, body: unknown, method = 'POST', activityId = '') =>
    fetch(
      `${connector.serviceUrl}v3/conversations/${conversation}/activities${activityId ? `/${activityId}` : ''}`,
      {
        method,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      },
    );
  const withCard = (content: unknown) => ({
    type: 'message',
    attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content }],
  });

  it('takes user MRIs, or none in a personal chat, and reports Entra object ids, an empty list and more than 60 users', async () => {
    connector.reset();
    expect((await post('a:1', withCard(card(['29:sana'])))).status).toBe(201);
    expect((await post('a:1', withCard(card()))).status).toBe(201);
    expect(connector.refreshProblems).toEqual([]);

    await post('a:1', withCard(card(['d5113366-fcb5-4beb-be32-2dbf6173dbe4'])));
    await post('a:1', withCard(card([])));
    await post('a:1', withCard(card(Array.from({ length: 61 }, (_, i) => `29:user${i}`))));
    expect(connector.refreshProblems).toEqual([
      expect.stringMatching(/"d5113366-fcb5-4beb-be32-2dbf6173dbe4", not a user MRI/),
      expect.stringMatching(/empty: Teams never refreshes/),
      expect.stringMatching(/61 users; Teams takes at most 60/),
    ]);
  });

  it('is checked on updated messages too, and an update names a message that exists', async () => {
    connector.reset();
    const sent = (await (await post('a:2', withCard(card(['29:sana'])))).json()) as { id: string };
    expect(
      (await post('a:2', withCard(card(['6f1c2d7e-0a4b-4c8e-9d3f-1b2a3c4d5e6f'])), 'PUT', sent.id))
        .status,
    ).toBe(200);
    expect(connector.updated).toHaveLength(1);
    expect(connector.refreshProblems).toEqual([
      expect.stringMatching(/^update of .*not a user MRI/),
    ]);
    expect((await post('a:2', withCard(card()), 'PUT', 'no-such-message')).status).toBe(404);
  });
});
