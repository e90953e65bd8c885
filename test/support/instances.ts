/**
 * Helpers for running several Cadence processes against one PostgreSQL
 * database (test/instances.test.ts): a database of their own on a server,
 * a private PostgreSQL cluster the test can restart, and the instances
 * themselves as child processes whose JSON log lines are kept.
 */
import { execFile, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { openPostgres } from '../../store/index.ts';
import { freePort } from './ports.ts';

const ROOT = new URL('../../', import.meta.url).pathname;
const BIN = join(ROOT, 'app/bin/cadence.js');

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Polls `check` until it returns something other than null or false; fails
 * naming `what` after `timeoutMs`. With `throughErrors`, a check that throws
 * (the database coming back from a restart) counts as "not yet".
 */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | null | false> | T | null | false,
  timeoutMs: number,
  everyMs = 100,
  throughErrors = false,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  let lastError: unknown = null;
  for (;;) {
    try {
      const value = await check();
      if (value !== null && value !== false) return value;
    } catch (error) {
      if (!throughErrors) throw error;
      lastError = error;
    }
    if (Date.now() > until)
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for ${what}${lastError ? ` (last error: ${lastError instanceof Error ? lastError.message : 'not an Error'})` : ''}`,
      );
    await sleep(everyMs);
  }
}

/** A database of its own on the server `serverUrl` names, dropped (with its connections) at the end. */
export async function createDatabase(
  serverUrl: string,
  prefix: string,
): Promise<{ name: string; url: string; drop(): Promise<void> }> {
  const name = `${prefix}_${process.pid}_${Date.now().toString(36)}`;
  const admin = await openPostgres(serverUrl);
  await admin.exec(`CREATE DATABASE ${name}`);
  await admin.close();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    drop: async () => {
      const again = await openPostgres(serverUrl);
      try {
        await again.exec(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await again.close();
      }
    },
  };
}

/**
 * Ends every connection Cadence instances hold to database `name`
 * (pg_terminate_backend; `cadence serve` names its connections
 * "cadence <instance>"): what a server restart looks like to its clients,
 * short of the second or so it refuses new ones. Returns how many were ended.
 */
export async function terminateBackends(serverUrl: string, name: string): Promise<number> {
  const admin = await openPostgres(serverUrl);
  try {
    const [row] = await admin.query<{ ended: string }>(
      `SELECT count(pg_terminate_backend(pid)) AS ended FROM pg_stat_activity WHERE datname = $1 AND application_name LIKE 'cadence %'`,
      [name],
    );
    return Number(row!.ended);
  } finally {
    await admin.close();
  }
}

export interface Cluster {
  url: string;
  /** `pg_ctl restart -m fast`: every connection is cut, the server is back when it returns. */
  restart(): Promise<number>;
  stop(): Promise<void>;
}

function postgresBin(): string | null {
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return null;
  const version = readdirSync(base)
    .filter((v) => existsSync(join(base, v, 'bin/initdb')))
    .sort((a, b) => Number(b) - Number(a))[0];
  return version ? join(base, version, 'bin') : null;
}

/**
 * A PostgreSQL cluster of the test's own, so it can be restarted without
 * disturbing anyone else on the shared server. Needs the server binaries
 * and root (to run them as the postgres user); null, with the reason, when
 * either is missing.
 */
export async function startPrivateCluster(): Promise<
  { cluster: Cluster } | { cluster: null; reason: string }
> {
  const bin = postgresBin();
  if (!bin)
    return { cluster: null, reason: 'no PostgreSQL server binaries under /usr/lib/postgresql' };
  if (userInfo().uid !== 0)
    return {
      cluster: null,
      reason: 'not root, so cannot run the server binaries as the postgres user',
    };
  const postgres = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
  const uid = Number(postgres.stdout.trim());
  if (postgres.status !== 0 || !Number.isInteger(uid))
    return { cluster: null, reason: 'no postgres user' };
  const dir = mkdtempSync('/tmp/cadence-pg-');
  chownSync(dir, uid, uid);
  const port = await freePort();
  // Asynchronous: the test's own servers (the Graph emulator, the Teams connector) keep answering meanwhile.
  const asPostgres = async (args: string[]) => {
    try {
      await promisify(execFile)('runuser', ['-u', 'postgres', '--', ...args], {
        encoding: 'utf8',
        timeout: 60_000,
      });
    } catch (error) {
      const { stderr, stdout } = error as { stderr?: string; stdout?: string };
      throw new Error(`${args[0]} failed: ${stderr || stdout || String(error)}`, { cause: error });
    }
  };
  const data = join(dir, 'data');
  // fsync off: the cluster lives for one test.
  const serverOptions = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=60`;
  try {
    await asPostgres([
      join(bin, 'initdb'),
      '-D',
      data,
      '-A',
      'trust',
      '-U',
      'postgres',
      '--no-sync',
    ]);
    await asPostgres([
      join(bin, 'pg_ctl'),
      '-D',
      data,
      '-l',
      join(dir, 'log'),
      '-w',
      '-o',
      serverOptions,
      'start',
    ]);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    return {
      cluster: null,
      reason: error instanceof Error ? error.message.split('\n')[0]! : String(error),
    };
  }
  return {
    cluster: {
      url: `postgres://postgres@127.0.0.1:${port}/postgres`,
      restart: async () => {
        const started = performance.now();
        await asPostgres([
          join(bin, 'pg_ctl'),
          '-D',
          data,
          '-l',
          join(dir, 'log'),
          '-w',
          '-m',
          'fast',
          '-o',
          serverOptions,
          'restart',
        ]);
        return Math.round(performance.now() - started);
      },
      stop: async () => {
        try {
          await asPostgres([join(bin, 'pg_ctl'), '-D', data, '-w', '-m', 'immediate', 'stop']);
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      },
    },
  };
}

export interface Instance {
  name: string;
  port: number;
  child: ChildProcess;
  /** Every JSON line it wrote on stdout, parsed. */
  lines: Record<string, unknown>[];
  /** What it wrote on stderr (a crash's stack, say). */
  stderr: string[];
  /** Its exit: the code, or the signal that ended it. */
  exited: Promise<number | string>;
  running(): boolean;
  /** The status `GET path` answers, or 0 when nothing answers. */
  status(path: string): Promise<number>;
}

/** What each instance runs: the production command. */
export const INSTANCE_COMMAND = 'node app/bin/cadence.js serve';

/** Starts one instance with `env` and waits for its "listening" line. */
export async function startInstance(
  name: string,
  env: Record<string, string>,
  timeoutMs = 60_000,
): Promise<Instance> {
  const port = await freePort();
  const child = spawn(process.execPath, [BIN, 'serve'], {
    cwd: ROOT,
    env: { ...env, CADENCE_INSTANCE: name, PORT: String(port), CADENCE_BOT_HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: Record<string, unknown>[] = [];
  const stderr: string[] = [];
  let exit: number | string | null = null;
  const exited = new Promise<number | string>((resolve) =>
    child.once('exit', (code, signal) => resolve((exit = code ?? signal ?? 'unknown'))),
  );
  let partial = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    const parts = (partial + chunk).split('\n');
    partial = parts.pop()!;
    for (const part of parts) {
      try {
        lines.push(JSON.parse(part) as Record<string, unknown>);
      } catch {
        lines.push({ text: part });
      }
    }
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => stderr.push(chunk));
  const instance: Instance = {
    name,
    port,
    child,
    lines,
    stderr,
    exited,
    running: () => exit === null,
    status: async (path) => {
      try {
        return (
          await fetch(`http://127.0.0.1:${port}${path}`, { signal: AbortSignal.timeout(5_000) })
        ).status;
      } catch {
        return 0;
      }
    },
  };
  await waitFor(
    `${name} to listen`,
    () => {
      if (exit !== null)
        throw new Error(
          `${name} exited (${exit}) before listening: ${stderr.join('').slice(-2000)}`,
        );
      return lines.some((l) => l.event === 'listening');
    },
    timeoutMs,
    50,
  );
  return instance;
}
