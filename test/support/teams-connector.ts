/**
 * A stand-in for the Teams channel's Bot Connector service, enough for
 * proactive messages: botbuilder's ConnectorClient posts a new message to
 * `POST /v3/conversations/{conversationId}/activities` and a reply (when the
 * stored reference carries an activity id) to
 * `POST /v3/conversations/{conversationId}/activities/{activityId}`; both
 * answer `{ id }`. With no app id the client sends no Authorization header
 * and fetches no token, so nothing else is needed.
 *
 * It enforces Teams' limits (bot/rate-limit.ts has the figures and their
 * source) on the activities it accepts, by arrival time: per conversation
 * 7 in 1 s, 8 in 2 s, 60 in 30 s, 1800 in an hour, and 50 a second in all.
 * Over a limit it answers 429 with `Retry-After` in whole seconds (rounded
 * up) and counts the refusal; refused requests do not count against the
 * windows. Every accepted activity is recorded with the key the sender put
 * in `channelData.outboxKey` (or its text), so duplicates can be counted.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { TEAMS_APP_WINDOWS, TEAMS_THREAD_WINDOWS, type RateWindow } from '../../bot/rate-limit.ts';

export interface ConnectorOptions {
  perConversation?: readonly RateWindow[];
  global?: readonly RateWindow[];
  /** Milliseconds added before each answer. */
  latencyMs?: number;
}

export interface AcceptedActivity {
  conversationId: string;
  activityId: string;
  replyToId: string | null;
  key: string | null;
  /** performance.now() at arrival. */
  at: number;
}

export interface TeamsConnector {
  /** The service URL to put in conversation references, ending in `/`. */
  serviceUrl: string;
  accepted: AcceptedActivity[];
  counters: { requests: number; throttled: number; failed: number; authorized: number };
  /** The next `count` requests to `conversationId` (any, when null) are answered `status` (429 with `Retry-After: retryAfterSeconds`). */
  failNext(conversationId: string | null, count: number, status: number, retryAfterSeconds?: number): void;
  /** Keys accepted more than once, with how often. */
  duplicates(): Map<string, number>;
  reset(): void;
  close(): Promise<void>;
}

const PATH = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?\/?$/;

export async function startTeamsConnector(options: ConnectorOptions = {}): Promise<TeamsConnector> {
  const perConversation = options.perConversation ?? TEAMS_THREAD_WINDOWS;
  const global = options.global ?? TEAMS_APP_WINDOWS;
  const longestConversation = Math.max(0, ...perConversation.map((w) => w.ms));
  const longestGlobal = Math.max(0, ...global.map((w) => w.ms));
  const arrivals = new Map<string, number[]>();
  const globalArrivals: number[] = [];
  const failures: { conversationId: string | null; left: number; status: number; retryAfterSeconds: number }[] = [];
  const accepted: AcceptedActivity[] = [];
  const counters = { requests: 0, throttled: 0, failed: 0, authorized: 0 };
  let nextId = 1;

  /** Milliseconds until one more arrival fits every window (0: now). */
  function waitFor(times: number[], windows: readonly RateWindow[], now: number): number {
    let wait = 0;
    for (const window of windows) {
      const inside = times.filter((t) => t > now - window.ms);
      if (inside.length >= window.limit) wait = Math.max(wait, inside[inside.length - window.limit]! + window.ms - now);
    }
    return wait;
  }

  function prune(times: number[], cutoff: number): void {
    let drop = 0;
    while (drop < times.length && times[drop]! <= cutoff) drop += 1;
    if (drop > 0) times.splice(0, drop);
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const body = await readBody(request);
    const match = PATH.exec(request.url ?? '');
    if (request.method !== 'POST' || !match) return answer(response, 404, { error: { code: 'NotFound', message: `${request.method} ${request.url}` } });
    counters.requests += 1;
    if (request.headers.authorization) counters.authorized += 1;
    const conversationId = decodeURIComponent(match[1]!);
    const failure = failures.find((f) => f.left > 0 && (f.conversationId === null || f.conversationId === conversationId));
    if (failure) {
      failure.left -= 1;
      if (failure.status === 429) counters.throttled += 1;
      else counters.failed += 1;
      return answer(response, failure.status, { error: { code: failure.status === 429 ? 'Throttled' : 'Failed', message: 'injected' } }, failure.status === 429 ? { 'retry-after': String(failure.retryAfterSeconds) } : {});
    }
    const now = performance.now();
    let times = arrivals.get(conversationId);
    if (!times) arrivals.set(conversationId, (times = []));
    prune(times, now - longestConversation);
    prune(globalArrivals, now - longestGlobal);
    const wait = Math.max(waitFor(times, perConversation, now), waitFor(globalArrivals, global, now));
    if (wait > 0) {
      counters.throttled += 1;
      return answer(response, 429, { error: { code: 'Throttled', message: 'Too many requests' } }, { 'retry-after': String(Math.max(1, Math.ceil(wait / 1000))) });
    }
    times.push(now);
    globalArrivals.push(now);
    let activity: { text?: string; channelData?: { outboxKey?: string } } = {};
    try {
      activity = JSON.parse(body) as typeof activity;
    } catch {
      return answer(response, 400, { error: { code: 'BadArgument', message: 'not JSON' } });
    }
    const activityId = `1:${nextId++}`;
    accepted.push({ conversationId, activityId, replyToId: match[2] ? decodeURIComponent(match[2]) : null, key: activity.channelData?.outboxKey ?? activity.text ?? null, at: now });
    return answer(response, 201, { id: activityId });
  }

  async function answer(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): Promise<void> {
    if (options.latencyMs) await new Promise((resolve) => setTimeout(resolve, options.latencyMs));
    response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
    response.end(JSON.stringify(body));
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      response.writeHead(500).end(String(error));
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    serviceUrl: `http://127.0.0.1:${port}/`,
    accepted,
    counters,
    failNext(conversationId, count, status, retryAfterSeconds = 1) {
      failures.push({ conversationId, left: count, status, retryAfterSeconds });
    },
    duplicates() {
      const seen = new Map<string, number>();
      for (const a of accepted) if (a.key !== null) seen.set(a.key, (seen.get(a.key) ?? 0) + 1);
      return new Map([...seen].filter(([, count]) => count > 1));
    },
    reset() {
      accepted.length = 0;
      arrivals.clear();
      globalArrivals.length = 0;
      failures.length = 0;
      Object.assign(counters, { requests: 0, throttled: 0, failed: 0, authorized: 0 });
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

/** A conversation reference for a personal chat that this connector answers, as a proactive message needs one. */
export function conversationReferenceTo(connector: TeamsConnector, conversationId: string): Record<string, unknown> {
  return {
    channelId: 'msteams',
    serviceUrl: connector.serviceUrl,
    conversation: { id: conversationId, conversationType: 'personal', isGroup: false, tenantId: 'tenant' },
    bot: { id: '28:cadence', name: 'Cadence' },
    user: { id: `29:${conversationId}`, aadObjectId: 'unused' },
  };
}
