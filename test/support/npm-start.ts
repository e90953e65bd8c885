/**
 * `npm start` as a newcomer runs it: in a fresh copy of the repository (the
 * files git tracks, and new ones it does not ignore — what a clone of this
 * commit holds — with this checkout's node_modules linked in), with the
 * default settings (PGlite in the relative ./data), in a process group of its
 * own, stopped as Ctrl+C stops it.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const REPO = process.cwd();

/** A copy of the repository as a clone would have it, in a new temporary folder. */
export function freshCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'cadence-clone-'));
  const files = execFileSync(
    'git',
    ['ls-files', '-z', '--cached', '--others', '--exclude-standard'],
    { cwd: REPO, encoding: 'utf8' },
  )
    .split('\0')
    .filter((file) => file !== '');
  for (const file of files) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    // A file deleted in the working tree but still in the index is not in a clone of what is committed next.
    try {
      cpSync(join(REPO, file), join(dir, file));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  symlinkSync(join(REPO, 'node_modules'), join(dir, 'node_modules'), 'dir');
  return dir;
}

export interface NpmStart {
  child: ChildProcess;
  output(): { stdout: string; stderr: string };
  /** Resolves with the text once `pattern` appears on stdout or stderr; rejects if the process ends first or after `timeoutMs`. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** Ctrl+C: SIGINT to the whole process group (npm and Cadence); resolves with what Cadence said last on stdout. */
  stop(): Promise<string>;
}

/** Runs `npm start -- ...args` in `dir`, with this process's environment minus any Cadence setting. */
export function npmStart(dir: string, args: string[]): NpmStart {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (
      value !== undefined &&
      !key.startsWith('CADENCE_') &&
      key !== 'DATABASE_URL' &&
      !key.startsWith('GRAPH_')
    )
      env[key] = value;
  }
  const child = spawn('npm', ['start', '--', ...args], {
    cwd: dir,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const wake = new Set<() => void>();
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString('utf8');
    for (const w of [...wake]) w();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
    for (const w of [...wake]) w();
  });
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
  child.once('exit', () => {
    for (const w of [...wake]) w();
  });
  return {
    child,
    output: () => ({ stdout, stderr }),
    waitFor: (pattern, timeoutMs = 90_000) =>
      new Promise((resolve, reject) => {
        const look = () => {
          const match = pattern.exec(stdout) ?? pattern.exec(stderr);
          if (match) return done(() => resolve(match[0]));
          if (child.exitCode !== null || child.signalCode !== null) {
            return done(() =>
              reject(
                new Error(
                  `npm start ended (${child.exitCode ?? child.signalCode}) before ${pattern}:\n${stdout}\n${stderr}`,
                ),
              ),
            );
          }
        };
        const timer = setTimeout(
          () =>
            done(() =>
              reject(
                new Error(`not seen within ${timeoutMs} ms: ${pattern}\n${stdout}\n${stderr}`),
              ),
            ),
          timeoutMs,
        );
        const done = (settle: () => void) => {
          clearTimeout(timer);
          wake.delete(look);
          settle();
        };
        wake.add(look);
        look();
      }),
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) process.kill(-child.pid!, 'SIGINT');
      const timer = setTimeout(() => process.kill(-child.pid!, 'SIGKILL'), 30_000);
      await exited;
      clearTimeout(timer);
      return stdout.trim().split('\n').at(-1) ?? '';
    },
  };
}
