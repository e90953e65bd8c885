/**
 * How long a `cadence` command takes from `node app/bin/cadence.js` to exit,
 * for commands that touch no database: `policy list` and `help`. Target
 * (issue 11): under 1 second. Each run is a fresh process, as a person at a
 * terminal gets; almost all of it is tsx starting and loading our modules, so
 * a command that imports more than it needs shows up here.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import type { Figures } from './due-dates.ts';

const run = promisify(execFile);
const CADENCE = fileURLToPath(new URL('../app/bin/cadence.js', import.meta.url));
const COMMANDS = [['policy', 'list'], ['help']];

/** One wall-clock time in ms; a command that fails throws, so a failure is never reported as a fast start. */
async function timeOnce(args: string[]): Promise<number> {
  const started = performance.now();
  await run(process.execPath, [CADENCE, ...args]);
  return performance.now() - started;
}

export async function benchCliStartup(runs = 5): Promise<Figures[]> {
  const figures: Figures[] = [];
  for (const args of COMMANDS) {
    const runsMs: number[] = [];
    // One after another: processes started side by side would measure the machine's cores, not start-up.
    for (let i = 0; i < runs; i += 1) runsMs.push(await timeOnce(args));
    figures.push({
      name: `cadence ${args.join(' ')}, start to exit`,
      runsMs,
      detail: `max ${Math.max(...runsMs).toFixed(0)} ms; target under 1 s`,
    });
  }
  return figures;
}
