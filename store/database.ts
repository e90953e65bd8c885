/**
 * The database port and its two implementations: PGlite embedded (the
 * default, persisted in a data directory) and a PostgreSQL server (when a
 * connection string is given). Both run the same SQL; dates (`date` columns)
 * come back as `YYYY-MM-DD` text on both, never as a JS Date shifted by the
 * machine's time zone.
 */
import { readFileSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';

/** Something that runs SQL: the database, or a transaction inside it. */
export interface Sql {
  query<Row = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<Row[]>;
  /** Runs a script of several statements without parameters (migrations). */
  exec(script: string): Promise<void>;
}

export interface Database extends Sql {
  readonly kind: 'pglite' | 'postgres';
  /** Runs `work` in one transaction: all of it is written, or none. */
  transaction<T>(work: (tx: Sql) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

const DATE_OID = 1082;
const keepDateText = (value: string) => value;

/** PGlite in `dataDir`, or in memory when none is given (tests). */
export async function openPglite(dataDir?: string): Promise<Database> {
  const db = new PGlite({ ...(dataDir && { dataDir }), parsers: { [DATE_OID]: keepDateText } });
  await db.waitReady;
  const run = async <Row>(sql: Pick<PGlite, 'query'>, text: string, params?: readonly unknown[]) =>
    (await sql.query<Row>(text, params as unknown[])).rows;
  const exec = async (sql: Pick<PGlite, 'exec'>, script: string) => {
    await sql.exec(script);
  };
  return {
    kind: 'pglite',
    query: (text, params) => run(db, text, params),
    exec: (script) => exec(db, script),
    transaction: (work) =>
      db.transaction((tx) =>
        work({
          query: (text, params) => run(tx, text, params),
          exec: (script) => exec(tx, script),
        }),
      ),
    close: () => db.close(),
  };
}

export interface PostgresOptions {
  /** Becomes the search path of every connection (tests use one schema each, side by side). */
  schema?: string;
  /** Shown in `pg_stat_activity.application_name`: which process holds a connection. */
  applicationName?: string;
  /**
   * Told when a connection the pool holds fails outside a query (the server
   * restarted, or an administrator ended the backend). The pool has already
   * dropped that connection and opens a new one on the next query.
   */
  onConnectionError?: (error: Error) => void;
  /**
   * The password for each new connection, asked for when the server asks for
   * one: a Microsoft Entra access token for Azure Database for PostgreSQL
   * (app/database-token.ts). Tokens expire (about an hour), and the pool opens
   * connections long after start, so a fixed password would not do. When set,
   * the connection string must carry no password.
   */
  password?: () => Promise<string>;
}

/**
 * A PostgreSQL server, through a small pool.
 *
 * A pool of long-lived connections must outlive the server restarting (a
 * managed server's maintenance, a failover). node-postgres emits 'error' on
 * the pool when an idle connection dies and, like any EventEmitter, throws it
 * when nobody listens, ending the process
 * (https://node-postgres.com/apis/pool#error). So a listener is always here;
 * the connection is already gone from the pool, and the next query opens a
 * fresh one.
 */
export async function openPostgres(
  connectionString: string,
  options: PostgresOptions = {},
): Promise<Database> {
  const pool = new pg.Pool({
    ...(options.password
      ? connectionFields(connectionString, options.password)
      : { connectionString }),
    max: 4,
    // An unreachable server (a black-holed address) fails a query in seconds, rather than hanging it.
    connectionTimeoutMillis: 10_000,
    types: { getTypeParser: dateAsText },
    ...(options.applicationName && { application_name: options.applicationName.slice(0, 63) }),
    ...(options.schema && { options: `-c search_path=${options.schema}` }),
  });
  const connectionFailed = (error: Error) => options.onConnectionError?.(error);
  pool.on('error', connectionFailed);
  // Fail now, naming the server, rather than on the first query.
  const probe = await pool.connect();
  probe.release();
  return {
    kind: 'postgres',
    query: async <Row>(text: string, params?: readonly unknown[]) =>
      (await pool.query(text, params as unknown[])).rows as Row[],
    exec: async (script) => {
      await pool.query(script);
    },
    transaction: async (work) => {
      const client = await pool.connect();
      // A checked-out client has no pool listener: while `work` awaits something else, a dying connection would otherwise throw.
      client.on('error', connectionFailed);
      let broken: Error | undefined;
      try {
        await client.query('BEGIN');
        const result = await work({
          query: async <Row>(text: string, params?: readonly unknown[]) =>
            (await client.query(text, params as unknown[])).rows as Row[],
          exec: async (script) => {
            await client.query(script);
          },
        });
        await client.query('COMMIT');
        return result;
      } catch (error) {
        try {
          await client.query('ROLLBACK');
        } catch (rollbackFailed) {
          // The connection itself is gone: releasing it with the error makes the pool discard it rather than hand it out again.
          broken =
            rollbackFailed instanceof Error ? rollbackFailed : new Error(String(rollbackFailed));
        }
        throw error;
      } finally {
        client.removeListener('error', connectionFailed);
        client.release(broken);
      }
    },
    close: () => pool.end(),
  };
}

/**
 * The connection string taken apart, with `password` as the password function.
 * node-postgres calls a function password each time a new connection
 * authenticates (`password` in https://node-postgres.com/apis/client;
 * `_getPassword` in pg/lib/client.js), but not when a connection string is
 * given too: pg-connection-string reads the absent password as '', which
 * replaces the function, and the server is then sent no password at all. TLS: `sslmode=disable` (or
 * none) is plain TCP, for tests; any other mode verifies the server's
 * certificate and name, against `sslrootcert` when given, since what is sent
 * as the password is a bearer token (app/config.ts accepts only
 * `sslmode=verify-full` with DATABASE_AUTH=entra).
 */
export function connectionFields(
  connectionString: string,
  password: () => Promise<string>,
): pg.PoolConfig {
  const url = new URL(connectionString);
  if (url.password)
    throw new Error('the connection string carries a password, and another one was given');
  const sslmode = url.searchParams.get('sslmode');
  const rootCert = url.searchParams.get('sslrootcert');
  return {
    host: url.hostname.replace(/^\[(.+)\]$/, '$1'),
    port: url.port ? Number(url.port) : 5432,
    database: decodeURIComponent(url.pathname.slice(1)),
    user: decodeURIComponent(url.username),
    password,
    ssl:
      sslmode === null || sslmode === 'disable'
        ? false
        : rootCert
          ? { ca: readFileSync(rootCert, 'utf8') }
          : true,
  };
}

function dateAsText(oid: number, format?: 'text' | 'binary'): (value: string) => unknown {
  return oid === DATE_OID
    ? keepDateText
    : (pg.types.getTypeParser(oid, format ?? 'text') as (value: string) => unknown);
}
