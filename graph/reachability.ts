/**
 * Whether Microsoft Graph can be used now, for the readiness probe, at the
 * cost of one round trip: a `$batch` holding one request that reads nothing
 * (`GET /me`, which an app-only token is refused with 400, since there is no
 * signed-in user). Graph answers the `$batch` itself 200 only when the token
 * on it is valid, so an answer means Entra ID issued a token (the credential
 * caches it until near expiry, so most probes ask Entra nothing) and Graph
 * accepted it; the inner answer is not looked at.
 * https://learn.microsoft.com/graph/json-batching
 */
import type { GraphClient } from './client.ts';
import { GraphRequestError } from './errors.ts';

export type GraphProbe =
  | { ok: true }
  /** A word safe to show anyone: no error text (it can name the tenant, the app or a host). */
  | {
      ok: false;
      reason: 'no token' | 'token refused' | 'unavailable' | 'unreachable' | 'unexpected answer';
    };

const NOTHING = [{ id: '1', method: 'GET', url: '/me' }];

/** Names @azure/identity gives a token request that failed or could not be made. */
const TOKEN_FAILURES = new Set([
  'AuthenticationError',
  'CredentialUnavailableError',
  'AggregateAuthenticationError',
]);

export async function probeGraph(client: GraphClient): Promise<GraphProbe> {
  try {
    await client.postBatch(NOTHING, new Map());
    return { ok: true };
  } catch (error) {
    if (!(error instanceof GraphRequestError)) return { ok: false, reason: 'unexpected answer' };
    if (error.status === 401 || error.status === 403) return { ok: false, reason: 'token refused' };
    if (error.status === 429 || error.status >= 500) return { ok: false, reason: 'unavailable' };
    if (error.status === 0)
      return { ok: false, reason: causedBy(error, TOKEN_FAILURES) ? 'no token' : 'unreachable' };
    return { ok: false, reason: 'unexpected answer' };
  }
}

function causedBy(error: unknown, names: Set<string>): boolean {
  for (
    let e: unknown = error, depth = 0;
    e instanceof Error && depth < 5;
    e = e.cause, depth += 1
  ) {
    if (names.has(e.name) || names.has(e.constructor.name)) return true;
  }
  return false;
}
