/**
 * The Graph client: Microsoft's SDK (`Client.initWithMiddleware`) with a token
 * from @azure/identity, the SDK's RetryHandler, and the per-mailbox
 * concurrency cap. Only the base URL differs between Microsoft Graph and the
 * emulator.
 *
 * Cadence sends every call as a `$batch` (batch.ts), so the one thing this
 * client exposes is "post this batch". The chain, outermost first:
 *   BearerTokenHandler → RetryHandler → TelemetryHandler → MailboxConcurrencyHandler → fetch
 * RetryHandler re-sends a whole `$batch` answered 429, 503 or 504, after its
 * Retry-After (https://learn.microsoft.com/graph/throttling#best-practices-to-handle-throttling);
 * the 429s *inside* a batch's answer are batch.ts's job.
 */
import {
  ClientCertificateCredential,
  ClientSecretCredential,
  ManagedIdentityCredential,
  type TokenCredential,
} from '@azure/identity';
import {
  Client,
  GraphError,
  RetryHandler,
  RetryHandlerOptions,
  TelemetryHandler,
  type Context,
  type Middleware,
} from '@microsoft/microsoft-graph-client';
import { TokenCredentialAuthenticationProvider } from '@microsoft/microsoft-graph-client/authProviders/azureTokenCredentials/index.js';
import { BearerTokenHandler } from './bearer.ts';
import { GraphRequestError } from './errors.ts';
import { MailboxConcurrencyHandler, MailboxLoad } from './mailbox-limit.ts';
import type { GraphUsage } from './types.ts';

export const GRAPH_BASE_URL = 'https://graph.microsoft.com';
/** Application permissions come from the app registration; `.default` asks for all of them. */
const GRAPH_SCOPE = 'https://graph.microsoft.com/.default';

export type GraphCredential =
  | { clientId: string; clientSecret: string }
  | { clientId: string; certificatePath: string }
  | { managedIdentityClientId?: string }
  /** A credential built elsewhere (tests, or a chain `app/` chose). */
  | { tokenCredential: TokenCredential };

export interface GraphClientOptions {
  /** https://graph.microsoft.com, or the emulator's URL. */
  baseUrl?: string;
  tenantId: string;
  credential: GraphCredential;
  /** Where tokens come from: https://login.microsoftonline.com unless a sovereign cloud or the emulator. */
  authorityHost?: string;
  /** For an authority that is not a Microsoft cloud (the emulator): skip MSAL's instance discovery. */
  disableInstanceDiscovery?: boolean;
  /** PEM of a CA to trust for the authority host. MSAL takes only an https authority, so the emulator's token endpoint uses a loopback certificate. */
  authorityTlsCa?: string;
  /** The SDK's retry of a whole call: seconds to wait when no Retry-After came, and how many times. */
  retry?: { delaySeconds?: number; maxRetries?: number };
  fetch?: typeof fetch;
}

/** One request inside a `$batch`, as Graph's JSON batching takes it. */
export interface BatchRequestJson {
  id: string;
  method: string;
  url: string;
  headers?: Record<string, string>;
  body?: unknown;
}

export interface GraphClient {
  /** POSTs one `$batch`; `load` says how many of its requests go to each mailbox. Resolves to Graph's JSON answer, unparsed. */
  postBatch(requests: BatchRequestJson[], load: ReadonlyMap<string, number>): Promise<unknown>;
  /** Live counters of this client's traffic. */
  readonly usage: GraphUsage;
}

/** Builds the client; throws at once on options that cannot work, rather than on the first call. */
export function createGraphClient(options: GraphClientOptions): GraphClient {
  const baseUrl = (options.baseUrl ?? GRAPH_BASE_URL).replace(/\/+$/, '');
  const origin = new URL(baseUrl).origin;
  const usage: GraphUsage = { requests: 0, roundTrips: 0, retried: 0 };
  const provider = new TokenCredentialAuthenticationProvider(tokenCredential(options), {
    scopes: [GRAPH_SCOPE],
  });
  const retry = new RetryHandlerOptions(
    options.retry?.delaySeconds ?? 3,
    options.retry?.maxRetries ?? 3,
  );
  const fetchImpl = options.fetch ?? globalThis.fetch;
  const sdk = Client.initWithMiddleware({
    baseUrl,
    defaultVersion: 'v1.0',
    // Lets the SDK's TelemetryHandler treat a custom https host as Graph; tokens are BearerTokenHandler's job (see bearer.ts).
    customHosts: new Set([new URL(baseUrl).hostname]),
    middleware: chain([
      new BearerTokenHandler(provider, origin),
      new RetryHandler(retry),
      new TelemetryHandler(),
      new MailboxConcurrencyHandler(),
      fetchHandler(fetchImpl, () => usage.roundTrips++),
    ]),
  });

  return {
    usage,
    async postBatch(requests, load) {
      usage.requests += requests.length;
      try {
        return (await sdk
          .api('/$batch')
          .middlewareOptions([new MailboxLoad(load)])
          .post({ requests })) as unknown;
      } catch (error) {
        throw asRequestError(error);
      }
    },
  };
}

function tokenCredential(options: GraphClientOptions): TokenCredential {
  const { credential, tenantId } = options;
  const common = {
    ...(options.authorityHost ? { authorityHost: options.authorityHost } : {}),
    ...(options.disableInstanceDiscovery ? { disableInstanceDiscovery: true } : {}),
    ...(options.authorityTlsCa ? { tlsOptions: { ca: options.authorityTlsCa } } : {}),
  };
  if ('tokenCredential' in credential) return credential.tokenCredential;
  if ('clientSecret' in credential)
    return new ClientSecretCredential(
      tenantId,
      credential.clientId,
      credential.clientSecret,
      common,
    );
  if ('certificatePath' in credential)
    return new ClientCertificateCredential(
      tenantId,
      credential.clientId,
      { certificatePath: credential.certificatePath },
      common,
    );
  return credential.managedIdentityClientId
    ? new ManagedIdentityCredential({ clientId: credential.managedIdentityClientId })
    : new ManagedIdentityCredential();
}

function chain(handlers: Middleware[]): Middleware {
  handlers.reduce((previous, next) => {
    previous.setNext?.(next);
    return next;
  });
  return handlers[0]!;
}

/** The end of the chain. The SDK's HTTPMessageHandler calls the global fetch; this one takes it as a parameter, so tests can pass a fake. */
function fetchHandler(fetchImpl: typeof fetch, onRoundTrip: () => void): Middleware {
  return {
    async execute(context: Context) {
      onRoundTrip();
      context.response = await fetchImpl(context.request, context.options);
    },
  };
}

const BATCH = { method: 'POST', url: '/$batch', mailbox: null };

/** The SDK throws GraphError for a non-2xx answer and for a failed fetch (status -1); batch.ts wants one typed error. */
function asRequestError(error: unknown): GraphRequestError {
  if (error instanceof GraphError) {
    const status = error.statusCode > 0 ? error.statusCode : 0;
    return new GraphRequestError(
      status,
      error.code ?? (status ? 'unknown' : 'NetworkError'),
      BATCH,
      error.message,
      { cause: error },
    );
  }
  return new GraphRequestError(
    0,
    'NetworkError',
    BATCH,
    error instanceof Error ? error.message : String(error),
    { cause: error },
  );
}
