/** Opens the configured database and brings its schema up to date. */
import { mkdirSync } from 'node:fs';
import { migrate, openPglite, openPostgres, type Database, type PostgresOptions } from '../store/index.ts';
import { CadenceError } from '../rules/index.ts';
import type { Config } from './config.ts';

/** `postgres` is for a long-running process: its name on each connection, and where a lost connection is told. */
export async function openDatabase(config: Config, postgres: Omit<PostgresOptions, 'schema'> = {}): Promise<Database> {
  const db = await connectDatabase(config, postgres);
  await migrate(db);
  return db;
}

/** The configured database as it stands, not migrated: `cadence migrate` then says what it applied. */
export async function connectDatabase(config: Config, postgres: Omit<PostgresOptions, 'schema'> = {}): Promise<Database> {
  let db: Database;
  if (config.databaseUrl) {
    try {
      db = await openPostgres(config.databaseUrl, postgres);
    } catch (error) {
      throw new CadenceError(
        `cannot reach the database at ${new URL(config.databaseUrl).host}: ${error instanceof Error ? error.message : String(error)}; check DATABASE_URL`,
        { cause: error },
      );
    }
  } else {
    mkdirSync(config.dataDir, { recursive: true });
    db = await openPglite(config.dataDir);
  }
  return db;
}
