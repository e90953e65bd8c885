/**
 * A token from the Microsoft identity platform with an app's client secret,
 * the way Cadence gets one to run (app/open-graph.ts for Graph, botbuilder for
 * the Bot Framework): @azure/identity's ClientSecretCredential. An authority
 * host other than Microsoft's (the Graph emulator) needs instance discovery
 * off and, being a loopback https server, its own CA.
 */
import { ClientSecretCredential, type TokenCredential } from '@azure/identity';
import { readClaims, type TokenClaims } from './jwt.ts';

export interface Authority {
  /** https://login.microsoftonline.com unless GRAPH_AUTHORITY_HOST says otherwise. */
  host?: string;
  /** PEM of a CA to trust for that host (GRAPH_AUTHORITY_CA_FILE). */
  ca?: string;
}

export interface AppSecret {
  tenantId: string;
  clientId: string;
  secret: string;
}

export type TokenResult =
  | { ok: true; claims: TokenClaims; credential: TokenCredential }
  /** `code` is the identity platform's AADSTS number when it gave one; null when it could not be reached. */
  | { ok: false; code: number | null; reason: string };

/** An unreachable authority would otherwise be retried for a long time; the doctor says so sooner. */
const TOKEN_TIMEOUT_MS = 30_000;

export async function clientSecretToken(
  app: AppSecret,
  scope: string,
  authority: Authority,
): Promise<TokenResult> {
  const credential = new ClientSecretCredential(app.tenantId, app.clientId, app.secret, {
    ...(authority.host && { authorityHost: authority.host, disableInstanceDiscovery: true }),
    ...(authority.ca && { tlsOptions: { ca: authority.ca } }),
  });
  try {
    const token = await credential.getToken(scope, {
      abortSignal: AbortSignal.timeout(TOKEN_TIMEOUT_MS),
    });
    return { ok: true, claims: readClaims(token.token), credential };
  } catch (error) {
    return { ok: false, ...identityFailure(error) };
  }
}

/** The AADSTS code and its one-line description, without the trace and correlation ids Entra appends. */
export function identityFailure(error: unknown): { code: number | null; reason: string } {
  const message = error instanceof Error ? error.message : String(error);
  const match = /AADSTS(\d+):?\s*([^\r\n]*)/.exec(message);
  // A managed identity endpoint's refusal comes wrapped as "... - Description: <why> - Correlation ID: ...".
  const described = /Description: (.*?)(?: - [A-Z][\w ]*:|$)/m.exec(message);
  if (!match) return { code: null, reason: firstLine(described?.[1] ?? message) };
  const text = (match[2] ?? '')
    .replace(/[\s-]*(Trace ID|Correlation ID|Timestamp):.*$/i, '')
    .trim();
  return { code: Number(match[1]), reason: `AADSTS${match[1]}: ${text}`.slice(0, 300) };
}

function firstLine(text: string): string {
  return (text.split(/\r?\n/)[0] ?? text).slice(0, 300);
}
