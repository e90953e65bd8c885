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
 *
 * A message the bot changes (updateActivity: `PUT
 * /v3/conversations/{conversationId}/activities/{activityId}`) is recorded
 * in `updated`, with its card.
 *
 * Two of Teams' rules it checks, as Teams would apply them:
 * - `refresh.userIds` of every card it sees (sent, updated, or answered to an
 *   invoke) must be user MRIs (`29:…`, the `from.id` Teams sends), at most
 *   60; Teams silently never refreshes a card for an Entra object id. Each
 *   breach is kept in `refreshProblems`
 *   (https://learn.microsoft.com/en-us/microsoftteams/platform/task-modules-and-cards/cards/universal-actions-for-adaptive-cards/work-with-universal-actions-for-adaptive-cards#user-ids-in-refresh).
 * - `invoke()` plays Teams sending an `adaptiveCard/action` to the bot: a bot
 *   that has not answered within 10 s is answered for, with 504
 *   GatewayTimeout, and the person sees an error ("If the bot doesn't
 *   complete the operation within 10 to 15 seconds ... the Azure Bot Service
 *   will time out and report back to the client a 504:GatewayTimeout":
 *   Microsoft's answer in https://github.com/MicrosoftDocs/msteams-docs/issues/6461;
 *   https://learn.microsoft.com/azure/bot-service/bot-builder-howto-long-operations-guidance).
 *   10 s, the short end, so a bot that passes here passes on every channel.
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
  /** The first Adaptive Card attached, if any. */
  card: Record<string, unknown> | null;
  /** The message's text, if any. */
  text: string | null;
}

/** A message the bot changed in place (updateActivity). */
export interface UpdatedActivity {
  conversationId: string;
  activityId: string;
  card: Record<string, unknown> | null;
  /** performance.now() at arrival. */
  at: number;
}

/** Teams' answer to the client for an invoke: the bot's, or 504 when the bot took too long. */
export interface InvokeAnswer {
  status: number;
  body:
    | { statusCode?: number; type?: string; value?: unknown }
    | { error: { code: string; message: string } };
  /** The card the bot answered with, if any. */
  card: Record<string, unknown> | null;
  ms: number;
}

/** How long Teams waits for a bot to answer an invoke before answering the client 504 itself. */
export const INVOKE_TIMEOUT_MS = 10_000;

export interface TeamsConnector {
  /** The service URL to put in conversation references, ending in `/`. */
  serviceUrl: string;
  accepted: AcceptedActivity[];
  updated: UpdatedActivity[];
  /** Cards whose refresh.userIds Teams would not act on (not MRIs, or more than 60), with where they were seen. */
  refreshProblems: string[];
  /**
   * Sends `activity` (an invoke, or a message) to the bot at `botUrl` as
   * Teams does, with this connector as its serviceUrl, and answers as Teams
   * would: the bot's answer, or 504 after `timeoutMs` (10 s).
   */
  invoke(
    botUrl: string,
    activity: Record<string, unknown>,
    timeoutMs?: number,
  ): Promise<InvokeAnswer>;
  counters: { requests: number; throttled: number; failed: number; authorized: number };
  /** The next `count` requests to `conversationId` (any, when null) are answered `status` (429 with `Retry-After: retryAfterSeconds`). */
  failNext(
    conversationId: string | null,
    count: number,
    status: number,
    retryAfterSeconds?: number,
  ): void;
  /** Keys accepted more than once, with how often. */
  duplicates(): Map<string, number>;
  reset(): void;
  close(): Promise<void>;
}

const PATH = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?\/?$/;
const USER_MRI = /^29:\S+$/;
const MAX_REFRESH_USERS = 60;

/** The first Adaptive Card in an activity's attachments. */
function cardOf(activity: {
  attachments?: { contentType?: string; content?: unknown }[];
}): Record<string, unknown> | null {
  const found = activity.attachments?.find(
    (a) => a.contentType === 'application/vnd.microsoft.card.adaptive',
  );
  return (found?.content as Record<string, unknown> | undefined) ?? null;
}

/** What Teams would not do with a card's refresh: userIds that are not MRIs, or too many. */
export function refreshProblemsOf(card: Record<string, unknown> | null): string[] {
  const refresh = card?.refresh as { userIds?: unknown } | undefined;
  if (!refresh || refresh.userIds === undefined) return [];
  if (!Array.isArray(refresh.userIds)) return ['refresh.userIds is not a list'];
  const problems = refresh.userIds
    .filter((id) => typeof id !== 'string' || !USER_MRI.test(id))
    .map((id) => `refresh.userIds holds ${JSON.stringify(id)}, not a user MRI (29:…)`);
  if (refresh.userIds.length > MAX_REFRESH_USERS)
    problems.push(
      `refresh.userIds holds ${refresh.userIds.length} users; Teams takes at most ${MAX_REFRESH_USERS}`,
    );
  if (refresh.userIds.length === 0)
    problems.push('refresh.userIds is empty: Teams never refreshes the card by itself');
  return problems;
}

export async function startTeamsConnector(options: ConnectorOptions = {}): Promise<TeamsConnector> {
  const perConversation = options.perConversation ?? TEAMS_THREAD_WINDOWS;
  const global = options.global ?? TEAMS_APP_WINDOWS;
  const longestConversation = Math.max(0, ...perConversation.map((w) => w.ms));
  const longestGlobal = Math.max(0, ...global.map((w) => w.ms));
  const arrivals = new Map<string, number[]>();
  const globalArrivals: number[] = [];
  const failures: {
    conversationId: string | null;
    left: number;
    status: number;
    retryAfterSeconds: number;
  }[] = [];
  const accepted: AcceptedActivity[] = [];
  const updated: UpdatedActivity[] = [];
  const refreshProblems: string[] = [];
  /** Messages shown in a conversation that the bot did not send through here (a card an invoke was pressed on). */
  const known = new Set<string>();
  const check = (where: string, card: Record<string, unknown> | null) =>
    refreshProblems.push(...refreshProblemsOf(card).map((p) => `${where}: ${p}`));
  const counters = { requests: 0, throttled: 0, failed: 0, authorized: 0 };
  let nextId = 1;

  /** Milliseconds until one more arrival fits every window (0: now). */
  function waitFor(times: number[], windows: readonly RateWindow[], now: number): number {
    let wait = 0;
    for (const window of windows) {
      const inside = times.filter((t) => t > now - window.ms);
      if (inside.length >= window.limit)
        wait = Math.max(wait, inside[inside.length - window.limit]! + window.ms - now);
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
    if (request.method === 'PUT' && match?.[2])
      return update(decodeURIComponent(match[1]!), decodeURIComponent(match[2]), body, response);
    if (request.method !== 'POST' || !match)
      return answer(response, 404, {
        error: { code: 'NotFound', message: `${request.method} ${request.url}` },
      });
    counters.requests += 1;
    if (request.headers.authorization) counters.authorized += 1;
    const conversationId = decodeURIComponent(match[1]!);
    const failure = failures.find(
      (f) => f.left > 0 && (f.conversationId === null || f.conversationId === conversationId),
    );
    if (failure) {
      failure.left -= 1;
      if (failure.status === 429) counters.throttled += 1;
      else counters.failed += 1;
      return answer(
        response,
        failure.status,
        { error: { code: failure.status === 429 ? 'Throttled' : 'Failed', message: 'injected' } },
        failure.status === 429 ? { 'retry-after': String(failure.retryAfterSeconds) } : {},
      );
    }
    const now = performance.now();
    let times = arrivals.get(conversationId);
    if (!times) arrivals.set(conversationId, (times = []));
    prune(times, now - longestConversation);
    prune(globalArrivals, now - longestGlobal);
    const wait = Math.max(
      waitFor(times, perConversation, now),
      waitFor(globalArrivals, global, now),
    );
    if (wait > 0) {
      counters.throttled += 1;
      return answer(
        response,
        429,
        { error: { code: 'Throttled', message: 'Too many requests' } },
        { 'retry-after': String(Math.max(1, Math.ceil(wait / 1000))) },
      );
    }
    times.push(now);
    globalArrivals.push(now);
    let activity: {
      text?: string;
      channelData?: { outboxKey?: string };
      attachments?: { contentType?: string; content?: unknown }[];
    } = {};
    try {
      activity = JSON.parse(body) as typeof activity;
    } catch {
      return answer(response, 400, { error: { code: 'BadArgument', message: 'not JSON' } });
    }
    const activityId = `1:${nextId++}`;
    const card = cardOf(activity);
    check(`message ${activityId}`, card);
    accepted.push({
      conversationId,
      activityId,
      replyToId: match[2] ? decodeURIComponent(match[2]) : null,
      key: activity.channelData?.outboxKey ?? activity.text ?? null,
      at: now,
      card,
      text: activity.text ?? null,
    });
    return answer(response, 201, { id: activityId });
  }

  /** updateActivity: the message must be one this connector accepted in that conversation. */
  async function update(
    conversationId: string,
    activityId: string,
    body: string,
    response: ServerResponse,
  ): Promise<void> {
    counters.requests += 1;
    if (
      !accepted.some((a) => a.conversationId === conversationId && a.activityId === activityId) &&
      !known.has(`${conversationId}|${activityId}`)
    ) {
      return answer(response, 404, {
        error: { code: 'NotFound', message: `no activity ${activityId} in ${conversationId}` },
      });
    }
    let activity: { attachments?: { contentType?: string; content?: unknown }[] };
    try {
      activity = JSON.parse(body) as typeof activity;
    } catch {
      return answer(response, 400, { error: { code: 'BadArgument', message: 'not JSON' } });
    }
    const card = cardOf(activity);
    check(`update of ${activityId}`, card);
    updated.push({ conversationId, activityId, card, at: performance.now() });
    return answer(response, 200, { id: activityId });
  }

  async function invoke(
    botUrl: string,
    activity: Record<string, unknown>,
    timeoutMs = INVOKE_TIMEOUT_MS,
  ): Promise<InvokeAnswer> {
    const conversation = activity.conversation as { id?: string } | undefined;
    if (conversation?.id && typeof activity.replyToId === 'string')
      known.add(`${conversation.id}|${activity.replyToId}`);
    const started = performance.now();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timedOut = new Promise<InvokeAnswer>((resolve) => {
      timer = setTimeout(() => {
        resolve({
          status: 504,
          body: { error: { code: 'GatewayTimeout', message: 'The bot did not answer in time.' } },
          card: null,
          ms: Math.round(performance.now() - started),
        });
      }, timeoutMs);
    });
    const answered = (async (): Promise<InvokeAnswer> => {
      const reply = await fetch(botUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          channelId: 'msteams',
          serviceUrl,
          timestamp: new Date().toISOString(),
          ...activity,
        }),
      });
      const text = await reply.text();
      const body = (text ? JSON.parse(text) : {}) as InvokeAnswer['body'];
      const value = 'value' in body ? body.value : undefined;
      const card =
        value && typeof value === 'object' && (value as { type?: unknown }).type === 'AdaptiveCard'
          ? (value as Record<string, unknown>)
          : null;
      return { status: reply.status, body, card, ms: Math.round(performance.now() - started) };
    })();
    const result = await Promise.race([answered, timedOut]);
    clearTimeout(timer);
    // Teams has stopped listening; the bot's late answer goes nowhere.
    if (result.status === 504) answered.catch(() => undefined);
    else
      check(`answer to invoke ${typeof activity.id === 'string' ? activity.id : ''}`, result.card);
    return result;
  }

  async function answer(
    response: ServerResponse,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
  ): Promise<void> {
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
  const serviceUrl = `http://127.0.0.1:${port}/`;

  return {
    serviceUrl,
    accepted,
    updated,
    refreshProblems,
    invoke,
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
      updated.length = 0;
      refreshProblems.length = 0;
      known.clear();
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
export function conversationReferenceTo(
  connector: TeamsConnector,
  conversationId: string,
): Record<string, unknown> {
  return {
    channelId: 'msteams',
    serviceUrl: connector.serviceUrl,
    conversation: {
      id: conversationId,
      conversationType: 'personal',
      isGroup: false,
      tenantId: 'tenant',
    },
    bot: { id: '28:cadence', name: 'Cadence' },
    user: { id: `29:${conversationId}`, aadObjectId: 'unused' },
  };
}
