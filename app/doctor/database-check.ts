/**
 * Check 5, database: the PostgreSQL server in DATABASE_URL answers, its
 * schema is migrated, and it holds a roster. Read-only: it never migrates
 * (that is `cadence migrate`), and it never prints the password.
 */
import { countPeople, openPostgres, pendingMigrations, type Database } from '../../store/index.ts';
import { DOCS } from './deploy-docs.ts';
import { checkReconcile } from './reconcile-check.ts';
import { fail, ok, skip, warn, type Finding } from './finding.ts';
import type { DoctorSettings } from './settings-check.ts';

/** `password`: each connection's, with DATABASE_AUTH=entra (app/database-token.ts). */
export async function checkDatabase(
  settings: DoctorSettings,
  password?: () => Promise<string>,
): Promise<Finding[]> {
  if (!settings.databaseUrl)
    return [
      skip('database', 'not checked: DATABASE_URL (above) must name a PostgreSQL server first'),
    ];
  const url = new URL(settings.databaseUrl);
  const where = `${url.host}${url.pathname}`;
  let db: Database;
  try {
    db = await openPostgres(settings.databaseUrl, { ...(password && { password }) });
  } catch (error) {
    return [
      fail(
        'database',
        `cannot reach PostgreSQL at ${where}: ${redact(error, url)}`,
        unreachableFix(error),
      ),
    ];
  }
  try {
    const pending = await pendingMigrations(db);
    const findings: Finding[] = [];
    if (pending.length > 0) {
      const names = pending.map((m) => m.name).join(', ');
      findings.push(
        fail(
          'database',
          `PostgreSQL at ${where}: ${pending.length} migration${pending.length === 1 ? '' : 's'} not applied (${names})`,
          'run cadence migrate (cadence serve also migrates when it starts)',
        ),
      );
    } else {
      findings.push(ok('database', `PostgreSQL at ${where}: reachable, schema up to date`));
    }
    // The people table comes with the first migration.
    if (pending.some((m) => m.version === 1)) {
      findings.push(skip('database', 'roster not checked: the schema is not there yet'));
    } else {
      const people = await countPeople(db);
      findings.push(
        people === 0
          ? warn(
              'database',
              'no people: the roster has not been imported',
              `import the roster: cadence roster import roster.csv (${DOCS.roster})`,
            )
          : ok('database', `${people} people in the roster`),
      );
    }
    // What the daily job could not reconcile needs the reconcile migration; the findings above already say when it is missing.
    // The doctor runs on the real clock (it checks the deployment as it is now).
    if (pending.length === 0)
      findings.push(...(await checkReconcile(db, settings.graph?.clientId ?? null, new Date())));
    return findings;
  } finally {
    await db.close();
  }
}

/** The driver's reason, with the password cut out should it ever appear in it. */
function redact(error: unknown, url: URL): string {
  // Node gives an AggregateError with no message of its own when every address of a name refused.
  const inner =
    error instanceof AggregateError && error.message === '' ? (error.errors[0] as unknown) : error;
  const message =
    (inner instanceof Error
      ? inner.message || (inner as { code?: string }).code || inner.name
      : String(inner)
    ).split('\n')[0] ?? '';
  const password = decodeURIComponent(url.password);
  return password ? message.replaceAll(password, '***') : message;
}

/** PostgreSQL's SQLSTATE or the socket's error code, to the likely fix. */
function unreachableFix(error: unknown): string {
  const code = (error as { code?: string }).code;
  if (code === '28P01' || code === '28000')
    return `the user or password in DATABASE_URL is wrong, or the user may not connect: check them against the server (${DOCS.database})`;
  if (code === '3D000')
    return `the database named in DATABASE_URL does not exist on the server: create it, or correct the name (${DOCS.database})`;
  return `check the server name and port in DATABASE_URL, that the server is running, and that its firewall or private endpoint lets Cadence in (${DOCS.database})`;
}
