/**
 * `cadence doctor` and `cadence migrate` as an administrator runs them: the
 * CLI's main() in-process with an environment of its own, the Graph emulator
 * over HTTP (tokens from its https authority through the real
 * @azure/identity, apps with chosen roles, a mailbox scope like Exchange RBAC
 * for Applications), and a real PostgreSQL server, since production must run
 * on one (the doctor fails a configuration without DATABASE_URL).
 * Cadence connects as a role of this run's that may only read and write rows
 * (docs/deploy.md#the-database-roles), granted by `cadence migrate
 * --app-role` run as the server's own user, which is a superuser in CI and so
 * is what the database role check must fail.
 * The emulator's settings are development ones, so every configuration here has
 * CADENCE_DEVELOPMENT=1 and the bot on loopback, as `cadence serve` would need
 * against it, and the doctor warns of each (EMULATOR_WARNINGS).
 *
 * The server is TEST_DATABASE_URL when set (CI sets it), otherwise the local
 * one on 127.0.0.1:5432. There is no skipping: with neither, these tests fail
 * and say so. Each run gets two databases of its own (one migrated with the
 * demo roster, one left empty), dropped at the end.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../app/cli/main.ts';
import {
  startGraphEmulator,
  type EmulatorOptions,
  type GraphEmulator,
} from '../graph/emulator/index.ts';
import { openPostgres } from '../store/index.ts';
import { freePort } from './support/ports.ts';

const SERVER = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const ROSTER = new URL('../app/demo/roster.csv', import.meta.url).pathname;
const GRAPH_APP = '3c1d2a50-7f6e-4d4c-9b1a-6e5f4d3c2b1a';
const BOT_APP = '9e8d7c6b-5a49-4382-a716-151413121110';
const GRAPH_SECRET = 'graph-secret-value';
const BOT_SECRET = 'bot-secret-value';
const SUPERVISOR = 'sam@council.example';
const OUTSIDER = 'finance@council.example';
const PEOPLE = [
  { displayName: 'Sam Lead', userPrincipalName: SUPERVISOR, jobTitle: 'Team Manager' },
  { displayName: 'Fin Ance', userPrincipalName: OUTSIDER, jobTitle: 'Finance Officer' },
];

/** Cadence's Graph app as docs/deploy.md sets it up: nothing in Entra, Calendars.ReadWrite from Exchange, scoped to the supervision staff. */
const SCOPED: EmulatorOptions = {
  apps: [
    {
      clientId: GRAPH_APP,
      clientSecret: GRAPH_SECRET,
      roles: [],
      exchangeRoles: ['Calendars.ReadWrite'],
    },
    { clientId: BOT_APP, clientSecret: BOT_SECRET, roles: [] },
  ],
  calendarScope: [SUPERVISOR],
};

const dir = mkdtempSync(join(tmpdir(), 'cadence-doctor-'));
const suffix = randomBytes(4).toString('hex');
const READY_DB = `cadence_doctor_${suffix}_ready`;
const BARE_DB = `cadence_doctor_${suffix}_bare`;
const APP_ROLE = `cadence_doctor_${suffix}_app`;
const databaseUrl = (name: string): string =>
  Object.assign(new URL(SERVER), { pathname: `/${name}` }).href;
/** The same database as Cadence's own role (trust authentication: no password). */
const appUrl = (name: string): string =>
  Object.assign(new URL(databaseUrl(name)), { username: APP_ROLE, password: '' }).href;

async function server() {
  try {
    return await openPostgres(SERVER);
  } catch (error) {
    throw new Error(
      `these tests need a PostgreSQL server: set TEST_DATABASE_URL, or run one on 127.0.0.1:5432 (${String(error)})`,
      { cause: error },
    );
  }
}

beforeAll(async () => {
  const admin = await server();
  await admin.exec(`CREATE DATABASE ${READY_DB}`);
  await admin.exec(`CREATE DATABASE ${BARE_DB}`);
  await admin.exec(`CREATE ROLE ${APP_ROLE} LOGIN`);
  await admin.close();
  const env = { DATABASE_URL: databaseUrl(READY_DB), CADENCE_TODAY: '2026-11-23' };
  expect((await cadence(env, 'migrate', '--app-role', APP_ROLE)).code).toBe(0);
  expect((await cadence(env, 'roster', 'import', ROSTER)).code).toBe(0);
});

afterAll(async () => {
  const admin = await server();
  for (const name of [READY_DB, BARE_DB])
    await admin.exec(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  // Its grants went with the databases.
  await admin.exec(`DROP ROLE IF EXISTS ${APP_ROLE}`);
  await admin.close();
});

let emulator: GraphEmulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

async function cadence(
  env: Record<string, string | undefined>,
  ...argv: string[]
): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { stdout: (t) => (out += t), stderr: (t) => (err += t) }, { env });
  return { code, out, err };
}

/** The emulator, and the environment of a configuration that is right in every respect but for the emulator's development settings. */
async function production(
  options: EmulatorOptions = SCOPED,
): Promise<Record<string, string | undefined>> {
  emulator = await startGraphEmulator(options);
  emulator.seed(PEOPLE);
  const ca = join(dir, `ca-${emulator.port}.pem`);
  writeFileSync(ca, emulator.tlsCa!);
  return {
    DATABASE_URL: appUrl(READY_DB),
    GRAPH_TENANT_ID: emulator.tenantId,
    GRAPH_CLIENT_ID: GRAPH_APP,
    GRAPH_CLIENT_SECRET: GRAPH_SECRET,
    GRAPH_BASE_URL: emulator.url,
    GRAPH_AUTHORITY_HOST: emulator.authorityHost!,
    GRAPH_AUTHORITY_CA_FILE: ca,
    MicrosoftAppType: 'SingleTenant',
    MicrosoftAppId: BOT_APP,
    MicrosoftAppTenantId: emulator.tenantId,
    MicrosoftAppPassword: BOT_SECRET,
    CADENCE_BOT_HOST: '127.0.0.1',
    CADENCE_ADMINS: 'admin@council.example',
    CADENCE_RETENTION_YEARS: '7',
    CADENCE_DEVELOPMENT: '1',
  };
}

/**
 * What the doctor says of the emulator's development settings, taken with
 * CADENCE_DEVELOPMENT=1 on loopback: a warning each, as in every configuration
 * here. A deployment has none of them; lines() leaves them out so that each
 * test sees what it is about.
 */
const EMULATOR_WARNINGS = [
  /^warn +settings +CADENCE_DEVELOPMENT: 1, so cadence serve takes development settings/,
  /^warn +settings +GRAPH_BASE_URL: http:\/\/127\.0\.0\.1:\d+: plain HTTP, .*; taken only because CADENCE_DEVELOPMENT=1 on loopback$/,
  /^warn +settings +GRAPH_AUTHORITY_HOST: https:\/\/127\.0\.0\.1:\d+: on this machine: the Graph emulator, .*; taken only because CADENCE_DEVELOPMENT=1 on loopback$/,
  /^warn +settings +GRAPH_AUTHORITY_CA_FILE: .*; taken only because CADENCE_DEVELOPMENT=1 on loopback$/,
  /^warn +settings +CADENCE_BOT_HOST: 127\.0\.0\.1 \(the default\): the bot listens on this machine only/,
];
const emulatorWarning = (line: string): boolean =>
  EMULATOR_WARNINGS.some((pattern) => pattern.test(line));

const SCOPING = ['--mailbox', SUPERVISOR, '--outside', OUTSIDER];

/** The report's status lines (not the fixes under them, nor the header and summary, nor the EMULATOR_WARNINGS). */
function lines(out: string, status?: 'ok' | 'warn' | 'FAIL' | 'skip'): string[] {
  const all = out
    .split('\n')
    .filter((line) => /^(ok|warn|FAIL|skip) /.test(line) && !emulatorWarning(line));
  return status ? all.filter((line) => line.startsWith(`${status} `)) : all;
}

/** The fix printed under the first line that contains `text`. */
function fixFor(out: string, text: string): string {
  const all = out.split('\n');
  const at = all.findIndex((line) => /^(ok|warn|FAIL|skip) /.test(line) && line.includes(text));
  expect(at, `no line with ${text}`).toBeGreaterThanOrEqual(0);
  return all[at + 1]?.trim().startsWith('→') ? all[at + 1]!.trim() : '';
}

describe('cadence doctor', () => {
  it('passes a configuration that is right in every respect, with every check ok, and changes nothing', async () => {
    const env = await production();
    const { code, out, err } = await cadence(env, 'doctor', ...SCOPING);
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(lines(out, 'ok')).toEqual(lines(out));
    // Besides, one warning for each of the emulator's development settings, and none twice.
    expect(
      EMULATOR_WARNINGS.map(
        (pattern) => out.split('\n').filter((line) => pattern.test(line)).length,
      ),
    ).toEqual(EMULATOR_WARNINGS.map(() => 1));
    expect(out).toMatch(/^ok +graph token +issued to app 3c1d2a50/m);
    expect(out).toMatch(
      /^ok +permissions +Calendars.ReadWrite is not granted in Entra, and sam@council.example's calendar could be read/m,
    );
    expect(out).toMatch(
      /^ok +mailbox +finance@council.example: refused \(403 ErrorAccessDenied\)/m,
    );
    expect(out).toMatch(/^ok +database +PostgreSQL at .*: reachable, schema up to date/m);
    expect(out).toMatch(/^ok +database +\d+ people in the roster/m);
    expect(out).toMatch(
      new RegExp(
        `^ok +database role +Cadence connects as ${APP_ROLE}: no superuser, CREATEROLE or CREATEDB, owns nothing in schema public`,
        'm',
      ),
    );
    expect(out).toMatch(
      /^ok +bot identity +SingleTenant: Bot Framework token issued to MicrosoftAppId 9e8d7c6b/m,
    );
    expect(out).toContain('nothing failed');
    // No secret is ever printed.
    expect(out).not.toContain(GRAPH_SECRET);
    expect(out).not.toContain(BOT_SECRET);
    // Read-only: Outlook was only read.
    expect(
      emulator!.requestLog
        .filter((r) => r.path !== '/$batch')
        .map((r) => `${r.method} ${r.path}`)
        .sort(),
    ).toEqual([
      `GET /users/${encodeURIComponent(OUTSIDER)}/calendar`,
      `GET /users/${encodeURIComponent(SUPERVISOR)}/calendar`,
    ]);

    const json = await cadence(env, 'doctor', ...SCOPING, '--json');
    const report = JSON.parse(json.out) as {
      ok: boolean;
      findings: { check: string; status: string }[];
    };
    expect(report.ok).toBe(true);
    expect(new Set(report.findings.map((f) => f.check))).toEqual(
      new Set([
        'settings',
        'graph token',
        'permissions',
        'mailbox',
        'database',
        'database role',
        'reconcile',
        'bot identity',
      ]),
    );
  });

  it('fails on a supervisor calendar the daily job found refused by Outlook, naming it, what Graph said and since when', async () => {
    const env = await production();
    const db = await openPostgres(databaseUrl(READY_DB));
    try {
      // A supervisor with a session to come, and what the daily job records for a mailbox outside the RBAC scope (supervision/reconcile.ts).
      await db.query(
        `INSERT INTO sessions (relationship_id, type, status, starts_at, ends_at, calendar_event_id)
         SELECT r.id, 'one-to-one', 'booked', '2099-01-05T10:00:00Z', '2099-01-05T11:00:00Z', 'doctor-test' FROM relationships r JOIN people sup ON sup.id = r.supervisor_id
          WHERE sup.upn = 's.iqbal@northdale.example' AND r.to_on IS NULL LIMIT 1`,
      );
      await db.query(
        `INSERT INTO calendar_sync (mailbox, problem, problem_detail, problem_since, attempts, retry_after) VALUES ('s.iqbal@northdale.example', 'no-access', '403 ErrorAccessDenied', '2026-11-25T06:30:00Z', 1, '2026-11-26T05:30:00Z')`,
      );
      const { code, out } = await cadence(env, 'doctor', ...SCOPING);
      expect(code).toBe(1);
      expect(lines(out, 'FAIL')).toEqual([
        expect.stringMatching(
          /^FAIL +reconcile +1 supervisor calendar refused by Outlook, so neither watched nor booked: s.iqbal@northdale.example \(403 ErrorAccessDenied since 2026-11-25, next try 2026-11-26\)/,
        ),
      ]);
      expect(fixFor(out, 'refused by Outlook')).toContain(
        `Test-ServicePrincipalAuthorization -Identity ${GRAPH_APP} -Resource <mailbox>`,
      );
    } finally {
      await db.query(`DELETE FROM calendar_sync`);
      await db.close();
    }
  });

  it('warns, and exits 0, when scoping was not tested: it says how to test it', async () => {
    const { code, out } = await cadence(await production(), 'doctor');
    expect(code).toBe(0);
    expect(lines(out, 'warn')).toEqual([
      expect.stringMatching(
        /^warn +permissions +Calendars.ReadWrite is not in the token: right only if Exchange RBAC for Applications grants it/,
      ),
      expect.stringMatching(/^warn +mailbox +scoping not tested/),
    ]);
    expect(fixFor(out, 'scoping not tested')).toContain('cadence doctor --mailbox');
  });

  it('fails a missing setting, names it, and still runs every check that does not need it', async () => {
    const env = {
      ...(await production()),
      GRAPH_CLIENT_SECRET: undefined,
      DATABASE_URL: undefined,
    };
    const { code, out } = await cadence(env, 'doctor', ...SCOPING);
    expect(code).toBe(1);
    expect(lines(out, 'FAIL')).toEqual([
      expect.stringMatching(
        /^FAIL +settings +DATABASE_URL: not set, so Cadence would keep its data in embedded PGlite/,
      ),
      expect.stringMatching(/^FAIL +settings +GRAPH_CLIENT_SECRET: not set$/),
    ]);
    expect(fixFor(out, 'GRAPH_CLIENT_SECRET: not set')).toContain('Certificates & secrets');
    expect(lines(out, 'skip')).toEqual([
      expect.stringMatching(
        /^skip +graph token +not checked: the GRAPH_\* settings above need fixing first/,
      ),
      expect.stringMatching(/^skip +permissions +not checked: no Graph token/),
      expect.stringMatching(/^skip +mailbox +not checked: no Graph token/),
      expect.stringMatching(/^skip +database +not checked: DATABASE_URL/),
      expect.stringMatching(
        /^skip +database role +not checked: no PostgreSQL server \(DATABASE_URL, above\); embedded PGlite has a single built-in user and no roles to narrow/,
      ),
    ]);
    expect(out).toMatch(/^ok +bot identity/m);
    expect(out).toContain(`2 FAIL, ${EMULATOR_WARNINGS.length} warn`);
  });

  it('fails every malformed setting on a line of its own, where readConfig stops at the first', async () => {
    const env = {
      ...(await production()),
      GRAPH_TENANT_ID: 'northdale',
      MicrosoftAppId: 'bot-app',
      CADENCE_BOOKING_MONTHS: '2',
    };
    const { code, out } = await cadence(env, 'doctor');
    expect(code).toBe(1);
    expect(lines(out, 'FAIL')).toEqual([
      expect.stringMatching(/^FAIL +settings +GRAPH_TENANT_ID: 'northdale' is not a GUID/),
      expect.stringMatching(/^FAIL +settings +MicrosoftAppId: 'bot-app' is not a GUID/),
      expect.stringMatching(/^FAIL +settings +CADENCE_BOOKING_MONTHS: must be at least 3/),
    ]);
    expect(fixFor(out, 'GRAPH_TENANT_ID')).toContain('Directory (tenant) id');
    expect(out).toMatch(/^skip +bot identity/m);
  });

  it('fails MultiTenant, which Microsoft no longer lets new bots use, citing where it says so', async () => {
    const { code, out } = await cadence(
      { ...(await production()), MicrosoftAppType: 'MultiTenant' },
      'doctor',
      ...SCOPING,
    );
    expect(code).toBe(1);
    expect(lines(out, 'FAIL')).toEqual([
      expect.stringMatching(
        /^FAIL +settings +MicrosoftAppType: MultiTenant, .*https:\/\/learn.microsoft.com\/azure\/bot-service\//,
      ),
    ]);
    expect(fixFor(out, 'MultiTenant')).toContain('MicrosoftAppType=UserAssignedMSI');
  });

  it('fails a password left with a managed identity, and cannot check the managed identity outside Azure: a warning saying where to run it', async () => {
    const env = { ...(await production()), MicrosoftAppType: 'UserAssignedMSI' };
    const withPassword = await cadence(env, 'doctor', ...SCOPING);
    expect(withPassword.code).toBe(1);
    expect(lines(withPassword.out, 'FAIL')).toEqual([
      expect.stringMatching(
        /^FAIL +settings +MicrosoftAppPassword: set, but a managed identity has no password/,
      ),
    ]);

    const started = Date.now();
    const { code, out } = await cadence(
      { ...env, MicrosoftAppPassword: undefined },
      'doctor',
      ...SCOPING,
    );
    expect(code).toBe(0);
    expect(lines(out, 'warn')).toEqual([
      expect.stringMatching(
        /^warn +bot identity +UserAssignedMSI 9e8d7c6b.*: a managed identity can only be checked inside Azure/,
      ),
    ]);
    expect(fixFor(out, 'UserAssignedMSI 9e8d7c6b')).toContain('az containerapp exec');
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('fails a managed identity that the Azure endpoint refuses', async () => {
    // What Container Apps gives a container: a local token endpoint, named in IDENTITY_ENDPOINT (read by @azure/identity from process.env).
    const endpoint = http.createServer((_req, res) => {
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          statusCode: 400,
          message: 'Unable to load the proper Managed Identity.',
          correlationId: 'c0ffee',
        }),
      );
    });
    await new Promise<void>((resolve) => endpoint.listen(0, '127.0.0.1', resolve));
    const identity = {
      IDENTITY_ENDPOINT: `http://127.0.0.1:${(endpoint.address() as AddressInfo).port}/msi/token`,
      IDENTITY_HEADER: 'header',
    };
    Object.assign(process.env, identity);
    try {
      const env = {
        ...(await production()),
        ...identity,
        MicrosoftAppType: 'UserAssignedMSI',
        MicrosoftAppPassword: undefined,
      };
      const { code, out } = await cadence(env, 'doctor', ...SCOPING);
      expect(code).toBe(1);
      expect(lines(out, 'FAIL')).toEqual([
        expect.stringMatching(
          /^FAIL +bot identity +UserAssignedMSI: the managed identity endpoint refused 9e8d7c6b.*: Unable to load the proper Managed Identity\.$/,
        ),
      ]);
      expect(fixFor(out, 'endpoint refused')).toContain(
        'assign the user-assigned identity whose client id is MicrosoftAppId to the container app',
      );
    } finally {
      delete process.env.IDENTITY_ENDPOINT;
      delete process.env.IDENTITY_HEADER;
      endpoint.close();
    }
  });

  it('fails a wrong Graph secret with the identity platform’s reason and what to do', async () => {
    const { code, out } = await cadence(
      { ...(await production()), GRAPH_CLIENT_SECRET: 'not-the-secret' },
      'doctor',
      ...SCOPING,
    );
    expect(code).toBe(1);
    expect(lines(out, 'FAIL')).toEqual([
      expect.stringMatching(
        /^FAIL +graph token +no token for app 3c1d2a50.*AADSTS7000215: Invalid client secret provided\.$/,
      ),
    ]);
    expect(fixFor(out, 'AADSTS7000215')).toMatch(
      /GRAPH_CLIENT_SECRET is not a current client secret of the Cadence Graph app: make a new one/,
    );
    expect(out).not.toContain('not-the-secret');
    expect(lines(out, 'skip').map((l) => l.split(/ +/)[1])).toEqual(['permissions', 'mailbox']);
  });

  it('fails an unknown tenant', async () => {
    const { code, out } = await cadence(
      { ...(await production()), GRAPH_TENANT_ID: '00000000-1111-4222-8333-444444444444' },
      'doctor',
    );
    expect(code).toBe(1);
    expect(lines(out, 'FAIL')).toEqual([
      expect.stringMatching(
        /^FAIL +graph token +.*AADSTS90002: Tenant '00000000-1111-4222-8333-444444444444' not found\.$/,
      ),
    ]);
    expect(fixFor(out, 'AADSTS90002')).toContain('GRAPH_TENANT_ID names no tenant');
    // The bot's tenant is set on its own, and still right.
    expect(out).toMatch(/^ok +bot identity/m);
  });

  it('warns of permissions beyond Calendars.ReadWrite, naming each to remove, and exits 0 when nothing else is wrong', async () => {
    const apps = [{ ...SCOPED.apps![0]!, roles: ['User.Read.All', 'Mail.Read'] }, SCOPED.apps![1]!];
    const { code, out } = await cadence(
      await production({ ...SCOPED, apps }),
      'doctor',
      ...SCOPING,
    );
    expect(code).toBe(0);
    expect(lines(out, 'warn')).toEqual([
      expect.stringMatching(
        /^warn +permissions +the token carries Mail.Read, User.Read.All: more than Cadence needs/,
      ),
    ]);
    expect(fixFor(out, 'more than Cadence needs')).toContain(
      'remove Mail.Read, User.Read.All from the Cadence Graph app in Entra',
    );
  });

  it('fails when Calendars.ReadWrite is granted neither in Entra nor in Exchange: the supervisor’s calendar is refused', async () => {
    const apps = [{ clientId: GRAPH_APP, clientSecret: GRAPH_SECRET, roles: [] }, SCOPED.apps![1]!];
    const { code, out } = await cadence(
      await production({ ...SCOPED, apps }),
      'doctor',
      ...SCOPING,
    );
    expect(code).toBe(1);
    expect(lines(out, 'FAIL')).toEqual([
      expect.stringMatching(
        /^FAIL +permissions +Calendars.ReadWrite is not in the token \(Entra\) and Exchange RBAC for Applications does not grant it over sam@council.example/,
      ),
      expect.stringMatching(
        /^FAIL +mailbox +sam@council.example: calendar refused \(403 ErrorAccessDenied\)/,
      ),
    ]);
    expect(fixFor(out, 'Calendars.ReadWrite is not in the token')).toContain(
      `New-ManagementRoleAssignment -App ${GRAPH_APP} -Role "Application Calendars.ReadWrite"`,
    );
  });

  it('fails a tenant-wide grant that reaches a mailbox outside the supervision staff', async () => {
    const apps = [
      { clientId: GRAPH_APP, clientSecret: GRAPH_SECRET, roles: ['Calendars.ReadWrite'] },
      SCOPED.apps![1]!,
    ];
    const { code, out } = await cadence(await production({ apps }), 'doctor', ...SCOPING);
    expect(code).toBe(1);
    expect(lines(out, 'FAIL')).toEqual([
      expect.stringMatching(
        /^FAIL +permissions +Calendars.ReadWrite is granted in Entra, tenant-wide, and reached finance@council.example/,
      ),
      expect.stringMatching(
        /^FAIL +mailbox +finance@council.example: calendar read, though outside the scope: Calendars.ReadWrite is not scoped, every mailbox is reachable/,
      ),
    ]);
    expect(fixFor(out, 'tenant-wide, and reached')).toContain(
      'https://learn.microsoft.com/exchange/permissions-exo/application-rbac#why-does-my-application-still-have-access',
    );
    expect(fixFor(out, 'is not scoped')).toContain('remove the Entra grant');
  });

  it('fails when the supervisor given is outside the scope, naming the mailbox and how to test it', async () => {
    const { code, out } = await cadence(
      await production({ ...SCOPED, calendarScope: ['someone@council.example'] }),
      'doctor',
      ...SCOPING,
    );
    expect(code).toBe(1);
    expect(lines(out, 'FAIL')).toContainEqual(
      expect.stringMatching(
        /^FAIL +mailbox +sam@council.example: calendar refused \(403 ErrorAccessDenied\): Cadence could not book for this supervisor/,
      ),
    );
    expect(fixFor(out, 'Cadence could not book')).toContain(
      `Test-ServicePrincipalAuthorization -Identity ${GRAPH_APP} -Resource sam@council.example`,
    );
  });

  it('fails a database it cannot reach, naming the server and never the password', async () => {
    const port = await freePort();
    const { code, out } = await cadence(
      {
        ...(await production()),
        DATABASE_URL: `postgres://cadence:S3cret-pw@127.0.0.1:${port}/cadence`,
      },
      'doctor',
      ...SCOPING,
    );
    expect(code).toBe(1);
    expect(lines(out, 'FAIL')).toEqual([
      expect.stringMatching(
        new RegExp(
          `^FAIL +database +cannot reach PostgreSQL at 127.0.0.1:${port}/cadence: .*ECONNREFUSED`,
        ),
      ),
    ]);
    expect(out).not.toContain('S3cret-pw');
    expect(fixFor(out, 'cannot reach PostgreSQL')).toContain('firewall');
  });

  it('fails Cadence connecting as a superuser, as the server’s own user is in CI, and says how to narrow it', async () => {
    const { code, out } = await cadence(
      { ...(await production()), DATABASE_URL: databaseUrl(READY_DB) },
      'doctor',
      ...SCOPING,
    );
    expect(code).toBe(1);
    const superuser = decodeURIComponent(new URL(SERVER).username);
    expect(lines(out, 'FAIL')).toEqual([
      expect.stringMatching(
        new RegExp(
          `^FAIL +database role +Cadence connects as ${superuser}: superuser, CREATEROLE, CREATEDB`,
        ),
      ),
    ]);
    expect(fixFor(out, 'database role')).toContain('cadence migrate --app-role <that role>');
    expect(fixFor(out, 'database role')).toContain('docs/deploy.md#the-database-roles');
  });

  it('fails a database that is not migrated without migrating it; cadence migrate applies what it listed, then the roster is missing', async () => {
    const env = { ...(await production()), DATABASE_URL: appUrl(BARE_DB) };
    for (let run = 0; run < 2; run++) {
      const { code, out } = await cadence(env, 'doctor', ...SCOPING);
      expect(code).toBe(1);
      expect(lines(out, 'FAIL')).toEqual([
        expect.stringMatching(
          /^FAIL +database +PostgreSQL at .*_bare: \d+ migrations not applied \(001_initial.sql, 002_team_indexes.sql, .*\)/,
        ),
      ]);
      expect(fixFor(out, 'migrations not applied')).toContain('run cadence migrate');
      expect(out).toMatch(/^skip +database +roster not checked/m);
    }

    // As the schema's owner (the server's own user here), granting Cadence's role its rows.
    const migrated = await cadence(
      { ...env, DATABASE_URL: databaseUrl(BARE_DB) },
      'migrate',
      '--app-role',
      APP_ROLE,
    );
    expect(migrated.code).toBe(0);
    expect(migrated.out).toMatch(
      /^PostgreSQL at 127.0.0.1:\d+\/cadence_doctor_\w+_bare: applied \d+ migrations:\n {2}001_initial.sql\n/,
    );
    expect((await cadence(env, 'migrate')).out).toMatch(/: up to date, no migration to apply\n$/);

    const after = await cadence(env, 'doctor', ...SCOPING);
    expect(after.code).toBe(0);
    expect(lines(after.out, 'warn')).toEqual([
      expect.stringMatching(/^warn +database +no people: the roster has not been imported/),
    ]);
    expect(fixFor(after.out, 'no people')).toContain('cadence roster import');
  });

  it('fails a wrong bot password', async () => {
    const { code, out } = await cadence(
      { ...(await production()), MicrosoftAppPassword: 'old-bot-secret' },
      'doctor',
      ...SCOPING,
    );
    expect(code).toBe(1);
    expect(lines(out, 'FAIL')).toEqual([
      expect.stringMatching(
        /^FAIL +bot identity +no Bot Framework token for MicrosoftAppId 9e8d7c6b.*AADSTS7000215/,
      ),
    ]);
    expect(fixFor(out, 'no Bot Framework token')).toContain(
      "MicrosoftAppPassword is not a current client secret of the bot's app registration",
    );
  });

  it('fails a bot app id that is not an app in the bot’s tenant', async () => {
    const { code, out } = await cadence(
      { ...(await production()), MicrosoftAppId: '11111111-2222-4333-8444-555555555555' },
      'doctor',
      ...SCOPING,
    );
    expect(code).toBe(1);
    expect(lines(out, 'FAIL')).toEqual([
      expect.stringMatching(
        /^FAIL +bot identity +.*AADSTS700016: Application with identifier '11111111-2222-4333-8444-555555555555' was not found in the directory/,
      ),
    ]);
    expect(fixFor(out, 'AADSTS700016')).toContain(
      'MicrosoftAppId is not the Application (client) id of an app registered in the MicrosoftAppTenantId tenant',
    );
  });

  it('fails each development setting without CADENCE_DEVELOPMENT, with its fix, and sends neither secret to that sign-in', async () => {
    const env = await production();
    const { code, out } = await cadence(
      {
        ...env,
        CADENCE_DEVELOPMENT: undefined,
        CADENCE_BOT_HOST: '0.0.0.0',
        NODE_EXTRA_CA_CERTS: env.GRAPH_AUTHORITY_CA_FILE,
        NODE_TLS_REJECT_UNAUTHORIZED: '0',
      },
      'doctor',
      ...SCOPING,
    );
    expect(code).toBe(1);
    expect(lines(out, 'FAIL')).toEqual([
      expect.stringMatching(
        /^FAIL +settings +GRAPH_BASE_URL: http:\/\/127\.0\.0\.1:\d+: plain HTTP, so the Graph token would travel unencrypted$/,
      ),
      expect.stringMatching(
        /^FAIL +settings +GRAPH_AUTHORITY_HOST: https:\/\/127\.0\.0\.1:\d+: on this machine: the Graph emulator, not Microsoft Entra ID's sign-in$/,
      ),
      expect.stringMatching(
        /^FAIL +settings +GRAPH_AUTHORITY_CA_FILE: .*ca-\d+\.pem: a CA of its own trusted for the sign-in/,
      ),
      expect.stringMatching(
        /^FAIL +settings +NODE_EXTRA_CA_CERTS: .*ca-\d+\.pem: an extra CA Node trusts for every TLS connection/,
      ),
      expect.stringMatching(
        /^FAIL +settings +NODE_TLS_REJECT_UNAUTHORIZED: 0: Node checks no TLS certificate/,
      ),
    ]);
    expect(fixFor(out, 'GRAPH_BASE_URL: http')).toContain(
      'unset GRAPH_BASE_URL: Cadence then uses Microsoft Graph, https://graph.microsoft.com (docs/operations.md#development-settings)',
    );
    expect(fixFor(out, 'GRAPH_AUTHORITY_HOST: https')).toContain('unset GRAPH_AUTHORITY_HOST');
    expect(fixFor(out, 'GRAPH_AUTHORITY_CA_FILE:')).toContain('unset GRAPH_AUTHORITY_CA_FILE');
    expect(fixFor(out, 'NODE_EXTRA_CA_CERTS:')).toContain('unset NODE_EXTRA_CA_CERTS');
    expect(fixFor(out, 'NODE_TLS_REJECT_UNAUTHORIZED:')).toContain(
      'unset NODE_TLS_REJECT_UNAUTHORIZED',
    );
    // The Graph and bot checks would sign in at the emulator: skipped instead, and nothing reached it.
    expect(lines(out, 'skip')).toEqual([
      expect.stringMatching(
        /^skip +graph token +not checked: the GRAPH_\* settings above need fixing first/,
      ),
      expect.stringMatching(/^skip +permissions /),
      expect.stringMatching(/^skip +mailbox /),
      expect.stringMatching(
        /^skip +bot identity +not checked: the Microsoft\* settings, or the GRAPH_AUTHORITY_\* ones/,
      ),
    ]);
    expect(emulator!.requestLog).toEqual([]);
  });

  it('fails CADENCE_DEVELOPMENT=1 with an address beyond this machine, as cadence serve refuses it, naming the address', async () => {
    const env = await production();
    const { code, out } = await cadence(
      {
        ...env,
        CADENCE_BOT_HOST: '0.0.0.0',
        DATABASE_URL: Object.assign(new URL(env.DATABASE_URL!), { hostname: 'db.council.example' })
          .href,
      },
      'doctor',
    );
    expect(code).toBe(1);
    expect(lines(out, 'FAIL')).toEqual([
      expect.stringMatching(
        /^FAIL +settings +CADENCE_DEVELOPMENT: 1, but CADENCE_BOT_HOST is 0\.0\.0\.0, not loopback, so cadence serve refuses to start$/,
      ),
      expect.stringMatching(
        /^FAIL +settings +CADENCE_DEVELOPMENT: 1, but DATABASE_URL is db\.council\.example(:\d+)?, not loopback/,
      ),
      // The development settings are not taken then, so they fail too.
      expect.stringMatching(/^FAIL +settings +GRAPH_BASE_URL: /),
      expect.stringMatching(/^FAIL +settings +GRAPH_AUTHORITY_HOST: /),
      expect.stringMatching(/^FAIL +settings +GRAPH_AUTHORITY_CA_FILE: /),
      expect.stringMatching(/^FAIL +database +cannot reach PostgreSQL at db\.council\.example/),
    ]);
    expect(fixFor(out, 'but CADENCE_BOT_HOST')).toContain(
      'unset CADENCE_DEVELOPMENT in production',
    );
  });

  it('refuses options it does not know and mailboxes that are not UPNs (exit 2)', async () => {
    const env = await production();
    expect(await cadence(env, 'doctor', '--mailbox', 'sam')).toMatchObject({
      code: 2,
      err: "cadence: doctor: --mailbox 'sam' is not a UPN (name@council.gov.uk)\n",
    });
    expect((await cadence(env, 'doctor', '--fix')).code).toBe(2);
  });
});

describe('cadence migrate on embedded PGlite', () => {
  it('applies every migration to a new data directory, then says it is up to date', async () => {
    const env = { CADENCE_DATA_DIR: join(dir, 'pglite') };
    const first = await cadence(env, 'migrate', '--json');
    expect(first.code).toBe(0);
    const applied = (JSON.parse(first.out) as { applied: string[] }).applied;
    expect(applied[0]).toBe('001_initial.sql');
    expect(applied.length).toBeGreaterThanOrEqual(7);
    expect((await cadence(env, 'migrate')).out).toBe(
      `PGlite in ${join(dir, 'pglite')}: up to date, no migration to apply\n`,
    );
    // PGlite starts a whole PostgreSQL in WebAssembly, twice here: seconds each on a busy machine.
  }, 120_000);
});
