/**
 * `cadence migrate`: brings the configured database's schema up to date and
 * says which migrations it applied. `cadence serve` does the same at start;
 * this is for an administrator who wants it done (and seen) before go-live,
 * or who was told to by `cadence doctor`.
 */
import { migrate } from '../../store/index.ts';
import type { Config } from '../config.ts';
import { connectDatabase } from '../open-database.ts';
import type { Output } from './io.ts';
import { readOptions } from './options.ts';

export async function migrateCommand(args: string[], config: Config): Promise<Output> {
  readOptions('migrate', args, {});
  const where = databaseName(config);
  const db = await connectDatabase(config);
  try {
    const applied = await migrate(db);
    const human =
      applied.length === 0
        ? `${where}: up to date, no migration to apply`
        : [`${where}: applied ${applied.length} migration${applied.length === 1 ? '' : 's'}:`, ...applied.map((name) => `  ${name}`)].join('\n');
    return { human, json: { database: where, applied } };
  } finally {
    await db.close();
  }
}

/** Which database, never with its password. */
function databaseName(config: Config): string {
  if (!config.databaseUrl) return `PGlite in ${config.dataDir}`;
  const url = new URL(config.databaseUrl);
  return `PostgreSQL at ${url.host}${url.pathname}`;
}
