/** The Graph client and calendar adapter from the configuration. */
import { readFileSync } from 'node:fs';
import { createCalendarAdapter, createGraphClient, type GraphClient } from '../graph/index.ts';
import { CadenceError } from '../rules/index.ts';
import type { CalendarPort } from '../supervision/index.ts';
import type { Config } from './config.ts';

export function openGraph(config: Config): { client: GraphClient; calendar: CalendarPort } {
  const graph = config.graph;
  if (!graph) {
    throw new CadenceError(
      'booking needs Microsoft Graph: set GRAPH_TENANT_ID, GRAPH_CLIENT_ID and GRAPH_CLIENT_SECRET (and GRAPH_BASE_URL and GRAPH_AUTHORITY_HOST to use the Graph emulator); see docs/booking.md',
    );
  }
  const emulated = graph.authorityHost !== undefined;
  const client = createGraphClient({
    tenantId: graph.tenantId,
    credential: { clientId: graph.clientId, clientSecret: graph.clientSecret },
    ...(graph.baseUrl && { baseUrl: graph.baseUrl }),
    ...(graph.authorityHost && { authorityHost: graph.authorityHost }),
    // An authority that is not a Microsoft cloud (the emulator) cannot answer MSAL's instance discovery.
    ...(emulated && { disableInstanceDiscovery: true }),
    ...(graph.authorityCaFile && { authorityTlsCa: readFileSync(graph.authorityCaFile, 'utf8') }),
  });
  return { client, calendar: createCalendarAdapter(client) };
}
