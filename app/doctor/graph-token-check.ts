/**
 * Check 2, Graph token: Cadence's Graph app signs in with its client secret,
 * as `cadence serve` would, and the token's claims are kept for check 3.
 */
import type { TokenCredential } from '@azure/identity';
import { DOCS } from './deploy-docs.ts';
import { fail, ok, skip, type Finding } from './finding.ts';
import { identityFix } from './identity-advice.ts';
import { clientSecretToken } from './identity-token.ts';
import type { TokenClaims } from './jwt.ts';
import type { DoctorSettings } from './settings-check.ts';

/** Application permissions come from the app registration; `.default` asks for all of them. */
export const GRAPH_SCOPE = 'https://graph.microsoft.com/.default';

export interface GraphToken {
  finding: Finding;
  /** Set when a token was issued. */
  signedIn?: { claims: TokenClaims; credential: TokenCredential };
}

export async function checkGraphToken(settings: DoctorSettings): Promise<GraphToken> {
  const { graph, authority } = settings;
  if (!graph)
    return {
      finding: skip('graph token', 'not checked: the GRAPH_* settings above need fixing first'),
    };
  const result = await clientSecretToken(graph, GRAPH_SCOPE, authority);
  const from = authority.host ?? 'https://login.microsoftonline.com';
  if (!result.ok) {
    const names = {
      app: 'the Cadence Graph app',
      tenant: 'GRAPH_TENANT_ID',
      client: 'GRAPH_CLIENT_ID',
      secret: 'GRAPH_CLIENT_SECRET',
      docs: DOCS.graphApp,
    };
    return {
      finding: fail(
        'graph token',
        `no token for app ${graph.clientId} in tenant ${graph.tenantId} from ${from}: ${result.reason}`,
        identityFix(result.code, names, authority.host),
      ),
    };
  }
  return {
    finding: ok(
      'graph token',
      `issued to app ${result.claims.clientId ?? graph.clientId} in tenant ${result.claims.tenantId ?? graph.tenantId} by ${from}`,
    ),
    signedIn: { claims: result.claims, credential: result.credential },
  };
}
