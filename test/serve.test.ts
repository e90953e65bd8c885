/**
 * `cadence serve` as an operator runs it: a child process through the
 * package's bin, the Graph emulator in this process (over HTTPS for tokens,
 * as @azure/identity requires), a stand-in Bot Connector for the bot's
 * replies, and the demo council in the database. Checked from outside: the
 * JSON lines on stdout, /healthz and /readyz, turns over /api/messages, the
 * exit code on SIGTERM, and what is left in the database after.
 *
 * PGlite (a data directory) always; PostgreSQL when TEST_DATABASE_URL is set:
 * the test makes databases of its own there, since it takes one away from the
 * running process to show what /readyz says then.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../app/clock.ts';
import { seedDemoIfEmpty } from '../app/embedded/stack.ts';
import { startGraphEmulator, type GraphEmulator } from '../graph/emulator/index.ts';
import { londonInstant, parseIsoDate } from '../rules/index.ts';
import { migrate, openPglite, openPostgres, type Database } from '../store/index.ts';
import { emulatorCalendar, emulatorEnv } from './support/emulator-env.ts';
import { freePort } from './support/ports.ts';
import {
  serveFails,
  startServe,
  waitUntil as waitFor,
  type Serve,
} from './support/serve-process.ts';
import { startTeamsConnector, type TeamsConnector } from './support/teams-connector.ts';

const TODAY = parseIsoDate('2026-11-23', 'today');
const serverUrl = process.env.TEST_DATABASE_URL;
/** Sana Iqbal, a team manager in the demo council, supervising Nisha Patel (ASYE) among others. */
const SANA = 'd5113366-fcb5-4beb-be32-2dbf6173dbe4';

async function readyz(serve: Serve): Promise<{
  status: number;
  body: { status: string; checks?: Record<string, string>; failed?: string[] };
  text: string;
}> {
  const response = await fetch(`${serve.base}/readyz`);
  const text = await response.text();
  return { status: response.status, body: JSON.parse(text) as never, text };
}

function activity(connector: TeamsConnector, fields: Record<string, unknown>) {
  return {
    id: randomUUID(),
    channelId: 'msteams',
    serviceUrl: connector.serviceUrl,
    from: { id: '29:sana', aadObjectId: SANA },
    recipient: { id: '28:cadence' },
    conversation: { id: 'a:sana-personal', conversationType: 'personal' },
    ...fields,
  };
}

const post = (serve: Serve, body: unknown) =>
  fetch(`${serve.base}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

/** The environment every run shares: the emulator for Graph, the bot on loopback without an app id, today pinned. */
function baseEnv(emulator: GraphEmulator, dir: string, port: number): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? dir,
    CADENCE_DATA_DIR: join(dir, 'data'),
    CADENCE_TODAY: TODAY,
    CADENCE_BOT_HOST: '127.0.0.1',
    PORT: String(port),
    LOG_LEVEL: 'debug',
    ...emulatorEnv(emulator, join(dir, 'ca.pem')),
  };
}

/** The demo council, and one outbox message held by `instance` as if it were being sent when the stop came. */
async function seed(
  db: Database,
  instance: string,
  emulator: GraphEmulator,
): Promise<{ relationshipId: number; sessionId: number; heldMessage: number }> {
  await migrate(db);
  await seedDemoIfEmpty(db, fixedClock(londonInstant(TODAY, '09:00')), emulatorCalendar(emulator));
  const [relationship] = await db.query<{ id: string }>(
    `SELECT r.id FROM relationships r JOIN people p ON p.id = r.supervisee_id WHERE p.upn = 'n.patel@northdale.example' AND r.to_on IS NULL`,
  );
  const [session] = await db.query<{ id: string }>(
    `SELECT s.id FROM sessions s JOIN relationships r ON r.id = s.relationship_id JOIN people p ON p.id = r.supervisor_id
      WHERE p.upn = 's.iqbal@northdale.example' AND s.status = 'booked' AND s.ends_at < now() ORDER BY s.starts_at LIMIT 1`,
  );
  const [held] = await db.query<{ id: string }>(
    `INSERT INTO outbox (key, recipient_id, kind, payload, not_before, claimed_by, claimed_until)
     SELECT 'serve-test-held', id, 'digest', '{}'::jsonb, now() + interval '1 day', $1, now() + interval '1 hour' FROM people WHERE upn = 's.iqbal@northdale.example'
     RETURNING id`,
    [instance],
  );
  return {
    relationshipId: Number(relationship!.id),
    sessionId: Number(session!.id),
    heldMessage: Number(held!.id),
  };
}

describe('cadence serve on PGlite', () => {
  const instance = `serve-test-${randomUUID().slice(0, 8)}`;
  let emulator: GraphEmulator;
  let connector: TeamsConnector;
  let dir: string;
  let env: Record<string, string>;
  let ids: Awaited<ReturnType<typeof seed>>;
  let serve: Serve;

  beforeAll(async () => {
    emulator = await startGraphEmulator({});
    emulator.seedDemoCouncil({ today: TODAY });
    connector = await startTeamsConnector();
    dir = mkdtempSync(join(tmpdir(), 'cadence-serve-'));
    env = { ...baseEnv(emulator, dir, await freePort()), CADENCE_INSTANCE: instance };
    const db = await openPglite(env.CADENCE_DATA_DIR);
    ids = await seed(db, instance, emulator);
    await db.close();
    serve = await startServe(env);
  }, 120_000);

  afterAll(async () => {
    if (serve && serve.child.exitCode === null) serve.child.kill('SIGKILL');
    await connector?.close();
    await emulator?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('says it is listening in one JSON line, with its URL and instance', () => {
    const listening = serve.lines.find((line) => line.event === 'listening')!;
    expect(listening).toMatchObject({ level: 30, instance, url: `${serve.base}/api/messages` });
    // PGlite is allowed for a trial, with a warning that it is one instance only.
    expect(serve.lines.find((line) => line.event === 'embedded-database')).toMatchObject({
      level: 40,
    });
    // The emulator's settings are development ones, taken with CADENCE_DEVELOPMENT=1 on loopback, and said so at start.
    expect(serve.lines.find((line) => line.event === 'development-settings')).toMatchObject({
      level: 40,
      settings: ['GRAPH_BASE_URL', 'GRAPH_AUTHORITY_HOST', 'GRAPH_AUTHORITY_CA_FILE'],
    });
    expect(serve.stderr()).toBe('');
  });

  it('answers /healthz, and /readyz with the database and Graph both checked', async () => {
    expect((await fetch(`${serve.base}/healthz`)).status).toBe(200);
    const ready = await readyz(serve);
    expect(ready.status).toBe(200);
    expect(ready.body).toEqual({ status: 'ready', checks: { database: 'ok', graph: 'ok' } });
  });

  it('logs each turn by command and verb, never what was typed or what a card held', async () => {
    const secretText = 'my secret text CASE-123 about Jayden';
    const secretNote = 'confidential note CASE-456 on Amelia';
    expect(
      (await post(serve, activity(connector, { type: 'message', text: secretText }))).status,
    ).toBe(200);
    expect(
      (await post(serve, activity(connector, { type: 'message', text: 'who is overdue?' }))).status,
    ).toBe(200);
    const recorded = await post(
      serve,
      activity(connector, {
        type: 'invoke',
        name: 'adaptiveCard/action',
        value: {
          action: {
            type: 'Action.Execute',
            verb: 'record',
            data: {
              sessionId: ids.sessionId,
              nonce: randomUUID(),
              held: 'yes',
              note: secretNote,
              summary: secretNote,
            },
          },
        },
      }),
    );
    expect(recorded.status).toBe(200);
    // Both messages were answered through the Bot Connector.
    expect(connector.accepted.filter((a) => a.conversationId === 'a:sana-personal')).toHaveLength(
      2,
    );

    const turns = await waitFor(() => {
      const found = serve.lines.filter(
        (line) => line.event === 'turn' || line.event === 'card-action',
      );
      return found.length >= 3 && found;
    }, 10_000);
    expect(turns.map((t) => [t.event, t.command ?? null, t.verb ?? null, t.conversation])).toEqual([
      ['turn', 'unrecognised', null, 'personal'],
      ['turn', 'overdue', null, 'personal'],
      ['card-action', null, 'record', 'personal'],
    ]);
    for (const turn of turns) {
      expect(turn).toMatchObject({ level: 30, instance });
      expect([typeof turn.actor, typeof turn.ms, typeof turn.outcome]).toEqual([
        'number',
        'number',
        'string',
      ]);
    }
    const everything = serve.raw.join('\n') + serve.stderr();
    for (const secret of ['secret', 'CASE-123', 'CASE-456', 'Jayden', 'Amelia', 'confidential'])
      expect(everything).not.toContain(secret);
  });

  it('on SIGTERM says "shutting down", finishes the turn in hand, releases its claims and exits 0', async () => {
    // Graph answers slowly, so the proposal (free/busy for both calendars) is still in hand when the signal comes.
    emulator.state.options.latencyMs = 2_500;
    const before = emulator.counters.httpRoundTrips;
    const turn = post(
      serve,
      activity(connector, {
        type: 'invoke',
        name: 'adaptiveCard/action',
        value: {
          action: {
            type: 'Action.Execute',
            verb: 'propose',
            data: { relationshipId: ids.relationshipId },
          },
        },
      }),
    );
    await waitFor(() => emulator.counters.httpRoundTrips > before, 15_000);
    serve.child.kill('SIGTERM');

    const during = await waitFor(async () => {
      const answer = await readyz(serve);
      return answer.status === 503 && answer;
    }, 2_000);
    expect(during.body).toEqual({ status: 'shutting down' });

    const answered = await turn;
    expect(answered.status).toBe(200);
    expect(JSON.stringify(await answered.json())).toContain('Nisha Patel');
    expect(await serve.exited).toBe(0);
    expect(serve.lines.find((line) => line.event === 'shutting-down')).toMatchObject({
      signal: 'SIGTERM',
      turnsInHand: 1,
    });
    expect(serve.lines.find((line) => line.event === 'outbox-released')).toMatchObject({
      count: 1,
    });
    expect(serve.lines.at(-1)).toMatchObject({ event: 'stopped' });

    const db = await openPglite(env.CADENCE_DATA_DIR);
    const [held] = await db.query<{ claimed_by: string | null; status: string }>(
      'SELECT claimed_by, status FROM outbox WHERE id = $1',
      [ids.heldMessage],
    );
    await db.close();
    expect(held).toEqual({ claimed_by: null, status: 'pending' });
  }, 60_000);
});

describe('cadence serve refuses a configuration it cannot run, in one line, with exit 2', () => {
  let emulator: GraphEmulator;
  let dir: string;
  beforeAll(async () => {
    emulator = await startGraphEmulator({});
    dir = mkdtempSync(join(tmpdir(), 'cadence-serve-bad-'));
  });
  afterAll(async () => {
    await emulator?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const oneLine = (result: { code: number | null; stderr: string }) => {
    expect(result.code).toBe(2);
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
    return result.stderr;
  };

  it('a setting that is not well-formed', async () => {
    const env = { ...baseEnv(emulator, dir, 3978), PORT: 'eighty' };
    expect(oneLine(await serveFails(env))).toMatch(/^cadence: configuration: PORT /);
  });

  it('listening beyond localhost without the bot’s app id', async () => {
    const env = { ...baseEnv(emulator, dir, await freePort()), CADENCE_BOT_HOST: '0.0.0.0' };
    expect(oneLine(await serveFails(env))).toMatch(
      /^cadence: configuration: the bot would accept unauthenticated requests on 0\.0\.0\.0: set MicrosoftAppId/,
    );
  });

  it('a database that cannot be reached, named by host and never by its password', async () => {
    const closed = await freePort();
    const env = {
      ...baseEnv(emulator, dir, await freePort()),
      DATABASE_URL: `postgres://cadence:pa55word@127.0.0.1:${closed}/cadence`,
    };
    const stderr = oneLine(await serveFails(env));
    expect(stderr).toMatch(
      new RegExp(
        `^cadence: cannot reach the database at 127\\.0\\.0\\.1:${closed}: .*check DATABASE_URL`,
      ),
    );
    expect(stderr).not.toContain('pa55word');
  });

  it('a port already in use', async () => {
    const taken = createServer();
    const port = await freePort();
    await new Promise<void>((resolve) => taken.listen(port, '127.0.0.1', resolve));
    try {
      const env = { ...baseEnv(emulator, dir, port), CADENCE_DATA_DIR: join(dir, 'port-in-use') };
      expect(oneLine(await serveFails(env))).toMatch(
        new RegExp(`^cadence: port ${port} on 127\\.0\\.0\\.1 is already in use`),
      );
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
  }, 90_000);
});

describe('cadence serve refuses development settings unless CADENCE_DEVELOPMENT=1 with everything on loopback (exit 2, nothing listening)', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'cadence-serve-dev-'));
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** A configuration serve would run (PGlite, the bot on loopback, no Graph) but for `settings`. */
  async function refused(settings: Record<string, string>): Promise<string> {
    const port = await freePort();
    const env = {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? dir,
      CADENCE_DATA_DIR: join(dir, 'data'),
      CADENCE_BOT_HOST: '127.0.0.1',
      PORT: String(port),
      ...settings,
    };
    const result = await serveFails(env);
    expect(result.code).toBe(2);
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
    // Refused before anything started: no log line, and nothing on the port.
    expect(result.stdout).toBe('');
    await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
    return result.stderr;
  }

  const CA = new URL('../graph/emulator/fixtures/loopback-tls.crt', import.meta.url).pathname;
  it.each([
    [
      'GRAPH_BASE_URL',
      { GRAPH_BASE_URL: 'http://graph.council.example' },
      'plain HTTP, so the Graph token would travel unencrypted',
    ],
    [
      'GRAPH_BASE_URL',
      { GRAPH_BASE_URL: 'https://127.0.0.1:5099' },
      'on this machine: the Graph emulator',
    ],
    [
      'GRAPH_AUTHORITY_HOST',
      { GRAPH_AUTHORITY_HOST: 'http://login.council.example' },
      "plain HTTP, so the Graph app's client secret would travel unencrypted",
    ],
    [
      'GRAPH_AUTHORITY_HOST',
      { GRAPH_AUTHORITY_HOST: 'https://localhost:5100' },
      'on this machine: the Graph emulator',
    ],
    [
      'GRAPH_AUTHORITY_CA_FILE',
      { GRAPH_AUTHORITY_CA_FILE: CA },
      'a CA of its own trusted for the sign-in',
    ],
    [
      'NODE_EXTRA_CA_CERTS',
      { NODE_EXTRA_CA_CERTS: CA },
      'an extra CA Node trusts for every TLS connection',
    ],
    [
      'NODE_TLS_REJECT_UNAUTHORIZED',
      { NODE_TLS_REJECT_UNAUTHORIZED: '0' },
      'Node checks no TLS certificate',
    ],
  ])('%s: %j', async (setting, settings, risk) => {
    const stderr = await refused(settings);
    expect(stderr).toMatch(new RegExp(`^cadence: configuration: ${setting} is `));
    expect(stderr).toContain(risk);
    expect(stderr).toContain(
      'cadence serve takes it only with CADENCE_DEVELOPMENT=1 and everything on this machine',
    );
  });

  it('names the first, and the others after it', async () => {
    const stderr = await refused({
      GRAPH_BASE_URL: 'http://127.0.0.1:5099',
      NODE_TLS_REJECT_UNAUTHORIZED: '0',
    });
    expect(stderr).toMatch(
      /^cadence: configuration: GRAPH_BASE_URL is http:\/\/127\.0\.0\.1:5099: .* \(and NODE_TLS_REJECT_UNAUTHORIZED\)\. /,
    );
  });

  it('with CADENCE_DEVELOPMENT=1, still refuses a Graph that is not on loopback', async () => {
    const stderr = await refused({
      CADENCE_DEVELOPMENT: '1',
      GRAPH_BASE_URL: 'http://graph.council.example',
      GRAPH_AUTHORITY_HOST: 'https://127.0.0.1:5100',
    });
    expect(stderr).toMatch(
      /^cadence: configuration: CADENCE_DEVELOPMENT=1 takes development settings only with everything on this machine, and GRAPH_BASE_URL is http:\/\/graph\.council\.example, not loopback: unset CADENCE_DEVELOPMENT in production/,
    );
  });

  it('with CADENCE_DEVELOPMENT=1, refuses Microsoft Graph itself (GRAPH_* set without a loopback URL), and a bot listening beyond loopback', async () => {
    const graph = {
      GRAPH_TENANT_ID: '7a1e5b0c-0000-4000-a000-00000000cade',
      GRAPH_CLIENT_ID: 'c0ffee00-0000-4000-a000-00000000cade',
      GRAPH_CLIENT_SECRET: 'secret',
    };
    expect(
      await refused({ CADENCE_DEVELOPMENT: '1', NODE_TLS_REJECT_UNAUTHORIZED: '0', ...graph }),
    ).toMatch(
      /^cadence: configuration: CADENCE_DEVELOPMENT=1 .* GRAPH_BASE_URL is unset, so Microsoft's own, not loopback \(and GRAPH_AUTHORITY_HOST\)/,
    );
    const bot = {
      MicrosoftAppId: '9e8d7c6b-5a49-4382-a716-151413121110',
      MicrosoftAppPassword: 'bot-secret',
      MicrosoftAppTenantId: '7a1e5b0c-0000-4000-a000-00000000cade',
    };
    expect(
      await refused({ CADENCE_DEVELOPMENT: '1', CADENCE_BOT_HOST: '0.0.0.0', ...bot }),
    ).toMatch(
      /^cadence: configuration: CADENCE_DEVELOPMENT=1 .* CADENCE_BOT_HOST is 0\.0\.0\.0, not loopback/,
    );
  });
});

describe.skipIf(!serverUrl)('cadence serve on PostgreSQL when a part goes away', () => {
  const database = `cadence_h_ops_serve_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  let admin: Database;
  let emulator: GraphEmulator;
  let emulatorClosed = false;
  let dir: string;
  let serve: Serve;

  const urlOf = (name: string) => {
    const url = new URL(serverUrl!);
    url.pathname = `/${name}`;
    return url.toString();
  };

  beforeAll(async () => {
    admin = await openPostgres(serverUrl!);
    await admin.exec(`CREATE DATABASE ${database}`);
    emulator = await startGraphEmulator({});
    emulator.seedDemoCouncil({ today: TODAY });
    const db = await openPostgres(urlOf(database));
    await seed(db, 'nobody', emulator);
    await db.close();
    dir = mkdtempSync(join(tmpdir(), 'cadence-serve-pg-'));
    // Job passes every 5 s, so a pass meets the outage and another the recovery.
    serve = await startServe({
      ...baseEnv(emulator, dir, await freePort()),
      DATABASE_URL: urlOf(database),
      CADENCE_JOB_INTERVAL_SECONDS: '5',
    });
  }, 120_000);

  afterAll(async () => {
    if (serve && serve.child.exitCode === null) serve.child.kill('SIGKILL');
    if (!emulatorClosed) await emulator?.close();
    await admin?.exec(`ALTER DATABASE ${database} ALLOW_CONNECTIONS true`).catch(() => {});
    await admin?.exec(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('says which part is down in /readyz, logs failing passes without crashing, and recovers when the database is back', async () => {
    expect((await readyz(serve)).body).toEqual({
      status: 'ready',
      checks: { database: 'ok', graph: 'ok' },
    });

    // The database goes away: no new connection is allowed, and every open one is ended.
    await admin.exec(`ALTER DATABASE ${database} ALLOW_CONNECTIONS false`);
    await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [
      database,
    ]);
    const down = await waitFor(async () => {
      const answer = await readyz(serve);
      return answer.status === 503 && answer;
    }, 15_000);
    expect(down.body).toEqual({
      status: 'not ready',
      failed: ['database'],
      checks: { database: 'unreachable', graph: 'ok' },
    });
    expect(down.text).not.toMatch(/postgres:|127\.0\.0\.1|cadence_h_ops/);
    await waitFor(
      () =>
        serve.lines.some(
          (line) => line.event === 'job-runner-error' || line.event === 'outbox-pass-failed',
        ),
      20_000,
    );
    // An idle pooled connection ended by the server is logged as lost (57P01); one in use fails its
    // pass instead (then 55000 on reconnecting). Which happens depends on what the jobs were doing at
    // that instant, so both count: each is a warning or an error with PostgreSQL's code and no text.
    const outage = serve.lines.filter((line) =>
      ['database-connection-lost', 'job-runner-error', 'outbox-pass-failed'].includes(
        String(line.event),
      ),
    );
    expect(outage.length).toBeGreaterThan(0);
    for (const line of outage) {
      expect(Number(line.level)).toBeGreaterThanOrEqual(40);
      expect(String(line.code)).toMatch(/^(57P01|55000)$/);
    }
    expect((await fetch(`${serve.base}/healthz`)).status).toBe(200);

    const outageEnds = serve.lines.length;
    await admin.exec(`ALTER DATABASE ${database} ALLOW_CONNECTIONS true`);
    await waitFor(async () => (await readyz(serve)).status === 200, 15_000);
    // The next job pass runs again (here: finds the prompts run already done, logged at debug).
    await waitFor(() => serve.lines.slice(outageEnds).some((line) => line.event === 'job'), 20_000);
    expect(serve.child.exitCode).toBeNull();
  }, 90_000);

  it('says Graph is down in /readyz when it cannot be reached', async () => {
    await emulator.close();
    emulatorClosed = true;
    // The Graph check is cached for 15 s, so probes every few seconds do not each reach Graph.
    const down = await waitFor(async () => {
      const answer = await readyz(serve);
      return answer.status === 503 && answer;
    }, 30_000);
    expect(down.body).toEqual({
      status: 'not ready',
      failed: ['graph'],
      checks: { database: 'ok', graph: 'unreachable' },
    });

    serve.child.kill('SIGTERM');
    expect(await serve.exited).toBe(0);
  }, 60_000);
});
