/**
 * The claims of an access token, read without verifying it: the doctor only
 * wants to know what Entra put in the token it has just been given (its
 * `roles`, `appid`, `tid`); the services that accept the token verify it.
 * https://learn.microsoft.com/entra/identity-platform/access-token-claims-reference
 */
export interface TokenClaims {
  /** Application permissions granted in Entra (app role assignments). */
  roles: string[];
  /** The client the token was issued to: `appid` in v1.0 tokens, `azp` in v2.0. */
  clientId: string | null;
  tenantId: string | null;
  audience: string | null;
}

export function readClaims(token: string): TokenClaims {
  const payload = token.split('.')[1];
  if (!payload) throw new Error('the token is not a JWT');
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<
    string,
    unknown
  >;
  const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);
  return {
    roles: Array.isArray(claims.roles)
      ? claims.roles.filter((role): role is string => typeof role === 'string')
      : [],
    clientId: text(claims.appid) ?? text(claims.azp),
    tenantId: text(claims.tid),
    audience: text(claims.aud),
  };
}
