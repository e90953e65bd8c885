/**
 * Check 5b, database role: the role Cadence connects to PostgreSQL as may
 * read and write Cadence's rows and nothing more. Whoever takes over the
 * process holds what that role holds: as an administrator (superuser,
 * CREATEROLE, CREATEDB, or on Azure a member of azure_pg_admin, which
 * Microsoft Entra administrators are:
 * https://learn.microsoft.com/azure/postgresql/flexible-server/how-to-manage-azure-ad-users)
 * that is every database on the server and new logins, so it FAILs. Owning
 * the tables (what a single-role setup does, so that `cadence serve` can
 * migrate) only lets it alter or drop Cadence's own schema: a warning, with
 * the two-role setup of docs/deploy.md as the fix. Read-only, like the rest.
 */
import { openPostgres, rolePowers, type Database, type RolePowers } from '../../store/index.ts';
import { DOCS } from './deploy-docs.ts';
import { fail, ok, skip, warn, type Finding } from './finding.ts';
import type { DoctorSettings } from './settings-check.ts';

export async function checkDatabaseRole(
  settings: DoctorSettings,
  password?: () => Promise<string>,
): Promise<Finding> {
  if (!settings.databaseUrl) {
    return skip(
      'database role',
      'not checked: no PostgreSQL server (DATABASE_URL, above); embedded PGlite has a single built-in user and no roles to narrow',
    );
  }
  let db: Database;
  try {
    db = await openPostgres(settings.databaseUrl, { ...(password && { password }) });
  } catch {
    // The database check above says why, once.
    return skip('database role', 'not checked: cannot connect to PostgreSQL (above)');
  }
  try {
    return judge(await rolePowers(db));
  } finally {
    await db.close();
  }
}

export function judge(powers: RolePowers): Finding {
  const { role, schema } = powers;
  const admin = [
    powers.superuser && 'superuser',
    powers.createRole && 'CREATEROLE',
    powers.createDb && 'CREATEDB',
    powers.replication && 'REPLICATION',
    powers.bypassRls && 'BYPASSRLS',
    powers.azureAdmin && 'member of azure_pg_admin (a server administrator)',
  ].filter((power): power is string => typeof power === 'string');
  if (admin.length > 0) {
    return fail(
      'database role',
      `Cadence connects as ${role}: ${admin.join(', ')}: whoever took over Cadence could read and change every database on the server and make new logins`,
      `connect as a role that may only read and write Cadence's rows: let the schema's owner run cadence migrate --app-role <that role>, and name that role in DATABASE_URL (${DOCS.databaseRoles})`,
    );
  }
  const owner = [
    powers.owned > 0 && `owns ${powers.owned} of the tables in schema ${schema}`,
    powers.createInSchema && `may create tables in schema ${schema}`,
    powers.ownsDatabase && 'owns the database',
  ].filter((part): part is string => typeof part === 'string');
  if (owner.length > 0) {
    return warn(
      'database role',
      `Cadence connects as ${role}, which ${owner.join(', ')}: it could alter or drop Cadence's tables, not only change their rows`,
      `let another role own the schema and run cadence migrate; give ${role} rows only with cadence migrate --app-role ${role}, run as that owner (${DOCS.databaseRoles})`,
    );
  }
  const none =
    powers.azureAdmin === null
      ? 'no superuser, CREATEROLE or CREATEDB'
      : 'no superuser, CREATEROLE, CREATEDB or azure_pg_admin';
  return ok(
    'database role',
    `Cadence connects as ${role}: ${none}, owns nothing in schema ${schema}: it may read and write rows only`,
  );
}
