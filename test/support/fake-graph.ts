/**
 * A fake `fetch` answering `$batch` calls, for graph/'s own unit tests: each
 * inner request goes to a handler, and every batch is recorded. Integration
 * tests use the emulator instead.
 */
import type { TokenCredential } from '@azure/identity';
import { createGraphClient, type GraphClient } from '../../graph/client.ts';

export interface InnerRequest {
  id: string;
  method: string;
  url: string;
  headers?: Record<string, string>;
  body?: unknown;
}

export interface InnerAnswer {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

export interface FakeGraph {
  fetch: typeof fetch;
  /** The inner requests of each `$batch` call, in the order they arrived. */
  batches: InnerRequest[][];
  /** Authorization headers seen. */
  authorizations: (string | null)[];
}

export const BASE = 'https://graph.example.test';

/** `outer` may answer a whole `$batch` instead (e.g. 503), given the call's number from 1. */
export function fakeGraph(
  inner: (request: InnerRequest) => InnerAnswer | Promise<InnerAnswer>,
  outer?: (call: number) => Response | null,
): FakeGraph {
  const fake: FakeGraph = {
    batches: [],
    authorizations: [],
    fetch: async (input, init) => {
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
      if (!url.endsWith('/v1.0/$batch'))
        return new Response(JSON.stringify({ error: { code: 'NotFound', message: url } }), {
          status: 404,
        });
      const headers = (init?.headers ?? {}) as Record<string, string>;
      fake.authorizations.push(headers.Authorization ?? null);
      const whole = outer?.(fake.authorizations.length);
      if (whole) return whole;
      const { requests } = JSON.parse(init?.body as string) as { requests: InnerRequest[] };
      fake.batches.push(requests);
      const responses = await Promise.all(
        requests.map(async (request) => ({
          id: request.id,
          headers: {},
          ...(await inner(request)),
        })),
      );
      return new Response(JSON.stringify({ responses }), {
        status: 200,
        headers: { 'Content-Type': 'application/json' },
      });
    },
  };
  return fake;
}

export const fakeCredential: TokenCredential = {
  getToken: () =>
    Promise.resolve({ token: 'test-token', expiresOnTimestamp: Date.now() + 3_600_000 }),
};

export function fakeClient(fake: FakeGraph): GraphClient {
  return createGraphClient({
    baseUrl: BASE,
    tenantId: 'tenant',
    credential: { tokenCredential: fakeCredential },
    fetch: fake.fetch,
    retry: { delaySeconds: 0, maxRetries: 3 },
  });
}

export const noSleep = { sleep: () => Promise.resolve() };
