/**
 * `cadence serve` as a child process, through the package's bin, as an
 * operator runs it: its JSON log lines on stdout, its stderr, its exit.
 */
import { spawn, type ChildProcess } from 'node:child_process';

export const BIN = new URL('../../app/bin/cadence.js', import.meta.url).pathname;

export type LogLine = Record<string, unknown> & { level: number; event?: string };

export interface Serve {
  child: ChildProcess;
  /** Every stdout line as written. */
  raw: string[];
  lines: LogLine[];
  stderr: () => string;
  base: string;
  exited: Promise<number | null>;
}

/** Runs `cadence serve` and waits for its "listening" line (or its exit). */
export async function startServe(env: Record<string, string>): Promise<Serve> {
  const child = spawn(process.execPath, [BIN, 'serve'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const raw: string[] = [];
  const lines: LogLine[] = [];
  let stderr = '';
  let pending = '';
  child.stdout.on('data', (chunk: Buffer) => {
    pending += chunk.toString('utf8');
    const complete = pending.split('\n');
    pending = complete.pop()!;
    for (const line of complete.filter((l) => l !== '')) {
      raw.push(line);
      lines.push(JSON.parse(line) as LogLine);
    }
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  const listening = await Promise.race([
    waitUntil(() => lines.find((line) => line.event === 'listening'), 90_000),
    exited.then((code) => {
      throw new Error(`cadence serve exited ${code} before listening: ${stderr}`);
    }),
  ]);
  return {
    child,
    raw,
    lines,
    stderr: () => stderr,
    base: String(listening.url).replace('/api/messages', ''),
    exited,
  };
}

/** Runs `cadence serve` expecting it to stop at once: its exit code, stdout and stderr. */
export async function serveFails(
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [BIN, 'serve'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { code, stdout, stderr };
}

/** Polls `find` every 100 ms until it gives something, or throws after `timeoutMs`. */
export async function waitUntil<T>(
  find: () => T | undefined | null | false | Promise<T | undefined | null | false>,
  timeoutMs: number,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const found = await find();
    if (found) return found;
    if (Date.now() > until) throw new Error(`not seen within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The resident memory of a running process, in bytes (Linux's /proc). */
export async function residentBytes(pid: number): Promise<number> {
  const { readFile } = await import('node:fs/promises');
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = /^VmRSS:\s+(\d+) kB$/m.exec(status);
  if (!kb) throw new Error(`no VmRSS for process ${pid}`);
  return Number(kb[1]) * 1024;
}
