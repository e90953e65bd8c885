/**
 * The bot server's probes and graceful stop on a real port: /readyz names the
 * part that failed and never an error's text; /healthz and /readyz need no
 * token when /api/messages does; drain() turns /readyz to "shutting down" at
 * once and waits for the turn in hand, whose answer still arrives.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { ActivityHandler, type InvokeResponse } from 'botbuilder';
import { NO_CREDENTIALS } from '../bot/adapter.ts';
import type { CheckResult } from '../bot/readiness.ts';
import { startBotServer, type BotServer } from '../bot/server.ts';

/** A bot whose invoke turns take as long as `answer` does. */
class SlowInvoke extends ActivityHandler {
  constructor(private readonly answer: () => Promise<unknown>) {
    super();
  }
  protected override async onInvokeActivity(): Promise<InvokeResponse> {
    return { status: 200, body: await this.answer() };
  }
}

let server: BotServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

const base = (s: BotServer) => s.url.replace('/api/messages', '');
const get = async (s: BotServer, path: string) => {
  const response = await fetch(`${base(s)}${path}`);
  return { status: response.status, text: await response.text() };
};

/** A server on a free loopback port with these readiness checks. */
const serverChecking = (checks: Record<string, () => Promise<CheckResult>>, readinessCacheMs = 0) =>
  startBotServer({
    bot: new ActivityHandler(),
    credentials: NO_CREDENTIALS,
    host: '127.0.0.1',
    port: 0,
    readiness: checks,
    readinessCacheMs,
  });

describe('/readyz', () => {
  it('answers 200 with each check when all pass, and 503 naming the one that failed, without the error text', async () => {
    let database: () => Promise<CheckResult> = () => Promise.resolve({ ok: true });
    server = await serverChecking({
      database: () => database(),
      graph: () => Promise.resolve({ ok: true, detail: 'not configured' }),
    });
    const ready = await get(server, '/readyz');
    expect(ready.status).toBe(200);
    expect(JSON.parse(ready.text)).toEqual({
      status: 'ready',
      checks: { database: 'ok', graph: 'not configured' },
    });

    database = () =>
      Promise.reject(
        new Error(
          'connect ECONNREFUSED for postgres://cadence:s3cret-password@db.internal:5432/cadence',
        ),
      );
    const down = await get(server, '/readyz');
    expect(down.status).toBe(503);
    expect(JSON.parse(down.text)).toEqual({
      status: 'not ready',
      failed: ['database'],
      checks: { database: 'failed', graph: 'not configured' },
    });
    expect(down.text).not.toMatch(/s3cret|postgres:|db\.internal/);
    expect((await get(server, '/healthz')).status).toBe(200);
  });

  it('is cheap under a flood: the checks run once for many asks, and one address asking more than ten times a second is answered 429', async () => {
    let runs = 0;
    server = await serverChecking(
      {
        database: async () => {
          runs += 1;
          await new Promise((resolve) => setTimeout(resolve, 50));
          return { ok: true };
        },
      },
      3_000,
    );
    const answers = await Promise.all(Array.from({ length: 60 }, () => get(server!, '/readyz')));
    const ready = answers.filter((a) => a.status === 200).length;
    const limited = answers.filter((a) => a.status === 429).length;
    // Ten a second: sixty asks at once span at most two one-second windows.
    expect(ready).toBeGreaterThan(0);
    expect(ready).toBeLessThanOrEqual(20);
    expect(limited).toBe(60 - ready);
    // One database check served every answer (they all came within the three seconds an answer is kept).
    expect(runs).toBe(1);
    expect((await get(server, '/healthz')).status).toBe(200);
  });

  it('answers one dependency at /readyz/<check>: a Graph outage leaves /readyz/database ready, so the platform keeps routing turns that need no Graph', async () => {
    server = await serverChecking({
      database: () => Promise.resolve({ ok: true }),
      graph: () => Promise.resolve({ ok: false, reason: 'unavailable' }),
    });
    expect((await get(server, '/readyz')).status).toBe(503);
    const database = await get(server, '/readyz/database');
    expect(database.status).toBe(200);
    expect(JSON.parse(database.text)).toEqual({ status: 'ready', checks: { database: 'ok' } });
    const graph = await get(server, '/readyz/graph');
    expect(graph.status).toBe(503);
    expect(JSON.parse(graph.text)).toEqual({
      status: 'not ready',
      failed: ['graph'],
      checks: { graph: 'unavailable' },
    });
    const unknown = await get(server, '/readyz/redis');
    expect(unknown.status).toBe(404);
    expect(JSON.parse(unknown.text)).toEqual({
      status: 'unknown check',
      checks: ['database', 'graph'],
    });
    void server.drain(1_000);
    const stopping = await get(server, '/readyz/database');
    expect(stopping.status).toBe(503);
    expect(JSON.parse(stopping.text)).toEqual({ status: 'shutting down' });
  });

  it('is reachable without a token when /api/messages asks for one', async () => {
    server = await startBotServer({
      bot: new ActivityHandler(),
      credentials: {
        appId: randomUUID(),
        appPassword: 'secret',
        appType: 'SingleTenant',
        tenantId: randomUUID(),
      },
      host: '127.0.0.1',
      port: 0,
    });
    expect((await get(server, '/healthz')).status).toBe(200);
    expect((await get(server, '/readyz')).status).toBe(200);
    const unauthenticated = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"type":"message"}',
    });
    expect(unauthenticated.status).toBe(401);
  });
});

describe('a graceful stop', () => {
  it('says "shutting down" at once, waits for the turn in hand, and that turn is still answered', async () => {
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let reached: () => void = () => {};
    const inTurn = new Promise<void>((resolve) => {
      reached = resolve;
    });
    // An invoke's answer travels back in the HTTP response: what the person sees arrives only if the turn is let finish.
    const bot = new SlowInvoke(async () => {
      reached();
      await held;
      return { answered: 'after the stop began' };
    });
    server = await startBotServer({ bot, credentials: NO_CREDENTIALS, host: '127.0.0.1', port: 0 });
    const turn = fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        type: 'invoke',
        name: 'adaptiveCard/action',
        id: 'a1',
        channelId: 'msteams',
        serviceUrl: 'http://127.0.0.1:9/',
        from: { id: '29:user' },
        recipient: { id: '28:bot' },
        conversation: { id: 'c1' },
        value: {},
      }),
    });
    await inTurn;
    expect(server.inFlight()).toBe(1);

    const drained = server.drain(10_000);
    const during = await get(server, '/readyz');
    expect(during.status).toBe(503);
    expect(JSON.parse(during.text)).toEqual({ status: 'shutting down' });
    let settled = false;
    void drained.then(() => {
      settled = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(settled).toBe(false);

    release();
    expect(await drained).toBe(0);
    const answer = await turn;
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({ answered: 'after the stop began' });
  });

  it('gives up on a turn that outlasts the time allowed, and says how many were left', async () => {
    let reached: () => void = () => {};
    const inTurn = new Promise<void>((resolve) => {
      reached = resolve;
    });
    const bot = new SlowInvoke(async () => {
      reached();
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      return {};
    });
    server = await startBotServer({ bot, credentials: NO_CREDENTIALS, host: '127.0.0.1', port: 0 });
    const turn = fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        type: 'invoke',
        name: 'x',
        id: 'a1',
        channelId: 'msteams',
        serviceUrl: 'http://127.0.0.1:9/',
        from: { id: 'u' },
        recipient: { id: 'b' },
        conversation: { id: 'c' },
      }),
    });
    await inTurn;
    const started = performance.now();
    expect(await server.drain(300)).toBe(1);
    expect(performance.now() - started).toBeLessThan(1_500);
    await turn;
  });
});
