/**
 * The Microsoft identity platform's client-credentials flow, as far as
 * @azure/identity's ClientSecretCredential uses it
 * (https://learn.microsoft.com/entra/identity-platform/v2-oauth2-client-creds-grant-flow):
 * POST /{tenant}/oauth2/v2.0/token, plus the metadata MSAL reads first.
 * Tokens are HS256 JWTs signed with a key only this emulator knows; their
 * `roles` claim holds the application permissions of the app registration.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { GraphError } from './errors.ts';
import type { AppRegistration } from './types.ts';

export const EMULATOR_TENANT_ID = '7a1e5b0c-0000-4000-a000-00000000cade';
export const EMULATOR_CLIENT_ID = 'c0ffee00-0000-4000-a000-00000000cade';
export const EMULATOR_CLIENT_SECRET = 'emulator-secret';
export const DEFAULT_APPS: AppRegistration[] = [
  {
    clientId: EMULATOR_CLIENT_ID,
    clientSecret: EMULATOR_CLIENT_SECRET,
    roles: ['Calendars.ReadWrite', 'User.Read.All'],
  },
];

const GRAPH_AUDIENCE = 'https://graph.microsoft.com';
const b64 = (v: unknown): string => Buffer.from(JSON.stringify(v)).toString('base64url');

export interface TokenClaims {
  aud: string;
  appid: string;
  tid: string;
  roles: string[];
  exp: number;
}

export class TokenIssuer {
  private readonly key = randomBytes(32);

  constructor(
    readonly tenantId: string,
    private readonly apps: AppRegistration[],
  ) {}

  /** `audience` is the resource the token is for: Graph, or another API (the Bot Framework's, for a bot's token). */
  issue(clientId: string, roles?: string[], audience = GRAPH_AUDIENCE): string {
    const app = this.apps.find((a) => a.clientId === clientId);
    const now = Math.floor(Date.now() / 1000);
    const header = b64({ alg: 'HS256', typ: 'JWT' });
    const payload = b64({
      aud: audience,
      iss: `https://sts.windows.net/${this.tenantId}/`,
      iat: now,
      nbf: now,
      exp: now + 3600,
      appid: clientId,
      azp: clientId,
      tid: this.tenantId,
      idtyp: 'app',
      roles: roles ?? app?.roles ?? [],
    });
    return `${header}.${payload}.${this.sign(`${header}.${payload}`)}`;
  }

  private sign(data: string): string {
    return createHmac('sha256', this.key).update(data).digest('base64url');
  }

  /** The claims of a valid Authorization header; 401 as Graph answers otherwise. */
  verify(authorization: string | undefined): TokenClaims {
    const bad = (why: string): GraphError =>
      new GraphError(401, 'InvalidAuthenticationToken', why, {
        'WWW-Authenticate':
          'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize"',
      });
    const m = /^Bearer\s+([\w-]+)\.([\w-]+)\.([\w-]+)$/i.exec(authorization ?? '');
    if (!m) throw bad('Access token is empty.');
    const [, h, p, s] = m as unknown as [string, string, string, string];
    const expected = Buffer.from(this.sign(`${h}.${p}`));
    if (expected.length !== Buffer.from(s).length || !timingSafeEqual(expected, Buffer.from(s)))
      throw bad('Access token validation failure. Invalid audience.');
    const claims = JSON.parse(Buffer.from(p, 'base64url').toString()) as TokenClaims;
    if (claims.exp * 1000 < Date.now())
      throw bad('Lifetime validation failed, the token is expired.');
    if (claims.aud !== GRAPH_AUDIENCE)
      throw bad('Access token validation failure. Invalid audience.');
    return claims;
  }

  /** The token endpoint's answer: [status, body], in the identity platform's error format. */
  token(tenant: string, form: URLSearchParams): [number, Record<string, unknown>] {
    const fail = (
      status: number,
      error: string,
      code: number,
      text: string,
    ): [number, Record<string, unknown>] => [
      status,
      {
        error,
        error_description: `AADSTS${code}: ${text}`,
        error_codes: [code],
        timestamp: new Date().toISOString(),
        trace_id: randomBytes(16).toString('hex'),
        correlation_id: form.get('client-request-id') ?? randomBytes(16).toString('hex'),
      },
    ];
    if (tenant !== this.tenantId && tenant !== 'organizations')
      return fail(400, 'invalid_request', 90002, `Tenant '${tenant}' not found.`);
    if (form.get('grant_type') !== 'client_credentials')
      return fail(
        400,
        'unsupported_grant_type',
        70003,
        'The app requested an unsupported grant type.',
      );
    if (!form.get('scope')?.endsWith('/.default'))
      return fail(
        400,
        'invalid_scope',
        1002012,
        'The provided value for scope is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier.',
      );
    const app = this.apps.find((a) => a.clientId === form.get('client_id'));
    if (!app)
      return fail(
        400,
        'unauthorized_client',
        700016,
        `Application with identifier '${form.get('client_id')}' was not found in the directory.`,
      );
    // A certificate credential sends a signed assertion instead; the emulator takes it on trust.
    const assertion = form.get('client_assertion');
    if (!assertion && form.get('client_secret') !== app.clientSecret)
      return fail(401, 'invalid_client', 7000215, 'Invalid client secret provided.');
    // Roles are the app's permissions on Graph; a token for another API (the Bot Framework) carries none.
    const audience = form.get('scope')!.replace(/\/\.default$/, '');
    return [
      200,
      {
        token_type: 'Bearer',
        expires_in: 3599,
        ext_expires_in: 3599,
        access_token: this.issue(
          app.clientId,
          audience === GRAPH_AUDIENCE ? undefined : [],
          audience,
        ),
      },
    ];
  }
}

/** OpenID metadata and instance discovery, which MSAL fetches from the authority host before the token. */
export function authorityMetadata(
  path: string,
  base: string,
  tenantId: string,
): Record<string, unknown> | undefined {
  const host = new URL(base).host;
  const oidc = /^\/([^/]+)\/v2\.0\/\.well-known\/openid-configuration$/.exec(path);
  if (oidc) {
    const t = oidc[1] === 'organizations' || oidc[1] === 'common' ? tenantId : oidc[1];
    return {
      token_endpoint: `${base}/${t}/oauth2/v2.0/token`,
      authorization_endpoint: `${base}/${t}/oauth2/v2.0/authorize`,
      end_session_endpoint: `${base}/${t}/oauth2/v2.0/logout`,
      device_authorization_endpoint: `${base}/${t}/oauth2/v2.0/devicecode`,
      jwks_uri: `${base}/${t}/discovery/v2.0/keys`,
      issuer: `${base}/${t}/v2.0`,
      token_endpoint_auth_methods_supported: [
        'client_secret_post',
        'private_key_jwt',
        'client_secret_basic',
      ],
      response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
      scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
      subject_types_supported: ['pairwise'],
      id_token_signing_alg_values_supported: ['RS256'],
      tenant_region_scope: 'EU',
      cloud_instance_name: host,
      cloud_graph_host_name: host,
      msgraph_host: host,
    };
  }
  if (path === '/common/discovery/instance') {
    return {
      tenant_discovery_endpoint: `${base}/${tenantId}/v2.0/.well-known/openid-configuration`,
      'api-version': '1.1',
      metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
    };
  }
  return undefined;
}
