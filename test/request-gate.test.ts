/**
 * The attacks of issue 13 (items 0–2) on the bot endpoint, with no token:
 * a truncated gzip stream, a gzip bomb, a multipart upload, a body over the
 * limit with no Content-Length. Each is refused before its body is read; the
 * server keeps answering, memory stays put and nothing reaches the disk.
 */
import { readdirSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ActivityHandler } from 'botbuilder';
import { NO_CREDENTIALS } from '../bot/adapter.ts';
import { startBotServer, MAX_BODY_BYTES, type BotServer } from '../bot/server.ts';

let server: BotServer;
let reached = 0;

beforeAll(async () => {
  const bot = new ActivityHandler();
  bot.onMessage(async (_context, next) => {
    reached += 1;
    await next();
  });
  server = await startBotServer({ bot, credentials: NO_CREDENTIALS, host: '127.0.0.1', port: 0 });
});
afterAll(async () => {
  await server.close();
});

/** A raw request, so headers and body can be what an attacker sends (chunked when no length is given). */
function send(
  headers: Record<string, string>,
  body: Buffer | Buffer[],
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(server.url, { method: 'POST', headers }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (part: Buffer) => parts.push(part));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, text: Buffer.concat(parts).toString('utf8') }),
      );
    });
    req.on('error', (error: NodeJS.ErrnoException) =>
      error.code === 'EPIPE' || error.code === 'ECONNRESET' ? undefined : reject(error),
    );
    for (const part of Array.isArray(body) ? body : [body]) req.write(part);
    req.end();
  });
}

const alive = async () => (await fetch(server.url.replace('/api/messages', '/healthz'))).status;

describe('the bot endpoint refuses what is not a Bot Connector activity before reading it', () => {
  it('a truncated gzip stream is refused 415 and the server lives on', async () => {
    const whole = gzipSync(Buffer.from(JSON.stringify({ type: 'message', text: 'hello' })));
    const cut = whole.subarray(0, Math.floor(whole.length / 2));
    const answer = await send(
      {
        'content-type': 'application/json',
        'content-encoding': 'gzip',
        'content-length': String(cut.length),
      },
      cut,
    );
    expect(answer.status).toBe(415);
    expect(await alive()).toBe(200);
  });

  it('a gzip bomb (250 MB of JSON in 250 KB) is refused 415 without being inflated', async () => {
    const bomb = gzipSync(Buffer.alloc(250 * 1024 * 1024, 0x20), { level: 9 });
    expect(bomb.length).toBeLessThan(MAX_BODY_BYTES);
    const before = process.memoryUsage().rss;
    const answer = await send(
      {
        'content-type': 'application/json',
        'content-encoding': 'gzip',
        'content-length': String(bomb.length),
      },
      bomb,
    );
    expect(answer.status).toBe(415);
    // The server runs in this process: inflated, the bomb would add 250 MB.
    expect(process.memoryUsage().rss - before).toBeLessThan(50 * 1024 * 1024);
    expect(reached).toBe(0);
  });

  it('a multipart upload is refused 415 and leaves no file in the temp folder', async () => {
    const before = new Set(readdirSync(tmpdir()));
    const boundary = 'x-cadence-test';
    const file = Buffer.concat([
      Buffer.from(
        `--${boundary}\r\ncontent-disposition: form-data; name="f"; filename="a.bin"\r\ncontent-type: application/octet-stream\r\n\r\n`,
      ),
      Buffer.alloc(5 * 1024 * 1024, 0x61),
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const answer = await send(
      { 'content-type': `multipart/form-data; boundary=${boundary}` },
      file,
    );
    expect(answer.status).toBe(415);
    const added = readdirSync(tmpdir()).filter(
      (name) => !before.has(name) && name.startsWith('upload_'),
    );
    expect(added).toEqual([]);
    expect(await alive()).toBe(200);
  });

  it('a body over the limit with no Content-Length is cut off at the limit with 413', async () => {
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    const answer = await send(
      { 'content-type': 'application/json' },
      Array.from({ length: 40 }, () => chunk),
    );
    expect(answer.status).toBe(413);
    expect(reached).toBe(0);
    expect(await alive()).toBe(200);
  });

  it('a body that is not JSON is refused 400, and a GET or another type 405 or 415', async () => {
    expect(
      (await send({ 'content-type': 'application/json' }, Buffer.from('{"type":'))).status,
    ).toBe(400);
    expect((await send({ 'content-type': 'text/plain' }, Buffer.from('{}'))).status).toBe(415);
    expect([404, 405]).toContain((await fetch(server.url)).status);
  });

  it('an activity as the Bot Connector sends it still reaches the bot', async () => {
    const activity = {
      type: 'message',
      id: '1',
      text: 'hello',
      from: { id: 'u' },
      recipient: { id: 'b' },
      conversation: { id: 'c' },
      channelId: 'msteams',
      serviceUrl: 'http://127.0.0.1:9/',
    };
    const answer = await send(
      { 'content-type': 'application/json; charset=utf-8' },
      Buffer.from(JSON.stringify(activity)),
    );
    expect(answer.status).toBeLessThan(300);
    expect(reached).toBe(1);
  });
});

describe('slow clients are cut at the documented limits (10 s for headers, 30 s for a request; shorter here), not when Node next looks (every 30 s)', () => {
  /** Opens a connection, sends `first`, then nothing: resolves with the ms until the server closes it. */
  const cutAfter = (url: string, first: string) =>
    new Promise<number>((resolve, reject) => {
      const { hostname, port } = new URL(url);
      const started = performance.now();
      const socket = connect(Number(port), hostname, () => socket.write(first));
      socket.on('error', () => undefined);
      // Read what the server answers (408, or the first answer kept alive): an unread socket would never see its end.
      socket.resume();
      socket.on('close', () => resolve(performance.now() - started));
      setTimeout(() => reject(new Error('not cut within 20 s')), 20_000).unref();
    });

  it('headers that never end are cut at the headers limit; a body that never ends, at the request limit; a kept-alive connection gets the limit again', async () => {
    const slow = await startBotServer({
      bot: new ActivityHandler(),
      credentials: NO_CREDENTIALS,
      host: '127.0.0.1',
      port: 0,
      timeouts: { headersMs: 1_000, requestMs: 2_000 },
    });
    try {
      // A whole request, answered, then the start of a second on the same connection that never ends.
      const keptAlive =
        'GET /healthz HTTP/1.1\r\nHost: x\r\n\r\nGET /healthz HTTP/1.1\r\nHost: x\r\n';
      const [headers, body, second] = await Promise.all([
        cutAfter(slow.url, 'POST /api/messages HTTP/1.1\r\nHost: x\r\n'),
        cutAfter(
          slow.url,
          'POST /api/messages HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"type":',
        ),
        cutAfter(slow.url, keptAlive),
      ]);
      expect(second).toBeGreaterThanOrEqual(990);
      expect(second).toBeLessThan(1_900);
      // Cut at the limit (Node's own check would have waited up to 30 s more).
      expect(headers).toBeGreaterThanOrEqual(990);
      expect(headers).toBeLessThan(1_900);
      expect(body).toBeGreaterThanOrEqual(1_990);
      expect(body).toBeLessThan(2_900);
    } finally {
      await slow.close();
    }
  }, 30_000);
});
