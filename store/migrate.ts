/**
 * Versioned migrations: `store/migrations/NNN_name.sql`, applied in order,
 * each in its own transaction, each recorded in `schema_migrations`. Run on
 * every start; an advisory lock keeps two instances from migrating at once.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Database, Sql } from './database.ts';

const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));
const LOCK_KEY = 4_242_001;

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export function migrationsOnDisk(): Migration[] {
  return readdirSync(MIGRATIONS_DIR)
    .filter((file) => /^\d{3}_[a-z0-9_]+\.sql$/.test(file))
    .sort()
    .map((file) => ({
      version: Number(file.slice(0, 3)),
      name: file,
      sql: readFileSync(`${MIGRATIONS_DIR}${file}`, 'utf8'),
    }));
}

/**
 * The migrations on disk not yet applied, without changing anything (for
 * `cadence doctor`): all of them when the database has never been migrated.
 */
export async function pendingMigrations(
  db: Sql,
  migrations = migrationsOnDisk(),
): Promise<Migration[]> {
  const [table] = await db.query<{ exists: boolean }>(
    `SELECT to_regclass('schema_migrations') IS NOT NULL AS exists`,
  );
  if (!table?.exists) return migrations;
  const done = new Set(
    (await db.query<{ version: number }>('SELECT version FROM schema_migrations')).map(
      (row) => row.version,
    ),
  );
  return migrations.filter((m) => !done.has(m.version));
}

/**
 * Applies the migrations not yet applied; returns the names it applied.
 * With none to apply it changes nothing, not even `CREATE TABLE IF NOT
 * EXISTS`: so a role that may only read and write rows (the app's own in
 * Azure, docs/deploy.md) starts on a schema its owner has brought up to date.
 */
export async function migrate(db: Database, migrations = migrationsOnDisk()): Promise<string[]> {
  if ((await pendingMigrations(db, migrations)).length === 0) return [];
  await db.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
  return db.transaction(async (tx) => {
    // Held to the end of this transaction: a second instance waits, then finds nothing to do.
    await tx.query('SELECT pg_advisory_xact_lock($1)', [LOCK_KEY]);
    const done = new Set(
      (await tx.query<{ version: number }>('SELECT version FROM schema_migrations')).map(
        (row) => row.version,
      ),
    );
    const applied: string[] = [];
    for (const migration of migrations.filter((m) => !done.has(m.version))) {
      await tx.exec(migration.sql);
      await tx.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [
        migration.version,
        migration.name,
      ]);
      applied.push(migration.name);
    }
    return applied;
  });
}
