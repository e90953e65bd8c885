import { describe, expect, it } from 'vitest';
import { createBatchSender, packBatches, retryAfterMs, type GraphCall } from './batch.ts';
import { GraphRequestError } from './errors.ts';
import { fakeClient, fakeGraph, noSleep } from '../test/support/fake-graph.ts';

const get = (url: string, mailbox: string | null = null): GraphCall => ({
  method: 'GET',
  url,
  mailbox,
});
const ok = (request: { url: string }) => ({ status: 200, body: { url: request.url } });

describe('batch sender', () => {
  it('sends N requests as ceil(N/20) $batch calls and answers in the order asked', async () => {
    const fake = fakeGraph(ok);
    const send = createBatchSender(fakeClient(fake), noSleep);
    const calls = Array.from({ length: 45 }, (_, i) => get(`/users/u${i}@x.test`));
    const outcomes = await send(calls);
    expect(fake.batches.map((batch) => batch.length)).toEqual([20, 20, 5]);
    expect(
      outcomes.map((outcome) => outcome.ok && (outcome.reply.body as { url: string }).url),
    ).toEqual(calls.map((call) => call.url));
    expect(fake.authorizations.every((header) => header === 'Bearer test-token')).toBe(true);
  });

  it('puts at most 4 requests for one mailbox in a batch', () => {
    const calls = [
      ...Array.from({ length: 10 }, () => get('/users/a/events', 'A@x.test')),
      ...Array.from({ length: 12 }, (_, i) => get(`/users/b${i}/events`, `b${i}`)),
    ];
    const batches = packBatches(
      calls.map((_, i) => i),
      calls,
    );
    for (const batch of batches) {
      expect(batch.length).toBeLessThanOrEqual(20);
      expect(
        batch.filter((index) => calls[index]!.mailbox === 'A@x.test').length,
      ).toBeLessThanOrEqual(4);
    }
    expect(batches.flat().sort((a, b) => a - b)).toEqual(calls.map((_, i) => i));
  });

  it('keeps at most 4 requests per mailbox in flight across parallel batches', async () => {
    let inFlight = 0;
    let most = 0;
    const fake = fakeGraph(async (request) => {
      inFlight++;
      most = Math.max(most, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 5));
      inFlight--;
      return ok(request);
    });
    const send = createBatchSender(fakeClient(fake), { ...noSleep, parallelBatches: 8 });
    await send(Array.from({ length: 30 }, () => get('/users/busy@x.test/events', 'busy@x.test')));
    expect(fake.batches.length).toBe(8);
    expect(most).toBeLessThanOrEqual(4);
  });

  it('re-sends the inner requests answered 429 after their Retry-After', async () => {
    const seen = new Map<string, number>();
    const fake = fakeGraph((request) => {
      const times = (seen.get(request.url) ?? 0) + 1;
      seen.set(request.url, times);
      if (request.url.endsWith('/1') && times < 3)
        return {
          status: 429,
          headers: { 'Retry-After': times === 1 ? '2' : '7' },
          body: { error: { code: 'ApplicationThrottled' } },
        };
      if (request.url.endsWith('/2') && times < 2)
        return { status: 503, body: { error: { code: 'ServiceUnavailable' } } };
      return ok(request);
    });
    const waits: number[] = [];
    const client = fakeClient(fake);
    const send = createBatchSender(client, {
      sleep: (ms) => (waits.push(ms), Promise.resolve()),
      fallbackDelayMs: 100,
    });
    const outcomes = await send([get('/x/0', 'm'), get('/x/1', 'm'), get('/x/2', 'm')]);
    expect(outcomes.every((outcome) => outcome.ok)).toBe(true);
    expect(fake.batches.map((batch) => batch.map((request) => request.url))).toEqual([
      ['/x/0', '/x/1', '/x/2'],
      ['/x/1', '/x/2'],
      ['/x/1'],
    ]);
    expect(waits).toEqual([2000, 7000]);
    expect(client.usage).toEqual({ requests: 6, roundTrips: 3, retried: 3 });
  });

  it('gives up after maxAttempts with a GraphRequestError naming the request', async () => {
    const fake = fakeGraph(() => ({
      status: 429,
      headers: { 'retry-after': '1' },
      body: { error: { code: 'MailboxConcurrency', message: 'over the limit' } },
    }));
    const send = createBatchSender(fakeClient(fake), { ...noSleep, maxAttempts: 3 });
    const [outcome] = await send([
      { method: 'PATCH', url: '/users/s@x.test/events/e1', body: {}, mailbox: 's@x.test' },
    ]);
    expect(fake.batches).toHaveLength(3);
    expect(outcome?.ok).toBe(false);
    const error = !outcome!.ok ? outcome!.error : null;
    expect(error).toBeInstanceOf(GraphRequestError);
    expect(error).toMatchObject({
      status: 429,
      code: 'MailboxConcurrency',
      request: { method: 'PATCH', url: '/users/s@x.test/events/e1', mailbox: 's@x.test' },
    });
    expect(error?.message).toContain('gave up after 3 attempts');
  });

  it('does not re-send a refusal', async () => {
    const fake = fakeGraph(() => ({
      status: 404,
      body: { error: { code: 'ErrorItemNotFound', message: 'not found' } },
    }));
    const [outcome] = await createBatchSender(
      fakeClient(fake),
      noSleep,
    )([get('/users/a/events/gone', 'a')]);
    expect(fake.batches).toHaveLength(1);
    expect(outcome).toMatchObject({ ok: false, error: { status: 404, code: 'ErrorItemNotFound' } });
  });

  it('sends a body with a Content-Type, as Graph requires inside a batch', async () => {
    const fake = fakeGraph(ok);
    await createBatchSender(
      fakeClient(fake),
      noSleep,
    )([{ method: 'POST', url: '/users/a/events', body: { subject: 's' }, mailbox: 'a' }]);
    expect(fake.batches[0]?.[0]).toMatchObject({
      id: '1',
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: { subject: 's' },
    });
  });

  it('lets the SDK retry a whole batch answered 503, honouring Retry-After', async () => {
    const fake = fakeGraph(ok, (call) =>
      call === 1
        ? new Response('{"error":{"code":"ServiceUnavailable","message":"busy"}}', {
            status: 503,
            headers: { 'Retry-After': '0' },
          })
        : null,
    );
    const client = fakeClient(fake);
    const outcomes = await createBatchSender(client, noSleep)([get('/users/a')]);
    expect(outcomes[0]?.ok).toBe(true);
    expect(client.usage.roundTrips).toBe(2);
  });

  it('re-sends a batch whose call failed outright, then reports the failure per request', async () => {
    const fake = fakeGraph(
      ok,
      () =>
        new Response('{"error":{"code":"InternalServerError","message":"boom"}}', {
          status: 500,
          headers: { 'Content-Type': 'application/json' },
        }),
    );
    const outcomes = await createBatchSender(fakeClient(fake), { ...noSleep, maxAttempts: 2 })([
      get('/users/a'),
      get('/users/b'),
    ]);
    expect(fake.authorizations).toHaveLength(2);
    expect(outcomes).toMatchObject([
      {
        ok: false,
        error: { status: 500, code: 'InternalServerError', request: { url: '/users/a' } },
      },
      { ok: false, error: { status: 500, request: { url: '/users/b' } } },
    ]);
  });

  it('reads Retry-After as seconds or as a date', () => {
    expect(retryAfterMs({ 'Retry-After': '3' })).toBe(3000);
    expect(
      retryAfterMs(
        { 'retry-after': 'Wed, 01 Jan 2031 00:00:10 GMT' },
        Date.parse('2031-01-01T00:00:00Z'),
      ),
    ).toBe(10_000);
    expect(retryAfterMs({})).toBeNull();
  });
});
