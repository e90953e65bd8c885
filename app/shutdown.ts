/**
 * A graceful stop of the production stack, on SIGTERM or SIGINT.
 *
 * Azure Container Apps sends SIGTERM when it scales in, deactivates a revision
 * or moves a replica, and SIGKILL if the container has not exited 30 seconds
 * later (https://learn.microsoft.com/azure/container-apps/application-lifecycle-management;
 * `terminationGracePeriodSeconds`, default 30). So, in order:
 *
 * 1. `/readyz` answers 503 "shutting down" at once, so the platform stops
 *    routing here;
 * 2. meanwhile the turns in hand are finished (at most `turnsTimeoutMs`: the
 *    Bot Connector has given up on a turn after 15 s anyway), and the
 *    background work stops: no new job run or outbox pass starts, the ones in
 *    hand finish, and the outbox messages this instance claimed are released
 *    for another instance;
 * 3. the server stops listening and closes its idle keep-alive connections;
 * 4. the database pool is closed.
 *
 * `cadence serve` bounds the whole under the platform's grace period.
 */
import type { Logger } from './logger.ts';
import { errorFields } from './logger.ts';
import type { Production } from './serve.ts';

/** Turns still in hand after this are abandoned: the Bot Connector times a turn out after 10 to 15 s. */
export const TURNS_TIMEOUT_MS = 15_000;

export async function shutDown(
  running: Production,
  logger: Logger,
  signal: string,
  turnsTimeoutMs = TURNS_TIMEOUT_MS,
): Promise<void> {
  const started = performance.now();
  const { server } = running.stack;
  logger.info({ event: 'shutting-down', signal, turnsInHand: server.inFlight() });
  const [left] = await Promise.all([
    server.drain(turnsTimeoutMs),
    running.stack
      .stopBackground()
      .catch((error: unknown) =>
        logger.warn({ event: 'background-stop-failed', ...errorFields(error) }),
      ),
  ]);
  if (left > 0) logger.warn({ event: 'turns-abandoned', count: left });
  await server.close();
  await running.db
    .close()
    .catch((error: unknown) =>
      logger.warn({ event: 'database-close-failed', ...errorFields(error) }),
    );
  logger.info({ event: 'stopped', ms: Math.round(performance.now() - started) });
}
