/**
 * The two database roles of docs/deploy.md, on a real PostgreSQL server
 * (TEST_DATABASE_URL, or the one on 127.0.0.1:5432, whose `postgres` user is
 * a superuser, as in CI): an owner that runs `cadence migrate --app-role`,
 * and Cadence's own role, which may then read and write rows and nothing
 * else, and still runs Cadence. And the doctor's verdict on each kind of
 * role: FAIL for an administrator, warn for an owner, ok for rows only.
 *
 * Every role and the database are named for this run and removed at the end.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../app/cli/main.ts';
import { readConfig } from '../app/config.ts';
import { checkDatabaseRole } from '../app/doctor/database-role-check.ts';
import { openDatabase } from '../app/open-database.ts';
import { openPostgres, type Database } from '../store/index.ts';

const SERVER = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const ROSTER = new URL('../app/demo/roster.csv', import.meta.url).pathname;
const CASES = new URL('../app/demo/cases.csv', import.meta.url).pathname;
const run = randomBytes(4).toString('hex');
const DB = `cadence_roles_${run}`;
const OWNER = `cadence_roles_${run}_owner`;
// A hyphen, as an Azure managed identity's name has: every statement must quote it.
const APP = `cadence-roles-${run}-app`;
const CREATOR = `cadence_roles_${run}_creator`;

/** DATABASE_URL for `role` on this run's database (trust authentication: no password). */
const urlAs = (role: string, database = DB): string =>
  Object.assign(new URL(SERVER), {
    username: encodeURIComponent(role),
    password: '',
    pathname: `/${database}`,
  }).href;

async function cadence(
  env: Record<string, string | undefined>,
  ...argv: string[]
): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(
    argv,
    { stdout: (t) => (out += t), stderr: (t) => (err += t) },
    { env: { CADENCE_TODAY: '2026-11-23', ...env } },
  );
  return { code, out, err };
}

async function asRole<T>(role: string, work: (db: Database) => Promise<T>): Promise<T> {
  const db = await openPostgres(urlAs(role));
  try {
    return await work(db);
  } finally {
    await db.close();
  }
}

/** The SQLSTATE a statement fails with, or 'ok'. */
async function outcome(db: Database, sql: string): Promise<string> {
  try {
    await db.exec(sql);
    return 'ok';
  } catch (error) {
    return (error as { code?: string }).code ?? String(error);
  }
}

let admin: Database;

beforeAll(async () => {
  try {
    admin = await openPostgres(SERVER);
  } catch (error) {
    throw new Error(
      `these tests need a PostgreSQL server: set TEST_DATABASE_URL, or run one on 127.0.0.1:5432 (${String(error)})`,
      { cause: error },
    );
  }
  // The owner: a plain login that owns the database (so the schema public, PostgreSQL 15's pg_database_owner), as a DBA would set one up.
  await admin.exec(
    `CREATE ROLE ${OWNER} LOGIN; CREATE ROLE "${APP}" LOGIN; CREATE ROLE ${CREATOR} LOGIN CREATEDB`,
  );
  await admin.exec(`CREATE DATABASE ${DB} OWNER ${OWNER}`);
});

afterAll(async () => {
  await admin.exec(`DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`);
  await admin.exec(
    `DROP ROLE IF EXISTS ${OWNER}; DROP ROLE IF EXISTS "${APP}"; DROP ROLE IF EXISTS ${CREATOR}`,
  );
  await admin.close();
});

describe('cadence migrate --app-role, run as the schema’s owner', () => {
  it('applies the migrations, then lets the app role read and write rows and nothing else', async () => {
    const migrated = await cadence({ DATABASE_URL: urlAs(OWNER) }, 'migrate', '--app-role', APP);
    expect(migrated.err).toBe('');
    expect(migrated.code).toBe(0);
    expect(migrated.out).toMatch(/: applied \d+ migrations:\n {2}001_initial\.sql\n/);
    expect(migrated.out).toContain(
      `role ${APP}: may read and write the rows of every table, and nothing else`,
    );

    await asRole(APP, async (db) => {
      expect(await outcome(db, 'SELECT count(*) FROM people')).toBe('ok');
      // 42501: insufficient privilege.
      expect(await outcome(db, 'CREATE TABLE intruder (id int)')).toBe('42501');
      expect(await outcome(db, 'ALTER TABLE people ADD COLUMN intruder text')).toBe('42501');
      expect(await outcome(db, 'DROP TABLE audit_log')).toBe('42501');
      expect(await outcome(db, 'TRUNCATE people CASCADE')).toBe('42501');
      expect(
        await outcome(db, "INSERT INTO schema_migrations (version, name) VALUES (999, 'x')"),
      ).toBe('42501');
      expect(await outcome(db, 'CREATE SCHEMA intruder')).toBe('42501');
    });

    // Idempotent: a second run, with nothing to apply, grants again and changes nothing else.
    const again = await cadence(
      { DATABASE_URL: urlAs(OWNER) },
      'migrate',
      '--app-role',
      APP,
      '--json',
    );
    expect(again.code).toBe(0);
    expect(JSON.parse(again.out)).toMatchObject({
      applied: [],
      appRole: { name: APP, created: false },
    });
  });

  it('runs Cadence as the app role: imports, lists and removes, with no migration to apply at start', async () => {
    const env = { DATABASE_URL: urlAs(APP), CADENCE_ACTOR: 'it.admin@northdale.example' };
    const roster = await cadence(env, 'roster', 'import', ROSTER);
    expect(roster.err).toBe('');
    expect(roster.code).toBe(0);
    expect((await cadence(env, 'cases', 'import', CASES)).code).toBe(0);
    const overdue = await cadence(
      env,
      'overdue',
      '--manager',
      's.iqbal@northdale.example',
      '--json',
    );
    expect(overdue.code).toBe(0);
    expect((await cadence({ ...env, CADENCE_RETENTION_YEARS: '1' }, 'retention')).code).toBe(0);
    expect((await cadence(env, 'migrate')).out).toMatch(/: up to date, no migration to apply\n$/);
  });

  it('refuses to start as the app role when a migration is waiting, saying who must apply it', async () => {
    const last = await asRole(
      OWNER,
      async (db) =>
        (
          await db.query<{ version: number; name: string }>(
            'SELECT version, name FROM schema_migrations ORDER BY version DESC LIMIT 1',
          )
        )[0]!,
    );
    await asRole(OWNER, (db) =>
      db.query('DELETE FROM schema_migrations WHERE version = $1', [last.version]),
    );
    try {
      const refused = await openDatabase(readConfig({ DATABASE_URL: urlAs(APP) })).then(
        async (db) => {
          await db.close();
          return 'opened';
        },
        (error: unknown) => (error instanceof Error ? error.message : String(error)),
      );
      expect(refused).toBe(
        `the database schema is not up to date (${last.name}), and the role Cadence connects as may not change it: ` +
          'run cadence migrate as the role that owns the schema (in Azure: start the migration job, docs/deploy.md#release-a-new-version), then start Cadence again',
      );
    } finally {
      await asRole(OWNER, (db) =>
        db.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [
          last.version,
          last.name,
        ]),
      );
    }
  });

  it('refuses a role that does not exist (creating one needs Azure), and the owner’s own role', async () => {
    const missing = await cadence(
      { DATABASE_URL: urlAs(OWNER) },
      'migrate',
      '--app-role',
      `cadence_roles_${run}_nobody`,
    );
    // A CadenceError: said in one line, exit 2 (app/cli/main.ts).
    expect(missing.code).toBe(2);
    expect(missing.err).toContain(
      `role cadence_roles_${run}_nobody does not exist on the server: create it (docs/deploy.md#database)`,
    );

    // Not Azure: pgaadauth_create_principal_with_oid does not exist here, and the error says what it needs.
    const notAzure = await cadence(
      { DATABASE_URL: urlAs(OWNER) },
      'migrate',
      '--app-role',
      `cadence_roles_${run}_nobody`,
      '--app-principal-id',
      '7c1a3e52-2f41-4b8e-9d0a-5b2f6c8e1d34',
    );
    expect(notAzure.code).toBe(2);
    expect(notAzure.err).toMatch(
      /could not create the Microsoft Entra role .*pgaadauth_create_principal_with_oid.*needs Azure Database for PostgreSQL with Microsoft Entra authentication/,
    );

    const own = await cadence({ DATABASE_URL: urlAs(OWNER) }, 'migrate', '--app-role', OWNER);
    expect(own.code).toBe(2);
    expect(own.err).toContain(`--app-role ${OWNER} is the role this connection runs as`);

    expect((await cadence({}, 'migrate', '--app-role', APP)).err).toContain(
      'embedded PGlite has a single user and no roles',
    );
    expect(
      (await cadence({ DATABASE_URL: urlAs(OWNER) }, 'migrate', '--app-principal-id', 'x')).code,
    ).toBe(2);
  });
});

describe('the doctor’s database role check', () => {
  const check = (role: string) => checkDatabaseRole({ authority: {}, databaseUrl: urlAs(role) });

  it('passes the app role, which may read and write rows only', async () => {
    expect(await check(APP)).toEqual({
      check: 'database role',
      status: 'ok',
      found: `Cadence connects as ${APP}: no superuser, CREATEROLE or CREATEDB, owns nothing in schema public: it may read and write rows only`,
    });
  });

  it('fails a superuser, naming what it may do and where the fix is', async () => {
    const superuser = decodeURIComponent(new URL(SERVER).username);
    const finding = await checkDatabaseRole({
      authority: {},
      databaseUrl: Object.assign(new URL(SERVER), { pathname: `/${DB}` }).href,
    });
    expect(finding.status).toBe('FAIL');
    expect(finding.found).toMatch(
      new RegExp(`^Cadence connects as ${superuser}: superuser, CREATEROLE, CREATEDB`),
    );
    expect(finding.fix).toContain('cadence migrate --app-role');
    expect(finding.fix).toContain('docs/deploy.md#the-database-roles');
  });

  it('fails a role that may create databases', async () => {
    expect(await check(CREATOR)).toMatchObject({
      status: 'FAIL',
      found: `Cadence connects as ${CREATOR}: CREATEDB: whoever took over Cadence could read and change every database on the server and make new logins`,
    });
  });

  it('warns of the schema’s owner: it could alter or drop the tables', async () => {
    const finding = await check(OWNER);
    expect(finding.status).toBe('warn');
    expect(finding.found).toMatch(
      new RegExp(
        `^Cadence connects as ${OWNER}, which owns \\d+ of the tables in schema public, may create tables in schema public, owns the database:`,
      ),
    );
    expect(finding.fix).toContain(
      `give ${OWNER} rows only with cadence migrate --app-role ${OWNER}`,
    );
  });

  it('is skipped on embedded PGlite, saying why, and when the server cannot be reached', async () => {
    const embedded = await checkDatabaseRole({ authority: {} });
    expect(embedded.status).toBe('skip');
    expect(embedded.found).toContain(
      'embedded PGlite has a single built-in user and no roles to narrow',
    );
    expect(
      await checkDatabaseRole({
        authority: {},
        databaseUrl: 'postgres://nobody@127.0.0.1:1/cadence',
      }),
    ).toMatchObject({ status: 'skip', found: 'not checked: cannot connect to PostgreSQL (above)' });
  });
});
