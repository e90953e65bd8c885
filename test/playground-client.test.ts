/**
 * The Agents Playground as the embedded mode starts it (app/embedded/playground.ts)
 * and the client the end-to-end tests drive it with (test/support/playground-client.ts),
 * against the real Playground and a throwaway echo bot built the way Cadence's
 * bot is (botbuilder's CloudAdapter without an app id, restify on 127.0.0.1).
 * The Playground runs on a free port, not 56150, so a developer's `npm start` is left alone.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ActivityHandler,
  CardFactory,
  type Activity,
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
  type TurnContext,
} from 'botbuilder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEMO_BOT,
  DEMO_TENANT_ID,
  demoPersonas,
  playgroundConfig,
  playgroundUserId,
  startPlayground,
  type Persona,
  type Playground,
} from '../app/embedded/index.ts';
import restify from '../bot/restify.ts';
import {
  continueConversation,
  createAdapter,
  NO_CREDENTIALS,
  type BotCredentials,
  type CloudAdapter,
} from '../bot/adapter.ts';
import {
  connectPlayground,
  PlaygroundApiError,
  type PlaygroundClient,
} from './support/playground-client.ts';
import { freePort } from './support/ports.ts';

const CREDENTIALS: BotCredentials = NO_CREDENTIALS;

const card = (text: string) => ({
  type: 'AdaptiveCard',
  version: '1.5',
  body: [
    { type: 'TextBlock', text },
    { type: 'Input.Text', id: 'note' },
  ],
  actions: [
    { type: 'Action.Execute', title: 'Go', verb: 'go', data: { step: 1 } },
    { type: 'Action.Submit', title: 'Send', data: { kind: 'submit' } },
  ],
});

class EchoBot extends ActivityHandler {
  readonly received: Partial<Activity>[] = [];
  constructor() {
    super();
    this.onMessage(async (context, next) => {
      const activity = context.activity;
      this.received.push(activity);
      if (activity.text === 'card')
        await context.sendActivity({
          attachments: [CardFactory.adaptiveCard(card(`a card for ${activity.from.name}`))],
        });
      else if (activity.text) await context.sendActivity(`echo: ${activity.text}`);
      else
        await context.sendActivity(
          `submitted ${JSON.stringify(activity.value)} by ${activity.from.aadObjectId}`,
        );
      await next();
    });
    this.onInstallationUpdate(async (context, next) => {
      this.received.push(context.activity);
      await next();
    });
  }

  protected override onAdaptiveCardInvoke(
    context: TurnContext,
    invokeValue: AdaptiveCardInvokeValue,
  ): Promise<AdaptiveCardInvokeResponse> {
    this.received.push(context.activity);
    const data = invokeValue.action.data;
    return Promise.resolve({
      statusCode: 200,
      type: 'application/vnd.microsoft.card.adaptive',
      value: {
        type: 'AdaptiveCard',
        version: '1.5',
        body: [
          {
            type: 'TextBlock',
            text: `done: ${invokeValue.action.verb} ${JSON.stringify(data)} by ${context.activity.from.aadObjectId}`,
          },
        ],
      },
    });
  }
}

async function startEchoBot(
  bot: EchoBot,
): Promise<{ endpoint: string; adapter: CloudAdapter; close(): Promise<void> }> {
  const adapter = createAdapter(CREDENTIALS);
  const server = restify.createServer({ name: 'echo' });
  server.use(restify.plugins.bodyParser({ mapParams: false }));
  server.post('/api/messages', async (req, res) => {
    await adapter.process(req, res, (context) => bot.run(context));
  });
  await new Promise<void>((resolve) => {
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  return {
    endpoint: `http://127.0.0.1:${address.port}/api/messages`,
    adapter,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
      }),
  };
}

describe('the Agents Playground and its client', () => {
  const personas = demoPersonas();
  const persona = (key: string): Persona => personas.find((p) => p.key === key)!;
  const bot = new EchoBot();
  const workDir = mkdtempSync(join(tmpdir(), 'cadence-playground-'));
  let echo: Awaited<ReturnType<typeof startEchoBot>>;
  let playground: Playground;
  let client: PlaygroundClient;
  const lines: string[] = [];

  const lastReceived = (predicate: (a: Partial<Activity>) => boolean) =>
    [...bot.received].reverse().find(predicate);
  beforeAll(async () => {
    echo = await startEchoBot(bot);
    playground = await startPlayground({
      botEndpoint: echo.endpoint,
      port: await freePort(),
      personas,
      conversationId: 'cadence-test-personal-chat',
      workDir,
      log: (line) => lines.push(line),
    });
    client = await connectPlayground(playground.url, { personas });
  }, 120_000);

  afterAll(async () => {
    await client?.close();
    await playground?.stop();
    await echo?.close();
    rmSync(workDir, { recursive: true, force: true });
  });

  it('maps six demo people to the Playground: the supervisor as the current user, five others', async () => {
    expect(personas.map((p) => [p.key, p.upn])).toEqual([
      ['supervisor', 's.iqbal@northdale.example'],
      ['supervisee', 'n.patel@northdale.example'],
      ['manager', 'p.nowak@northdale.example'],
      ['admin', 'l.baker@northdale.example'],
      ['supervising-social-worker', 'x.doyle@northdale.example'],
      ['head-of-service', 'd.marsh@northdale.example'],
    ]);
    const { config } = await client.config();
    expect(config.currentUser).toMatchObject({
      userPrincipleName: 's.iqbal@northdale.example',
      aadObjectId: persona('supervisor').aadObjectId,
      id: playgroundUserId(persona('supervisor')),
    });
    expect(config.users).toHaveLength(5);
    expect(config.users.map((u) => u.aadObjectId).sort()).toEqual(
      personas
        .slice(1)
        .map((p) => p.aadObjectId)
        .sort(),
    );
    expect(config.personalChat.id).toBe('cadence-test-personal-chat');
    expect(playground.conversationId).toBe('cadence-test-personal-chat');
    expect(readFileSync(join(workDir, '.m365agentsplayground.yml'), 'utf8')).toContain(
      'userPrincipleName: "n.patel@northdale.example"',
    );
    expect(lines.some((l) => l === `Listening on ${playground.port}`)).toBe(true);
  });

  it('types as the supervisor: the bot sees her object id, in her personal chat, with the connector as serviceUrl', async () => {
    await client.say('supervisor', 'hello from Sana');
    const reply = await client.nextMessage((m) => m.text === 'echo: hello from Sana');
    expect(reply).toMatchObject({
      conversationId: 'cadence-test-personal-chat',
      userId: playgroundUserId(persona('supervisor')),
      kind: 'create',
      via: 'conversation',
    });
    const incoming = lastReceived((a) => a.text === 'hello from Sana')!;
    expect(incoming.from).toMatchObject({
      id: playgroundUserId(persona('supervisor')),
      aadObjectId: persona('supervisor').aadObjectId,
      name: 'Sana Iqbal',
    });
    expect(incoming.conversation).toMatchObject({
      id: 'cadence-test-personal-chat',
      conversationType: 'personal',
    });
    expect(incoming.serviceUrl).toBe(`http://localhost:${playground.port}/_connector`);
    expect(incoming.serviceUrl).toBe(playground.serviceUrl);
    expect(incoming.channelId).toBe('msteams');
  });

  it('types as the supervisee too: her own personal chat, her object id', async () => {
    await client.say('supervisee', 'hello from Nisha');
    const reply = await client.nextMessage((m) => m.text === 'echo: hello from Nisha');
    expect(reply).toMatchObject({ userId: playgroundUserId(persona('supervisee')), via: 'log' });
    expect(reply.conversationId).not.toBe('cadence-test-personal-chat');
    const incoming = lastReceived((a) => a.text === 'hello from Nisha')!;
    expect(incoming.from).toMatchObject({
      aadObjectId: persona('supervisee').aadObjectId,
      name: 'Nisha Patel',
    });
    expect(incoming.conversation).toMatchObject({
      id: reply.conversationId,
      conversationType: 'personal',
    });
    expect(await client.personalChat('n.patel@northdale.example')).toBe(reply.conversationId);
  });

  it('only the current user can type through the Playground itself; others are refused', async () => {
    const error = await fetch(
      `${playground.url}/_conversation/v1/conversations/cadence-test-personal-chat/messages`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          from: { id: playgroundUserId(persona('manager')) },
          text: 'hi',
          textFormat: 'plain',
        }),
      },
    );
    expect(error.status).toBe(400);
    expect(await error.json()).toMatchObject({ code: 'UserNotFound' });
    await expect(
      client.say('supervisor', 'hi', { conversationId: 'no-such-chat' }),
    ).rejects.toMatchObject({ status: 404, code: 'ConversationNotFound' });
    await expect(
      client.say('supervisor', 'hi', { conversationId: 'no-such-chat' }),
    ).rejects.toBeInstanceOf(PlaygroundApiError);
    expect(() => client.userId('nobody')).toThrow(/no Playground user "nobody"/);
  });

  it.each(['supervisor', 'supervisee'])(
    'card actions as the %s: Action.Execute answers with the new card, Action.Submit reaches the bot as a message',
    async (key) => {
      const who = persona(key);
      await client.say(key, 'card');
      const message = await client.nextMessage(
        (m) => m.card !== null && m.userId === playgroundUserId(who),
      );
      expect(message.card?.body?.[0]).toMatchObject({ text: `a card for ${who.name}` });

      const result = await client.invoke(key, message.id, 'go', { step: 1, note: 'ready' });
      expect(result.type).toBe('application/vnd.microsoft.card.adaptive');
      expect(result.card?.body?.[0]).toMatchObject({
        text: `done: go {"step":1,"note":"ready"} by ${who.aadObjectId}`,
      });
      const invoked = lastReceived((a) => a.type === 'invoke' && a.replyToId === message.id)!;
      expect(invoked).toMatchObject({
        name: 'adaptiveCard/action',
        from: { aadObjectId: who.aadObjectId },
        value: { action: { type: 'Action.Execute', verb: 'go' } },
      });

      await client.submit(key, message.id, { kind: 'submit', note: 'later' });
      const reply = await client.nextMessage(
        (m) => m.text?.startsWith('submitted') === true && m.userId === playgroundUserId(who),
      );
      expect(reply.text).toBe(`submitted {"kind":"submit","note":"later"} by ${who.aadObjectId}`);
      const submitted = lastReceived(
        (a) => a.type === 'message' && a.replyToId === message.id && a.value !== undefined,
      )!;
      expect(submitted.text).toBeUndefined();
    },
  );

  it('shows proactive messages sent through continueConversation, and in-place updates', async () => {
    const incoming = lastReceived(
      (a) => a.from?.aadObjectId === persona('supervisor').aadObjectId && a.type === 'message',
    )!;
    const reference = {
      serviceUrl: incoming.serviceUrl,
      channelId: 'msteams',
      conversation: incoming.conversation,
      bot: incoming.recipient,
      user: incoming.from,
    };
    let sentId = '';
    await continueConversation(echo.adapter, CREDENTIALS, reference, async (context) => {
      sentId = (await context.sendActivity('a reminder, out of the blue'))?.id ?? '';
    });
    const proactive = await client.nextMessage((m) => m.text === 'a reminder, out of the blue');
    expect(proactive).toMatchObject({
      conversationId: 'cadence-test-personal-chat',
      kind: 'create',
      id: sentId,
    });

    await continueConversation(echo.adapter, CREDENTIALS, reference, async (context) => {
      await context.updateActivity({ id: sentId, type: 'message', text: 'a reminder, updated' });
    });
    const updated = await client.nextMessage((m) => m.text === 'a reminder, updated');
    expect(updated).toMatchObject({ kind: 'update', id: sentId });

    // And to the supervisee's chat, which the conversation stream does not show: read from the log stream.
    const nisha = lastReceived((a) => a.from?.aadObjectId === persona('supervisee').aadObjectId)!;
    const toNishaReference = {
      serviceUrl: nisha.serviceUrl,
      channelId: 'msteams',
      conversation: nisha.conversation,
      bot: nisha.recipient,
      user: nisha.from,
    };
    let toNishaId = '';
    await continueConversation(echo.adapter, CREDENTIALS, toNishaReference, async (context) => {
      toNishaId = (await context.sendActivity('your supervision is on Thursday'))?.id ?? '';
    });
    const toNisha = await client.nextMessage((m) => m.text === 'your supervision is on Thursday');
    expect(toNisha).toMatchObject({
      id: toNishaId,
      userId: playgroundUserId(persona('supervisee')),
      via: 'log',
      kind: 'create',
    });
    await continueConversation(echo.adapter, CREDENTIALS, toNishaReference, async (context) => {
      await context.updateActivity({
        id: toNishaId,
        type: 'message',
        text: 'your supervision is on Friday',
      });
    });
    expect(
      await client.nextMessage((m) => m.text === 'your supervision is on Friday'),
    ).toMatchObject({ id: toNishaId, via: 'log', kind: 'update' });
  });

  it('sees a personal chat the bot opens itself (createConversation), and its messages', async () => {
    const head = persona('head-of-service');
    let conversationId = '';
    await echo.adapter.createConversationAsync(
      '',
      'msteams',
      playground.serviceUrl,
      '',
      {
        isGroup: false,
        bot: { ...DEMO_BOT },
        members: [{ id: playgroundUserId(head), name: head.name }],
        tenantId: DEMO_TENANT_ID,
        channelData: { tenant: { id: DEMO_TENANT_ID } },
      },
      async (context) => {
        conversationId = context.activity.conversation.id;
        await context.sendActivity('escalation: two records overdue');
      },
    );
    const message = await client.nextMessage((m) => m.text === 'escalation: two records overdue');
    expect(message).toMatchObject({ conversationId, userId: playgroundUserId(head) });
    expect(await client.personalChat('head-of-service')).toBe(conversationId);
  });

  it('says what did arrive when an expected message does not', async () => {
    await expect(client.nextMessage((m) => m.text === 'never sent', 300)).rejects.toThrow(
      /no matching message from the bot within 300 ms; the last received:\n.*/,
    );
    expect(client.messages.length).toBeGreaterThan(5);
  });

  it('stops, saying so, when the Playground falls back to its default users (it did with a relative config path)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cadence-playground-fallback-'));
    try {
      await expect(
        startPlayground({
          botEndpoint: echo.endpoint,
          port: await freePort(),
          personas,
          conversationId: 'other',
          workDir: dir,
          // The path npm start used to give it, relative to a folder the Playground does not run in.
          env: { M365_AGENTS_PLAYGROUND_CONFIG_PATH: 'data/playground/.m365agentsplayground.yml' },
        }),
      ).rejects.toThrow(
        /did not take its configuration .* and plays its default user Alex Wilber instead of Sana Iqbal/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('announces the current user’s install to the bot, from the chat it names, as Teams does', async () => {
    await playground.announceInstall();
    await expect
      .poll(() => bot.received.some((a) => a.type === 'installationUpdate'), { timeout: 10_000 })
      .toBe(true);
    const install = bot.received.find((a) => a.type === 'installationUpdate');
    expect(install).toMatchObject({
      action: 'add',
      from: { aadObjectId: persona('supervisor').aadObjectId },
      conversation: { id: 'cadence-test-personal-chat', conversationType: 'personal' },
    });
  });

  it('refuses a busy port clearly rather than taking another', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cadence-playground-busy-'));
    try {
      await expect(
        startPlayground({
          botEndpoint: echo.endpoint,
          port: playground.port,
          personas,
          conversationId: 'other',
          workDir: dir,
        }),
      ).rejects.toThrow(`port ${playground.port} is busy`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('the Playground config', () => {
  const personas = demoPersonas();

  it('takes exactly six personas, unique, with GUID object ids', () => {
    expect(() => playgroundConfig({ personas: personas.slice(0, 5), conversationId: 'c' })).toThrow(
      'exactly 6 personas (a current user and 5 others), not 5',
    );
    expect(() =>
      playgroundConfig({
        personas: [...personas.slice(0, 5), { ...personas[5]!, upn: personas[0]!.upn }],
        conversationId: 'c',
      }),
    ).toThrow(/same upn/);
    expect(() =>
      playgroundConfig({
        personas: [...personas.slice(0, 5), { ...personas[5]!, aadObjectId: 'x' }],
        conversationId: 'c',
      }),
    ).toThrow(/must be a GUID/);
    expect(() =>
      playgroundConfig({ personas, currentUser: 'nobody', conversationId: 'c' }),
    ).toThrow(/no persona has the key "nobody"/);
  });

  it('makes whoever is asked the current user, and keeps the chat ids apart', () => {
    const config = playgroundConfig({ personas, currentUser: 'supervisee', conversationId: 'c' });
    expect(config.currentUser.userPrincipleName).toBe('n.patel@northdale.example');
    expect(config.users.map((u) => u.userPrincipleName)).not.toContain('n.patel@northdale.example');
    expect(new Set([config.personalChat.id, config.groupChat.id, config.team.id]).size).toBe(3);
  });

  it('refuses a roster that no longer fits the demo', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cadence-roster-'));
    try {
      const roster = readFileSync(new URL('../app/demo/roster.csv', import.meta.url), 'utf8');
      const path = join(dir, 'roster.csv');
      const changed = roster.replace(
        'n.patel@northdale.example,Nisha Patel,asye',
        'n.patel@northdale.example,Nisha Patel,social-worker',
      );
      writeFileSync(path, changed);
      expect(() => demoPersonas(path)).toThrow(
        /n\.patel@northdale\.example should be asye, not social-worker/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
