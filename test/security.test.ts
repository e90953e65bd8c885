/**
 * The attacks of issue 13 against a real `cadence serve`: a child process on
 * a loopback port, with the demo council in PGlite, the council's tenant set
 * (MicrosoftAppTenantId) and the stand-in Teams connector as the serviceUrl.
 * It runs without an app id (tokens are not checked on loopback, as in the
 * embedded mode), so every request here is one anyone could send: what is
 * measured is what the request costs the process (its resident memory, its
 * temp folder, its answer time) and what it leaves behind (replies, stored
 * conversation references). Token checks are in test/bot-auth.test.ts, the
 * turn-level refusals in test/bot-admission.test.ts.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../app/clock.ts';
import { seedDemoIfEmpty } from '../app/embedded/stack.ts';
import { PERSONAL_CHAT_ONLY } from '../bot/admission.ts';
import { londonInstant, parseIsoDate } from '../rules/index.ts';
import { migrate, openPglite } from '../store/index.ts';
import { memoryCalendar } from './support/memory-calendar.ts';
import { freePort } from './support/ports.ts';
import { residentBytes, startServe, waitUntil, type Serve } from './support/serve-process.ts';
import { startTeamsConnector, type TeamsConnector } from './support/teams-connector.ts';

const TODAY = parseIsoDate('2026-11-23', 'today');
const COUNCIL_TENANT = randomUUID();
/** Sana Iqbal, a team manager in the demo council; the head of service sees everyone's overdue list. */
const SANA = { id: '29:sana', aadObjectId: 'd5113366-fcb5-4beb-be32-2dbf6173dbe4' };
const MB = 1024 * 1024;

let dir: string;
let tmp: string;
let connector: TeamsConnector;
let serve: Serve;
let url: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cadence-security-'));
  tmp = join(dir, 'tmp');
  mkdirSync(tmp);
  const db = await openPglite(join(dir, 'data'));
  await migrate(db);
  await seedDemoIfEmpty(db, fixedClock(londonInstant(TODAY, '09:00')), memoryCalendar().calendar);
  await db.close();
  connector = await startTeamsConnector();
  serve = await startServe({
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? dir,
    // The child's temp folder: what an upload would leave there is seen here.
    TMPDIR: tmp,
    CADENCE_DATA_DIR: join(dir, 'data'),
    CADENCE_TODAY: TODAY,
    CADENCE_BOT_HOST: '127.0.0.1',
    PORT: String(await freePort()),
    MicrosoftAppTenantId: COUNCIL_TENANT,
    CADENCE_RETENTION_YEARS: '7',
  });
  url = `${serve.base}/api/messages`;
}, 180_000);

afterAll(async () => {
  if (serve && serve.child.exitCode === null) {
    serve.child.kill('SIGTERM');
    await serve.exited;
  }
  await connector?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
}, 60_000);

/** A raw request, headers and body as an attacker sends them; the answer's status and how long it took. */
function send(
  headers: Record<string, string>,
  body: Buffer,
): Promise<{ status: number; text: string; ms: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = request(url, { method: 'POST', headers }, (res) => {
      // Answered: the status has arrived (an upload may still be going out).
      const ms = performance.now() - started;
      const parts: Buffer[] = [];
      res.on('data', (part: Buffer) => parts.push(part));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, text: Buffer.concat(parts).toString('utf8'), ms }),
      );
    });
    req.on('error', reject);
    req.end(body);
  });
}

let activities = 0;
/** An activity as Teams sends it, from Sana in her personal chat in the council's tenant unless `fields` say otherwise. */
function activity(fields: Record<string, unknown> = {}) {
  activities += 1;
  return {
    type: 'message',
    id: `security-${activities}`,
    channelId: 'msteams',
    serviceUrl: connector.serviceUrl,
    from: SANA,
    recipient: { id: '28:cadence' },
    conversation: { id: 'a:sana-personal', conversationType: 'personal', tenantId: COUNCIL_TENANT },
    channelData: { tenant: { id: COUNCIL_TENANT } },
    ...fields,
  };
}

const postActivity = (body: unknown) =>
  send({ 'content-type': 'application/json' }, Buffer.from(JSON.stringify(body)));
const healthy = async () => (await fetch(`${serve.base}/healthz`)).status === 200;

describe('requests with no token, against cadence serve', () => {
  it('a truncated gzip stream is answered 4xx, and the process lives on', async () => {
    const whole = gzipSync(Buffer.from(JSON.stringify(activity())));
    const answer = await send(
      { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      whole.subarray(0, Math.floor(whole.length / 2)),
    );
    expect(answer.status).toBeGreaterThanOrEqual(400);
    expect(answer.status).toBeLessThan(500);
    expect(await healthy()).toBe(true);
    expect(serve.child.exitCode).toBeNull();
  });

  // Refusing takes a few milliseconds on this machine (figures in docs/security.md); inflating
  // the bomb or reading the upload to disk takes seconds. The limits below sit between the two,
  // with room for a loaded CI machine: a 100 ms limit once failed at 100.07 ms under load.
  it('a gzip bomb (250 MB in under 256 KB) is answered 415 within a second, and memory grows by under 20 MB', async () => {
    const bomb = gzipSync(Buffer.alloc(250 * MB, 0x20), { level: 9 });
    const before = await residentBytes(serve.child.pid!);
    const answer = await send(
      { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      bomb,
    );
    const after = await residentBytes(serve.child.pid!);
    expect(answer.status).toBe(415);
    expect(answer.ms).toBeLessThan(1_000);
    expect(after - before).toBeLessThan(20 * MB);
  });

  it('a multipart upload (20 MB) is answered 415 within a second, memory grows by under 20 MB, and nothing is written to the temp folder', async () => {
    const boundary = 'x-cadence-security';
    const upload = Buffer.concat([
      Buffer.from(
        `--${boundary}\r\ncontent-disposition: form-data; name="f"; filename="a.bin"\r\ncontent-type: application/octet-stream\r\n\r\n`,
      ),
      Buffer.alloc(20 * MB, 0x61),
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const inTmp = new Set(readdirSync(tmp));
    const before = await residentBytes(serve.child.pid!);
    const answer = await send(
      { 'content-type': `multipart/form-data; boundary=${boundary}` },
      upload,
    );
    const after = await residentBytes(serve.child.pid!);
    expect(answer.status).toBe(415);
    expect(answer.ms).toBeLessThan(1_000);
    expect(after - before).toBeLessThan(20 * MB);
    expect(readdirSync(tmp).filter((name) => !inTmp.has(name))).toEqual([]);
    expect(await healthy()).toBe(true);
  });

  it('250 KB of text is answered (with the help card) quickly, not read as a command', async () => {
    // A first turn warms the process (its modules, the database's caches).
    await postActivity(activity({ text: 'help' }));
    const before = connector.accepted.length;
    const answer = await postActivity(activity({ text: '<at>'.repeat(64_000) }));
    expect(answer.status).toBe(200);
    // Read, the text took 15 s; the issue asks for under 100 ms: the limit here leaves room for a loaded CI machine.
    expect(answer.ms).toBeLessThan(1_000);
    expect(connector.accepted.slice(before).map((a) => a.conversationId)).toEqual([
      'a:sana-personal',
    ]);
  });

  it("another tenant's activity and a Web Chat one get no answer and leave no conversation reference", async () => {
    const before = connector.accepted.length;
    const outsider = randomUUID();
    const foreign = await postActivity(
      activity({
        from: { id: '29:outsider', aadObjectId: outsider },
        channelData: { tenant: { id: randomUUID() } },
        conversation: { id: 'a:outsider', conversationType: 'personal' },
        text: 'overdue',
      }),
    );
    // Sana's id, another tenant: the head of service's list was once sent this way.
    const borrowed = await postActivity(
      activity({
        channelData: { tenant: { id: randomUUID() } },
        conversation: { id: 'a:borrowed', conversationType: 'personal' },
        text: 'overdue',
      }),
    );
    const webchat = await postActivity(
      activity({ channelId: 'webchat', conversation: { id: 'a:webchat' }, text: 'overdue' }),
    );
    expect([foreign.status, borrowed.status, webchat.status]).toEqual([200, 200, 200]);
    expect(connector.accepted.length).toBe(before);
    // The child's log line reaches this process through its stdout pipe, which may be after the
    // HTTP answer (CI once read the list before the Web Chat line had arrived): wait for it.
    const ignored = () =>
      serve.lines.filter((line) => line.event === 'activity-ignored').map((line) => line.outcome);
    await waitUntil(() => ignored().includes('channel'), 10_000).catch(() => undefined);
    expect(ignored()).toEqual(expect.arrayContaining(['tenant', 'tenant', 'channel']));
  });

  it('a group-chat message gets the short "personal chat" answer there, and nothing more', async () => {
    const before = connector.accepted.length;
    await postActivity(
      activity({
        text: '<at>Cadence</at> overdue',
        conversation: {
          id: 'a:group',
          conversationType: 'groupChat',
          isGroup: true,
          tenantId: COUNCIL_TENANT,
        },
      }),
    );
    expect(connector.accepted.slice(before).map((a) => [a.conversationId, a.text, a.card])).toEqual(
      [['a:group', PERSONAL_CHAT_ONLY, null]],
    );
  });

  it('headers that never end are cut after 10 s, as documented', async () => {
    const { hostname, port } = new URL(serve.base);
    const ms = await new Promise<number>((resolve) => {
      const started = performance.now();
      const socket = connect(Number(port), hostname, () =>
        socket.write('POST /api/messages HTTP/1.1\r\nHost: x\r\n'),
      );
      socket.resume();
      socket.on('error', () => undefined);
      socket.on('close', () => resolve(performance.now() - started));
    });
    expect(ms).toBeGreaterThanOrEqual(9_900);
    expect(ms).toBeLessThan(11_000);
  }, 20_000);

  it('a flood of /readyz (200 at once) is answered, mostly 429, while a turn stays quick', async () => {
    const flood = Promise.all(
      Array.from({ length: 200 }, () => fetch(`${serve.base}/readyz`).then((r) => r.status)),
    );
    const turn = await postActivity(activity({ text: 'help' }));
    const statuses = await flood;
    expect(turn.status).toBe(200);
    expect(turn.ms).toBeLessThan(2_000);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(160);
    expect(statuses.every((s) => s === 200 || s === 429)).toBe(true);
  });

  it('every line the process wrote is one JSON object, and nothing went to stderr', () => {
    expect(serve.raw.length).toBe(serve.lines.length);
    expect(serve.stderr()).toBe('');
  });
});
