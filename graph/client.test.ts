import { describe, expect, it } from 'vitest';
import { createGraphClient } from './client.ts';
import { fakeCredential } from '../test/support/fake-graph.ts';

describe('Graph client', () => {
  it('talks to a plain http base URL, such as the emulator, with the token on', async () => {
    const seen: { url: string; authorization: string | undefined }[] = [];
    const client = createGraphClient({
      baseUrl: 'http://127.0.0.1:4999/',
      tenantId: 'tenant',
      credential: { tokenCredential: fakeCredential },
      fetch: (input, init) => {
        seen.push({
          url: String(input instanceof Request ? input.url : input),
          authorization: (init?.headers as Record<string, string>).Authorization,
        });
        return Promise.resolve(
          new Response('{"responses":[]}', {
            status: 200,
            headers: { 'Content-Type': 'application/json' },
          }),
        );
      },
    });
    expect(await client.postBatch([], new Map())).toEqual({ responses: [] });
    expect(seen).toEqual([
      { url: 'http://127.0.0.1:4999/v1.0/$batch', authorization: 'Bearer test-token' },
    ]);
  });

  it('refuses a base URL that is not one', () => {
    expect(() =>
      createGraphClient({
        baseUrl: 'graph',
        tenantId: 't',
        credential: { tokenCredential: fakeCredential },
      }),
    ).toThrow();
  });
});
