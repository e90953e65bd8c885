/**
 * `cadence migrate [--app-role ROLE [--app-principal-id GUID]]`: brings the
 * configured database's schema up to date and says which migrations it
 * applied. `cadence serve` does the same at start when it may; this is for an
 * administrator who wants it done (and seen) before go-live, or who was told
 * to by `cadence doctor`, and for a deployment where the schema belongs to a
 * role other than the one Cadence runs as (docs/deploy.md#database).
 *
 * With --app-role, run as the schema's owner, it then lets ROLE read and
 * write the rows of every table and nothing more (store/roles.ts), after
 * every migration, so new tables are covered. With --app-principal-id too, on
 * Azure Database for PostgreSQL, a ROLE that does not exist yet is created
 * first as a regular (not administrator) Microsoft Entra role bound to that
 * object id; this needs the connection to be an Entra administrator's, which
 * is what the deployment's migration job is (infra/azure/modules/migrate-job.bicep).
 */
import { CadenceError, InputError } from '../../rules/index.ts';
import {
  createEntraPrincipal,
  grantAppRole,
  migrate,
  roleExists,
  type Database,
} from '../../store/index.ts';
import type { Config } from '../config.ts';
import { connectDatabase } from '../open-database.ts';
import type { Output } from './io.ts';
import { optionalText, readOptions } from './options.ts';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function migrateCommand(args: string[], config: Config): Promise<Output> {
  const { values } = readOptions('migrate', args, {
    'app-role': { type: 'string' },
    'app-principal-id': { type: 'string' },
  });
  const appRole = optionalText(values, 'app-role');
  const principalId = optionalText(values, 'app-principal-id');
  if (appRole !== undefined && (appRole === '' || appRole.length > 63))
    throw new InputError(
      `migrate: --app-role '${appRole}' is not a PostgreSQL role name (1 to 63 characters)`,
    );
  if (principalId !== undefined && !appRole)
    throw new InputError(
      'migrate: --app-principal-id goes with --app-role, the role it is the object id of',
    );
  if (principalId !== undefined && !GUID.test(principalId))
    throw new InputError(
      `migrate: --app-principal-id '${principalId}' is not an object id (a GUID)`,
    );
  if (appRole && !config.databaseUrl)
    throw new InputError(
      'migrate: --app-role is for a PostgreSQL server (DATABASE_URL): embedded PGlite has a single user and no roles',
    );
  const where = databaseName(config);
  const db = await connectDatabase(config);
  try {
    if (appRole) await refuseOwnRole(db, appRole);
    const applied = await migrate(db);
    const lines =
      applied.length === 0
        ? [`${where}: up to date, no migration to apply`]
        : [
            `${where}: applied ${applied.length} migration${applied.length === 1 ? '' : 's'}:`,
            ...applied.map((name) => `  ${name}`),
          ];
    if (!appRole) return { human: lines.join('\n'), json: { database: where, applied } };
    const created = await ensureRole(db, config, appRole, principalId);
    await grantAppRole(db, appRole);
    if (created)
      lines.push(
        `role ${appRole}: created as a Microsoft Entra role for object ${principalId} (not an administrator)`,
      );
    lines.push(`role ${appRole}: may read and write the rows of every table, and nothing else`);
    return {
      human: lines.join('\n'),
      json: { database: where, applied, appRole: { name: appRole, created } },
    };
  } finally {
    await db.close();
  }
}

/** Granting rows to the schema's owner would take its own right to record migrations away (schema_migrations is left read-only). */
async function refuseOwnRole(db: Database, appRole: string): Promise<void> {
  const [me] = await db.query<{ name: string }>('SELECT current_user AS name');
  if (me?.name === appRole) {
    throw new InputError(
      `migrate: --app-role ${appRole} is the role this connection runs as, the schema's owner: Cadence's own role must be another (docs/deploy.md#database)`,
    );
  }
}

/** Whether the role had to be created. */
async function ensureRole(
  db: Database,
  config: Config,
  role: string,
  principalId: string | undefined,
): Promise<boolean> {
  if (await roleExists(db, role)) return false;
  if (!principalId) {
    throw new CadenceError(
      `migrate: role ${role} does not exist on the server: create it (docs/deploy.md#database), or give --app-principal-id on Azure Database for PostgreSQL`,
    );
  }
  // Azure's function exists in the postgres database only (how-to-connect-with-managed-identity, linked in store/roles.ts).
  const postgresDb = await connectDatabase({
    ...config,
    databaseUrl: Object.assign(new URL(config.databaseUrl!), { pathname: '/postgres' }).href,
  });
  try {
    await createEntraPrincipal(postgresDb, role, principalId);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new CadenceError(
      `migrate: could not create the Microsoft Entra role ${role} for object ${principalId}: ${reason}; this needs Azure Database for PostgreSQL with Microsoft Entra authentication, and the connection to be an Entra administrator's (docs/deploy.md#database)`,
      { cause: error },
    );
  } finally {
    await postgresDb.close();
  }
  return true;
}

/** Which database, never with its password. */
function databaseName(config: Config): string {
  if (!config.databaseUrl) return `PGlite in ${config.dataDir}`;
  const url = new URL(config.databaseUrl);
  return `PostgreSQL at ${url.host}${url.pathname}`;
}
