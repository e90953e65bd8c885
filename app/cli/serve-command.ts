/**
 * `cadence serve [--port N]`: Cadence in production (app/serve.ts) until
 * SIGTERM or SIGINT, then a graceful stop (app/shutdown.ts). Logs are JSON
 * lines on stdout (app/logger.ts); docs/operations.md says what each means.
 */
import type { Clock } from '../clock.ts';
import type { Config } from '../config.ts';
import { createLogger } from '../logger.ts';
import { instanceName, startProduction } from '../serve.ts';
import { shutDown } from '../shutdown.ts';
import type { Output } from './io.ts';
import { optionalText, readOptions, wholeNumber } from './options.ts';

/** The whole stop must end inside Azure Container Apps' default grace period of 30 s, before its SIGKILL. */
const SHUTDOWN_DEADLINE_MS = 25_000;
const SIGNAL_NUMBERS: Record<string, number> = { SIGINT: 2, SIGTERM: 15 };

export async function serveCommand(args: string[], config: Config, clock: Clock): Promise<Output> {
  const { values } = readOptions('serve', args, { port: { type: 'string' } });
  const portText = optionalText(values, 'port');
  const port = portText === undefined ? config.bot.port : wholeNumber('port', portText, { min: 0 });
  const configured: Config = { ...config, bot: { ...config.bot, port } };
  const logger = createLogger({ level: config.logLevel, instance: instanceName(configured) });
  // Listened for from the start: a signal during start-up (migrations, say) stops the stack as soon as it is up.
  const stopAsked = new Promise<string>((resolve) => {
    process.once('SIGTERM', () => resolve('SIGTERM'));
    process.once('SIGINT', () => resolve('SIGINT'));
  });
  const running = await startProduction(configured, clock, logger);
  const signal = await stopAsked;
  // A second signal means "now": whoever sends it has decided not to wait (Ctrl+C twice, or an operator).
  const now = (second: string) => {
    logger.warn({ event: 'stopped-at-once', signal: second });
    process.exit(128 + (SIGNAL_NUMBERS[second] ?? 15));
  };
  process.once('SIGTERM', () => now('SIGTERM'));
  process.once('SIGINT', () => now('SIGINT'));

  let deadline: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<'late'>((resolve) => {
    deadline = setTimeout(() => resolve('late'), SHUTDOWN_DEADLINE_MS);
  });
  const finished = await Promise.race([
    shutDown(running, logger, signal).then(() => 'done' as const),
    late,
  ]);
  clearTimeout(deadline);
  if (finished === 'late') {
    // Something in hand (a long job, say) would not finish; its claims come back to other instances when their leases run out.
    logger.error({ event: 'shutdown-overran', ms: SHUTDOWN_DEADLINE_MS });
    process.exit(1);
  }
  // Nothing more on stdout: it carries JSON log lines only.
  return { human: '', json: { stopped: true, signal } };
}
