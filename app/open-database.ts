/** Opens the configured database and brings its schema up to date. */
import { mkdirSync } from 'node:fs';
import { migrate, openPglite, openPostgres, type Database } from '../store/index.ts';
import { CadenceError } from '../rules/index.ts';
import type { Config } from './config.ts';

export async function openDatabase(config: Config): Promise<Database> {
  let db: Database;
  if (config.databaseUrl) {
    try {
      db = await openPostgres(config.databaseUrl);
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
  await migrate(db);
  return db;
}
