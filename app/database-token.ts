/**
 * Microsoft Entra access tokens as the PostgreSQL password (DATABASE_AUTH=entra).
 *
 * Azure Database for PostgreSQL flexible server takes an Entra access token
 * for the scope https://ossrdbms-aad.database.windows.net/.default as the
 * password, with the role named after the identity as the user
 * (https://learn.microsoft.com/azure/postgresql/flexible-server/how-to-connect-with-managed-identity).
 * A token is checked when a connection authenticates and lasts about an hour
 * (https://learn.microsoft.com/azure/postgresql/flexible-server/concepts-azure-ad-authentication),
 * while the pool opens connections for as long as the process runs: so the
 * password is a function, asked for each new connection (store/database.ts),
 * that hands out the current token and fetches a new one shortly before it
 * expires.
 */
import {
  DefaultAzureCredential,
  ManagedIdentityCredential,
  type AccessToken,
  type TokenCredential,
} from '@azure/identity';

export const POSTGRES_ENTRA_SCOPE = 'https://ossrdbms-aad.database.windows.net/.default';

/** A token with less than this left is replaced: a connection opened with it must still authenticate. */
const REFRESH_BEFORE_EXPIRY_MS = 5 * 60_000;
/** The managed identity endpoint can hang; a connection attempt should fail instead (pg gives up after 10 s anyway). */
const TOKEN_TIMEOUT_MS = 15_000;

/**
 * The credential Cadence signs in to PostgreSQL with: the user-assigned
 * managed identity named by AZURE_CLIENT_ID (in Azure Container Apps, the
 * one the Bicep assigns), or, with no client id, DefaultAzureCredential (a
 * developer's `az login` on a network that reaches the server).
 */
export function databaseCredential(clientId: string | undefined): TokenCredential {
  return clientId ? new ManagedIdentityCredential({ clientId }) : new DefaultAzureCredential();
}

/** The password function: the cached token while it has more than 5 minutes left, else a fresh one. */
export function entraPassword(
  credential: TokenCredential,
  who: string,
  now: () => number = Date.now,
): () => Promise<string> {
  let current: AccessToken | null = null;
  let fetching: Promise<AccessToken> | null = null;
  const fetch = async (): Promise<AccessToken> => {
    let token: AccessToken | null;
    try {
      token = await credential.getToken(POSTGRES_ENTRA_SCOPE, {
        abortSignal: AbortSignal.timeout(TOKEN_TIMEOUT_MS),
      });
    } catch (error) {
      const reason = (error instanceof Error ? error.message : String(error)).split('\n')[0];
      throw new Error(`no Microsoft Entra token for PostgreSQL as ${who}: ${reason}`, {
        cause: error,
      });
    }
    if (!token)
      throw new Error(
        `no Microsoft Entra token for PostgreSQL as ${who}: the credential returned none`,
      );
    return token;
  };
  return async () => {
    if (current && current.expiresOnTimestamp - now() > REFRESH_BEFORE_EXPIRY_MS)
      return current.token;
    // Connections opened together share one request rather than each asking the endpoint.
    fetching ??= fetch().finally(() => {
      fetching = null;
    });
    current = await fetching;
    return current.token;
  };
}

/** Who the token is for, in messages: the managed identity's client id, or the developer's own sign-in. */
export function credentialName(clientId: string | undefined): string {
  return clientId ? `managed identity ${clientId}` : 'DefaultAzureCredential (no AZURE_CLIENT_ID)';
}
