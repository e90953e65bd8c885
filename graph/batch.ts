/**
 * Sends any number of Graph requests as `$batch` calls of at most 20
 * (https://learn.microsoft.com/graph/json-batching#batch-size-limitations),
 * and re-sends the ones Graph throttled.
 *
 * - A batch's own answer is 200 even when requests inside it were refused; each
 *   inner response carries its status, and a throttled one its Retry-After
 *   (https://learn.microsoft.com/graph/throttling#throttling-and-batching).
 *   The SDK's RetryHandler sees only the outer 200, so the inner 429s and 5xx
 *   are re-sent here, after the longest Retry-After among them, up to
 *   `maxAttempts` times in all; then the request fails with a GraphRequestError.
 * - Outlook's 4 concurrent requests per mailbox apply to the requests inside
 *   a batch as well (https://learn.microsoft.com/graph/throttling-limits#outlook-service-limits),
 *   so a batch carries at most 4 requests for any one mailbox.
 *
 * Re-sending is safe for what Cadence sends: reads, PATCHes that set a value,
 * DELETEs (the adapter counts a 404 on a re-sent DELETE as done), and event
 * POSTs that carry a transactionId, which Outlook de-duplicates.
 */
import { z } from 'zod';
import type { BatchRequestJson, GraphClient } from './client.ts';
import { GraphRequestError, GraphResponseError, type FailedRequest } from './errors.ts';
import { MAILBOX_CONCURRENCY } from './mailbox-limit.ts';

export const MAX_BATCH_REQUESTS = 20;

export interface GraphCall {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** Relative to the version: `/users/…`, no host and no `/v1.0`, as `$batch` requires. */
  url: string;
  headers?: Record<string, string>;
  body?: unknown;
  /** The mailbox whose limits the request counts against; null for directory calls. */
  mailbox: string | null;
}

export interface GraphReply {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

export type CallOutcome = { ok: true; reply: GraphReply } | { ok: false; error: GraphRequestError };

export interface BatchOptions {
  /** Sends of one request in all, the first included. */
  maxAttempts?: number;
  /** `$batch` calls in flight at once (the mailbox cap still holds across them). */
  parallelBatches?: number;
  /** Wait before a re-send when Graph gave no Retry-After; doubles with each attempt. */
  fallbackDelayMs?: number;
  /** The longest wait accepted from a Retry-After. */
  maxDelayMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

export type SendCalls = (calls: GraphCall[]) => Promise<CallOutcome[]>;

const batchAnswer = z.object({
  responses: z.array(
    z.object({
      id: z.string(),
      status: z.number().int(),
      headers: z.record(z.string(), z.string()).optional(),
      body: z.unknown().optional(),
    }),
  ),
});

const errorBody = z.object({
  error: z.object({ code: z.string().optional(), message: z.string().optional() }),
});

/** Returns a function that sends calls and resolves to one outcome per call, in the order given. */
export function createBatchSender(client: GraphClient, options: BatchOptions = {}): SendCalls {
  const maxAttempts = options.maxAttempts ?? 5;
  const parallel = options.parallelBatches ?? 8;
  const fallbackMs = options.fallbackDelayMs ?? 1000;
  const maxDelayMs = options.maxDelayMs ?? 120_000;
  const sleep =
    options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));

  return async function send(calls) {
    const outcomes: (CallOutcome | undefined)[] = new Array<CallOutcome | undefined>(calls.length);
    let pending = calls.map((_, index) => index);
    for (let attempt = 1; pending.length > 0; attempt++) {
      const answers = await inParallel(packBatches(pending, calls), parallel, (batch) =>
        sendBatch(client, batch, calls),
      );
      const again: number[] = [];
      let waitMs = 0;
      for (const answer of answers.flat()) {
        const call = calls[answer.index]!;
        if (answer.status >= 200 && answer.status < 300) {
          outcomes[answer.index] = { ok: true, reply: answer };
        } else if (retryable(answer.status) && attempt < maxAttempts) {
          again.push(answer.index);
          waitMs = Math.max(
            waitMs,
            retryAfterMs(answer.headers) ?? fallbackMs * 2 ** (attempt - 1),
          );
        } else {
          outcomes[answer.index] = { ok: false, error: failure(call, answer, attempt) };
        }
      }
      client.usage.retried += again.length;
      if (again.length > 0) await sleep(Math.min(waitMs, maxDelayMs));
      pending = again.sort((a, b) => a - b);
    }
    return outcomes.map((outcome) => outcome!);
  };
}

/**
 * Packs calls (by index) into batches of at most 20, with at most 4 for any
 * one mailbox, first fit in the order given.
 */
export function packBatches(indices: number[], calls: readonly GraphCall[]): number[][] {
  const batches: { members: number[]; perMailbox: Map<string, number> }[] = [];
  for (const index of indices) {
    const mailbox = calls[index]!.mailbox?.toLowerCase() ?? null;
    let target = batches.find(
      (batch) =>
        batch.members.length < MAX_BATCH_REQUESTS &&
        (mailbox === null || (batch.perMailbox.get(mailbox) ?? 0) < MAILBOX_CONCURRENCY),
    );
    if (!target) {
      target = { members: [], perMailbox: new Map() };
      batches.push(target);
    }
    target.members.push(index);
    if (mailbox !== null) target.perMailbox.set(mailbox, (target.perMailbox.get(mailbox) ?? 0) + 1);
  }
  return batches.map((batch) => batch.members);
}

interface Answer extends GraphReply {
  index: number;
  /** Set when the whole batch failed: why, for the error a call gets if it gives up. */
  cause?: GraphRequestError;
}

async function sendBatch(
  client: GraphClient,
  members: number[],
  calls: readonly GraphCall[],
): Promise<Answer[]> {
  const requests: BatchRequestJson[] = members.map((index, position) =>
    toJson(String(position + 1), calls[index]!),
  );
  const load = new Map<string, number>();
  for (const index of members) {
    const mailbox = calls[index]!.mailbox?.toLowerCase();
    if (mailbox) load.set(mailbox, (load.get(mailbox) ?? 0) + 1);
  }
  let raw: unknown;
  try {
    raw = await client.postBatch(requests, load);
  } catch (error) {
    if (!(error instanceof GraphRequestError)) throw error;
    // The whole batch failed (after the SDK's own retries): each request in it shares that fate and may be re-sent.
    return members.map((index) => ({
      index,
      status: error.status,
      headers: {},
      body: null,
      cause: error,
    }));
  }
  const parsed = batchAnswer.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new GraphResponseError(
      { method: 'POST', url: '/$batch', mailbox: null },
      issue?.path.join('.') ?? '',
      issue?.message ?? 'not a batch answer',
    );
  }
  const byId = new Map(parsed.data.responses.map((response) => [response.id, response]));
  return members.map((index, position) => {
    const response = byId.get(String(position + 1));
    // A request the answer leaves out was not carried out as far as we know; treat it as a fault and re-send.
    if (!response)
      return {
        index,
        status: 503,
        headers: {},
        body: { error: { code: 'MissingFromBatchAnswer' } },
      };
    return {
      index,
      status: response.status,
      headers: response.headers ?? {},
      body: response.body ?? null,
    };
  });
}

function toJson(id: string, call: GraphCall): BatchRequestJson {
  const json: BatchRequestJson = { id, method: call.method, url: call.url };
  // Graph requires a Content-Type on every inner request that has a body.
  const headers =
    call.body === undefined
      ? call.headers
      : { 'Content-Type': 'application/json', ...call.headers };
  if (headers) json.headers = headers;
  if (call.body !== undefined) json.body = call.body;
  return json;
}

/** 429 and the 5xx family, and 0 for a network failure: worth another try. Other 4xx would only fail again. */
function retryable(status: number): boolean {
  return status === 429 || status >= 500 || status === 0;
}

/** Retry-After in seconds or as an HTTP date; header names in any case. */
export function retryAfterMs(headers: Record<string, string>, now = Date.now()): number | null {
  const value = Object.entries(headers).find(([name]) => name.toLowerCase() === 'retry-after')?.[1];
  if (value === undefined) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

function failure(call: GraphCall, answer: Answer, attempts: number): GraphRequestError {
  const request: FailedRequest = { method: call.method, url: call.url, mailbox: call.mailbox };
  const body = errorBody.safeParse(answer.body);
  const code =
    answer.cause?.code ??
    (body.success ? body.data.error.code : undefined) ??
    String(answer.status);
  const message = body.success ? (body.data.error.message ?? '') : '';
  const detail = [message, retryable(answer.status) ? `gave up after ${attempts} attempts` : '']
    .filter(Boolean)
    .join('; ');
  return new GraphRequestError(
    answer.status,
    code,
    request,
    detail,
    answer.cause ? { cause: answer.cause } : undefined,
  );
}

async function inParallel<T, R>(
  items: T[],
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** For reads: every reply, or the first failure thrown (after every call was tried). */
export function requireAll(outcomes: CallOutcome[]): GraphReply[] {
  return outcomes.map((outcome) => {
    if (!outcome.ok) throw outcome.error;
    return outcome.reply;
  });
}
