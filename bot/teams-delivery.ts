/**
 * The outbox's Delivery port over Teams: find the recipient's conversation,
 * build the message from the current state, wait for the rate limiter, send,
 * and say what happened in the port's terms.
 *
 * - No installed conversation reference: the message waits for the person to
 *   install the app (the outbox holds it, and sends it when they do).
 * - `render` returns null (the message has nothing to say any more: the
 *   session was recorded or cancelled meanwhile): nothing is sent and the
 *   answer is ok with no activity id and `skipped` set, so the outbox marks
 *   the message settled (status sent, activity_id null) and never tries it
 *   again; the drain counts it apart from the messages sent.
 * - 429: retry after the `Retry-After` header, or an exponential backoff
 *   (1 s, 2 s, 4 s … capped at 60 s, with jitter) when there is none.
 *   botbuilder's HTTP pipeline (@azure/core-rest-pipeline) has already
 *   retried a 429 three times, honouring Retry-After, before one reaches here.
 * - 412, 5xx, network failures, and errors with no status: retry with the
 *   backoff (Microsoft's rate-limit page asks for 412, 502 and 504 to be retried).
 * - 403 (the bot is not in the conversation: uninstalled, or blocked by the
 *   user) and 404 (no such conversation): `gone` is told, so the reference is
 *   marked uninstalled, and the message waits for them to install it again.
 *   Teams answers 403 (subCode MessageWritesBlocked) to a bot blocked or
 *   uninstalled by the user (https://learn.microsoft.com/microsoftteams/platform/bots/how-to/conversations/send-proactive-messages,
 *   "blocked, muted, or uninstalled"), and 404 ConversationNotFound to a
 *   conversation it does not hold (botbuilder-python issue 2102 shows the
 *   service's answer); the Agents Playground answers an unknown chat the same.
 * - Any other 4xx: permanent (our request is wrong; retrying will not help).
 */
import type { Delivery, DeliveryResult, OutboxItem } from '../supervision/ports/outbox.ts';
import type { SkippedDelivery } from '../supervision/outbox.ts';
import {
  continueConversation,
  type BotCredentials,
  type CloudAdapter,
  type ConversationReference,
  type TurnContext,
} from './adapter.ts';
import type { RateLimiter } from './rate-limit.ts';

/** botbuilder's Partial<Activity>, named through TurnContext so botbuilder's imports stay in bot/adapter.ts. */
export type OutgoingActivity = Exclude<Parameters<TurnContext['sendActivity']>[0], string>;

export type SendActivity = (
  reference: Partial<ConversationReference>,
  activity: OutgoingActivity,
) => Promise<string | null>;

export interface Backoff {
  baseMs: number;
  maxMs: number;
  /** [0, 1); Math.random unless given. */
  random?: () => number;
}

export const DEFAULT_BACKOFF: Backoff = { baseMs: 1_000, maxMs: 60_000 };

export interface TeamsDeliveryDeps {
  references: (personId: number) => Promise<Partial<ConversationReference> | null>;
  render: (item: OutboxItem) => Promise<OutgoingActivity | null>;
  send: SendActivity;
  limiter: RateLimiter;
  backoff?: Backoff;
  /** Told when Teams says the person cannot be reached in this conversation any more (403, 404). */
  gone?: (personId: number, reason: string) => Promise<void>;
}

/** The delay before attempt `attempts + 1`: base × 2^attempts, capped, then between half and all of it. */
export function backoffMs(attempts: number, backoff: Backoff = DEFAULT_BACKOFF): number {
  const full = Math.min(backoff.maxMs, backoff.baseMs * 2 ** Math.max(0, attempts));
  return Math.round(full / 2 + (full / 2) * (backoff.random ?? Math.random)());
}

export function teamsDelivery(deps: TeamsDeliveryDeps): Delivery {
  const backoff = deps.backoff ?? DEFAULT_BACKOFF;
  return {
    async deliver(item: OutboxItem): Promise<DeliveryResult> {
      const reference = await deps.references(item.recipientId);
      if (!reference?.conversation?.id)
        return {
          ok: false,
          retry: false,
          wait: true,
          reason: 'waiting: the recipient has not installed Cadence in Teams',
        };
      const activity = await deps.render(item);
      if (!activity) {
        const skipped: SkippedDelivery = {
          ok: true,
          activityId: null,
          skipped: 'nothing to send any more',
        };
        return skipped;
      }
      try {
        const activityId = await deps.limiter.run(reference.conversation.id, () =>
          deps.send(reference, activity),
        );
        return { ok: true, activityId };
      } catch (error) {
        const failure = describeFailure(error);
        if (failure.status === 403 || failure.status === 404) {
          const reason = `waiting: ${failure.status} not installed or blocked: ${failure.message}`;
          await deps.gone?.(item.recipientId, reason);
          return { ok: false, retry: false, wait: true, reason };
        }
        if (failure.status === 429) {
          return {
            ok: false,
            retry: true,
            retryAfterMs: failure.retryAfterMs ?? backoffMs(item.attempts, backoff),
            reason: `429 throttled: ${failure.message}`,
          };
        }
        if (
          failure.status !== null &&
          failure.status >= 400 &&
          failure.status < 500 &&
          failure.status !== 412 &&
          failure.status !== 408
        ) {
          return {
            ok: false,
            retry: false,
            reason: `${failure.status} refused: ${failure.message}`,
          };
        }
        return {
          ok: false,
          retry: true,
          retryAfterMs: backoffMs(item.attempts, backoff),
          reason: `${failure.status ?? failure.code ?? 'error'}: ${failure.message}`,
        };
      }
    },
  };
}

interface Failure {
  status: number | null;
  code: string | null;
  retryAfterMs: number | null;
  message: string;
}

/** What botbuilder's errors carry: a RestError has `statusCode` and `response.headers.get()`; network errors a `code`. */
export function describeFailure(error: unknown): Failure {
  const e = (error ?? {}) as {
    statusCode?: unknown;
    code?: unknown;
    message?: unknown;
    response?: { status?: unknown; headers?: unknown };
  };
  const status =
    typeof e.statusCode === 'number'
      ? e.statusCode
      : typeof e.response?.status === 'number'
        ? e.response.status
        : null;
  const headers = e.response?.headers as { get?: unknown; [name: string]: unknown } | undefined;
  const header =
    typeof headers?.get === 'function'
      ? (headers.get as (name: string) => unknown).call(headers, 'retry-after')
      : headers?.['retry-after'];
  return {
    status,
    code: typeof e.code === 'string' ? e.code : null,
    retryAfterMs: parseRetryAfter(typeof header === 'string' ? header : undefined),
    message: typeof e.message === 'string' ? e.message.slice(0, 200) : String(error).slice(0, 200),
  };
}

/** `Retry-After` as seconds or an HTTP date, in milliseconds from now; null if absent or unreadable. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | null {
  if (!value) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, Math.round(seconds * 1000));
  const date = Date.parse(value);
  return Number.isFinite(date) ? Math.max(0, date - now) : null;
}

/**
 * `send` over the adapter: a proactive turn on the stored conversation.
 * Errors are caught inside the turn and rethrown after it, so an
 * `onTurnError` handler set on the adapter cannot swallow them.
 */
export function sendWithAdapter(adapter: CloudAdapter, credentials: BotCredentials): SendActivity {
  return async (reference, activity) => {
    let activityId: string | null = null;
    let failure: { error: unknown } | null = null;
    await continueConversation(adapter, credentials, reference, async (context) => {
      try {
        const response = await context.sendActivity(activity);
        activityId = response?.id || null;
      } catch (error) {
        failure = { error };
      }
    });
    if (failure) throw (failure as { error: unknown }).error;
    return activityId;
  };
}
