/**
 * The bot's HTTP endpoint: restify with `POST /api/messages` (a request size
 * limit; Teams' activities are well under it), `GET /healthz` (liveness) and
 * `GET /readyz` (readiness, bot/readiness.ts). Only `/api/messages` goes
 * through the adapter's token check: the platform's probes carry no token.
 * Without an app id the server refuses to listen anywhere but on the
 * loopback interface.
 *
 * For a graceful stop it counts the turns in hand: `drain()` turns `/readyz`
 * to 503 at once, so the platform stops routing here, and resolves when no
 * turn is left (or the time is up); `close()` then stops listening.
 */
import type { Response } from 'restify';
import type { ActivityHandler } from 'botbuilder';
import { CadenceError } from '../rules/index.ts';
import {
  assertSafeBinding,
  createBotEndpoint,
  type BotCredentials,
  type CloudAdapter,
} from './adapter.ts';
import type { EventLog } from '../supervision/index.ts';
import {
  ProbeLimiter,
  readiness,
  ReadinessCache,
  SHUTTING_DOWN,
  type ReadinessCheck,
} from './readiness.ts';
import { readJsonBody, refuseBeforeReading } from './request-gate.ts';
import { cutSlowClients } from './slow-clients.ts';
import restify from './restify.ts';

export const MAX_BODY_BYTES = 256 * 1024;

/**
 * How long a client may take to send a request's headers, and the whole
 * request. Node's defaults (60 s and 300 s) let a slow client hold a
 * connection for minutes; the Bot Connector sends an activity of a few
 * kilobytes at once, and times out a bot that has not answered "within 10 to
 * 15 seconds, depending on the channel"
 * (https://learn.microsoft.com/azure/bot-service/bot-builder-howto-long-operations-guidance).
 */
const HEADERS_TIMEOUT_MS = 10_000;
const REQUEST_TIMEOUT_MS = 30_000;
/** How long one answer of /readyz serves the next asks: a flood of probes runs the checks once per period. */
const READINESS_CACHE_MS = 3_000;
/** After close(), connections still open this long (a client that never finishes) are cut. */
const CLOSE_GRACE_MS = 5_000;

export interface BotServer {
  url: string;
  port: number;
  adapter: CloudAdapter;
  /** Requests to /api/messages being answered now. */
  inFlight(): number;
  /**
   * Starts a graceful stop: /readyz answers 503 "shutting down" from now on;
   * resolves when no turn is in hand, or after `timeoutMs`, with how many are
   * still in hand. Turns that still arrive meanwhile are answered.
   */
  drain(timeoutMs: number): Promise<number>;
  /** Stops listening, closes idle keep-alive connections, and resolves when every connection is closed. */
  close(): Promise<void>;
}

export async function startBotServer(options: {
  bot: ActivityHandler;
  credentials: BotCredentials;
  host: string;
  port: number;
  onError?: (error: unknown) => void;
  /** What /readyz checks, by name (e.g. database, graph); none means ready whenever the process answers. */
  readiness?: Readonly<Record<string, ReadinessCheck>>;
  /** Where refused tokens are told, one event each (no token content). */
  log?: EventLog;
  /**
   * The wall clock, in milliseconds since 1970, for the tokens' expiry: a
   * token expires in real time, whatever date the product's clock is pinned
   * to in a test or a demo. The system's when absent.
   */
  nowMs?: () => number;
  /** Headers and whole-request limits (HEADERS_TIMEOUT_MS, REQUEST_TIMEOUT_MS unless given: a test gives shorter ones). */
  timeouts?: { headersMs: number; requestMs: number };
  /** How long one /readyz answer is reused (READINESS_CACHE_MS unless given; a test of a dependency's failure gives 0). */
  readinessCacheMs?: number;
}): Promise<BotServer> {
  assertSafeBinding(options.credentials, options.host);
  const endpoint = createBotEndpoint(options.credentials);
  const adapter = endpoint.adapter;
  const nowMs = options.nowMs ?? (() => Date.now());
  adapter.onTurnError = async (context, error) => {
    options.onError?.(error);
    await context.sendActivity(
      'Sorry: Cadence hit a problem answering that. Nothing was changed; please try again in a minute.',
    );
  };
  const server = restify.createServer({ name: 'cadence' });
  const limits = {
    headersMs: options.timeouts?.headersMs ?? HEADERS_TIMEOUT_MS,
    requestMs: options.timeouts?.requestMs ?? REQUEST_TIMEOUT_MS,
  };
  cutSlowClients(server.server, limits);
  // Node's own limits stay as a second line (checked only every connectionsCheckingInterval).
  server.server.headersTimeout = limits.headersMs;
  server.server.requestTimeout = limits.requestMs;
  // No bodyParser: request-gate.ts reads /api/messages' body itself (why: there), and no other route takes one.

  let inFlight = 0;
  let draining = false;
  const whenIdle: (() => void)[] = [];
  server.post('/api/messages', async (req, res) => {
    const refused = refuseBeforeReading(req.headers, MAX_BODY_BYTES);
    const read = refused ? null : await readJsonBody(req, MAX_BODY_BYTES);
    const refusal = refused ?? (read && !read.ok ? read.refusal : null);
    if (refusal || !read?.ok) {
      // What else of a refused body arrives is read and dropped (nothing is kept: no memory, no disk), so the
      // client can finish sending and read the answer: closing the connection under a body still arriving
      // resets it, and the client may never see why. One that never stops is cut at the request limit
      // (bot/slow-clients.ts).
      req.resume();
      res.send(refusal?.status ?? 400, { error: refusal?.message ?? 'Bad request.' });
      return;
    }
    inFlight += 1;
    try {
      const authorization = String(req.headers.authorization ?? '');
      const answer = await endpoint
        .receive(read.body, authorization, (context) => options.bot.run(context), nowMs())
        .catch((error: unknown) => {
          options.onError?.(error);
          return { status: 500, body: { error: 'Cadence could not answer this activity.' } };
        });
      if ('refused' in answer) {
        // One line per refusal, with a word from a fixed list: never the token, never the body.
        options.log?.({
          event: 'token-refused',
          level: 'warn',
          outcome: answer.refused,
          ...(answer.error && { error: answer.error }),
        });
        res.send(answer.status, {
          error:
            answer.status === 401
              ? 'Unauthorized: the token could not be verified.'
              : 'The token could not be checked now; try again.',
        });
      } else if (answer.body === undefined) {
        res.send(answer.status);
      } else {
        res.send(answer.status, answer.body);
      }
    } finally {
      inFlight -= 1;
      if (inFlight === 0) whenIdle.splice(0).forEach((resolve) => resolve());
    }
  });
  server.get('/healthz', (_req, res, next) => {
    res.send(200, { status: 'ok' });
    return next();
  });
  // /readyz is public (the platform's probe carries no token): its checks are cached and its callers limited,
  // so a flood of it costs a few requests' work, not a database query each.
  const cache = new ReadinessCache(options.readinessCacheMs ?? READINESS_CACHE_MS, () =>
    performance.now(),
  );
  const probes = new ProbeLimiter(() => performance.now());
  const answerReadiness = async (
    res: Response,
    checks: Readonly<Record<string, ReadinessCheck>>,
    key: string,
    from: string,
  ) => {
    if (!probes.allow(from)) {
      res.header('retry-after', '1');
      res.send(429, { status: 'too many requests' });
      return;
    }
    const answer = draining ? SHUTTING_DOWN : await cache.get(key, () => readiness(checks));
    // A stop may have begun while the checks ran: the platform should hear it now.
    const { status, body } = draining ? SHUTTING_DOWN : answer;
    res.header('cache-control', 'no-store');
    res.send(status, body);
  };
  // Every dependency: for monitoring and alerts.
  server.get('/readyz', async (req, res) =>
    answerReadiness(res, options.readiness ?? {}, '*', req.socket.remoteAddress ?? ''),
  );
  // One dependency, e.g. /readyz/database: for the platform's readiness probe, which should take a replica
  // out of rotation only for what that replica alone cannot serve without (see docs/operations.md).
  server.get('/readyz/:check', async (req, res) => {
    const name = String((req.params as Record<string, unknown>).check);
    const check = options.readiness?.[name];
    if (!check) {
      res.send(404, { status: 'unknown check', checks: Object.keys(options.readiness ?? {}) });
      return;
    }
    await answerReadiness(res, { [name]: check }, name, req.socket.remoteAddress ?? '');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new CadenceError(
              `port ${options.port} on ${options.host} is already in use: stop what is using it, or choose another port (PORT, or --port)`,
            )
          : error,
      ),
    );
    server.listen(options.port, options.host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    url: `http://${host}:${port}/api/messages`,
    port,
    adapter,
    inFlight: () => inFlight,
    drain: async (timeoutMs) => {
      draining = true;
      if (inFlight > 0) {
        let timer: ReturnType<typeof setTimeout> | undefined;
        await Promise.race([
          new Promise<void>((resolve) => whenIdle.push(resolve)),
          new Promise<void>((resolve) => {
            timer = setTimeout(resolve, timeoutMs);
          }),
        ]);
        clearTimeout(timer);
      }
      return inFlight;
    },
    close: () =>
      new Promise<void>((resolve) => {
        draining = true;
        const cut = setTimeout(() => server.server.closeAllConnections(), CLOSE_GRACE_MS);
        server.close(() => {
          clearTimeout(cut);
          resolve();
        });
        // Node 19+ does this in close() too; idle keep-alive connections would otherwise hold it open for their timeout.
        server.server.closeIdleConnections();
      }),
  };
}
