/**
 * The `cadence` command run in-process: `main()` with the arguments, an
 * environment of the test's own and the output captured. No process start-up
 * per call (tsx takes seconds on a busy machine), so a test's outcome does not
 * depend on the machine's speed. Where the process itself is what is tested —
 * its exit on a signal, a kill mid-booking, start-up time — tests start it as
 * a child (test/cli-startup.test.ts, test/security.test.ts, the SIGKILL test
 * in test/booking-graph.test.ts).
 */
import { main } from '../../app/cli/main.ts';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export type CliEnv = Record<string, string | undefined>;

/** Runs `cadence <argv>` with exactly `env` (nothing from this process's environment). */
export async function runCadence(argv: readonly string[], env: CliEnv = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await main(
    [...argv],
    { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text) },
    { env },
  );
  return { code, stdout, stderr };
}

/** Runs it and returns what it printed; a non-zero exit fails loudly, with what it said. */
export async function cadenceOk(argv: readonly string[], env: CliEnv = {}): Promise<string> {
  const run = await runCadence(argv, env);
  if (run.code !== 0)
    throw new Error(`cadence ${argv.join(' ')} exited ${run.code}:\n${run.stderr}${run.stdout}`);
  return run.stdout;
}
