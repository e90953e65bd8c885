/**
 * `graph/`'s public surface: build a client, then the two adapters over it.
 *
 *   const client = createGraphClient({ tenantId, credential: { clientId, clientSecret } });
 *   const calendar = createCalendarAdapter(client);
 *   const directory = createDirectoryAdapter(client);
 *
 * The emulator (graph/emulator/, for development and tests only) is the same
 * with `baseUrl` (and `authorityHost`) pointing at it; it is not exported
 * here, so nothing that imports graph/ loads it, and the production image can
 * leave it out.
 */
export {
  createGraphClient,
  GRAPH_BASE_URL,
  type GraphClient,
  type GraphClientOptions,
  type GraphCredential,
} from './client.ts';
export { createCalendarAdapter } from './calendar.ts';
export { createDirectoryAdapter } from './directory.ts';
export { probeGraph, type GraphProbe } from './reachability.ts';
export type { BatchOptions } from './batch.ts';
export { GraphRequestError, GraphResponseError, type FailedRequest } from './errors.ts';
export { RELATIONSHIP_PROPERTY_ID, subjectFor, transactionIdFor } from './event-json.ts';
export type * from './types.ts';
