/** Opens the configured database and brings its schema up to date. */
import { mkdirSync } from 'node:fs';
import {
  migrate,
  openPglite,
  openPostgres,
  pendingMigrations,
  type Database,
  type PostgresOptions,
} from '../store/index.ts';
import { CadenceError } from '../rules/index.ts';
import type { Config } from './config.ts';
import { credentialName, databaseCredential, entraPassword } from './database-token.ts';

/** `postgres` is for a long-running process: its name on each connection, and where a lost connection is told. */
export async function openDatabase(
  config: Config,
  postgres: Omit<PostgresOptions, 'schema' | 'password'> = {},
): Promise<Database> {
  const db = await connectDatabase(config, postgres);
  try {
    await migrate(db);
  } catch (error) {
    const refused = await migrationRefused(db, error);
    await db.close();
    throw refused ?? error;
  }
  return db;
}

/** The configured database as it stands, not migrated: `cadence migrate` then says what it applied. */
export async function connectDatabase(
  config: Config,
  postgres: Omit<PostgresOptions, 'schema' | 'password'> = {},
): Promise<Database> {
  let db: Database;
  if (config.databaseUrl) {
    const password = databasePassword(config.databaseAuth, config.azureClientId);
    try {
      db = await openPostgres(config.databaseUrl, { ...postgres, ...(password && { password }) });
    } catch (error) {
      const check = password
        ? 'check DATABASE_URL, AZURE_CLIENT_ID, and that the identity has a role on the server (docs/deploy.md#database)'
        : 'check DATABASE_URL';
      throw new CadenceError(
        `cannot reach the database at ${new URL(config.databaseUrl).host}: ${error instanceof Error ? error.message : String(error)}; ${check}`,
        { cause: error },
      );
    }
  } else {
    mkdirSync(config.dataDir, { recursive: true });
    db = await openPglite(config.dataDir);
  }
  return db;
}

/** With DATABASE_AUTH=entra, the password function for each new connection; otherwise none (the URL's own, if any). */
export function databasePassword(
  auth: 'password' | 'entra',
  clientId: string | undefined,
): (() => Promise<string>) | undefined {
  return auth === 'entra'
    ? entraPassword(databaseCredential(clientId), credentialName(clientId))
    : undefined;
}

/**
 * A migration refused for want of privilege (SQLSTATE 42501), said as what
 * it is: Cadence connects as a role that may only read and write rows, and
 * the schema's owner has not yet applied this release's migrations.
 */
async function migrationRefused(db: Database, error: unknown): Promise<CadenceError | null> {
  if ((error as { code?: string }).code !== '42501') return null;
  const pending = await pendingMigrations(db).catch(() => []);
  const names = pending.length > 0 ? ` (${pending.map((m) => m.name).join(', ')})` : '';
  return new CadenceError(
    `the database schema is not up to date${names}, and the role Cadence connects as may not change it: ` +
      'run cadence migrate as the role that owns the schema (in Azure: start the migration job, docs/deploy.md#release-a-new-version), then start Cadence again',
    { cause: error },
  );
}
