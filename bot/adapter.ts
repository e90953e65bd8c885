/**
 * The one place the Bot Framework adapter is made. botbuilder was archived by
 * Microsoft at the end of 2025; keeping its construction (and its imports) in
 * bot/ means a move to the Microsoft 365 Agents SDK is a change here alone.
 *
 * With an app id, ConfigurationBotFrameworkAuthentication validates every
 * incoming token (issuer, audience = the app id, signing keys) and a request
 * without a valid one is refused with 401. With none, tokens are not checked:
 * only the embedded mode may run so, and it listens on localhost only
 * (checked by `assertSafeBinding`).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  TurnContext,
  type Activity,
  type ConversationReference,
} from 'botbuilder';

export interface BotCredentials {
  /** The Entra app (client) id of the bot; null only in the embedded mode. */
  appId: string | null;
  appPassword: string | null;
  /** SingleTenant for a council's own bot, UserAssignedMSI for a managed identity (docs/deploy.md). */
  appType: 'SingleTenant' | 'UserAssignedMSI' | 'MultiTenant';
  tenantId: string | null;
  /**
   * Where the signing keys of incoming tokens are published. Microsoft's by
   * default; tests point it at a local server with keys of their own, to
   * show a token signed by anyone else is refused.
   */
  openIdMetadataUrl?: string;
}

export const NO_CREDENTIALS: BotCredentials = {
  appId: null,
  appPassword: null,
  appType: 'SingleTenant',
  tenantId: null,
};

export class UnsafeBindingError extends Error {
  override name = 'UnsafeBindingError';
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

/** Refuses to run without token validation anywhere but on the loopback interface. */
export function assertSafeBinding(credentials: BotCredentials, host: string): void {
  if (!credentials.appId && !LOOPBACK.has(host)) {
    throw new UnsafeBindingError(
      `the bot would accept unauthenticated requests on ${host}: set MicrosoftAppId (and its credential) to validate Teams' tokens, or listen on 127.0.0.1 for the embedded mode`,
    );
  }
}

function authenticationFor(credentials: BotCredentials): ConfigurationBotFrameworkAuthentication {
  return new ConfigurationBotFrameworkAuthentication({
    MicrosoftAppId: credentials.appId ?? '',
    MicrosoftAppPassword: credentials.appPassword ?? '',
    // With no app id there is no identity to be single-tenant about: botbuilder asks for MultiTenant then.
    MicrosoftAppType: credentials.appId ? credentials.appType : 'MultiTenant',
    MicrosoftAppTenantId: credentials.tenantId ?? '',
    // Naming any one endpoint makes botbuilder take every one from this object, so the
    // public cloud's values are repeated here (AuthenticationConstants in botframework-connector).
    ...(credentials.openIdMetadataUrl && {
      ToBotFromChannelOpenIdMetadataUrl: credentials.openIdMetadataUrl,
      ToBotFromEmulatorOpenIdMetadataUrl: credentials.openIdMetadataUrl,
      ToBotFromChannelTokenIssuer: 'https://api.botframework.com',
      ToChannelFromBotLoginUrl: 'https://login.microsoftonline.com/botframework.com',
      ToChannelFromBotOAuthScope: 'https://api.botframework.com',
      OAuthUrl: 'https://api.botframework.com',
      CallerId: 'urn:botframework:azure',
      ValidateAuthority: true,
    }),
  });
}

/** An adapter for sending (proactive messages, tests); the bot's endpoint makes its own with `createBotEndpoint`. */
export function createAdapter(credentials: BotCredentials): CloudAdapter {
  return new CloudAdapter(authenticationFor(credentials));
}

/**
 * The issuer of every token the Bot Connector sends a bot ("Connector to bot":
 * the iss claim is https://api.botframework.com, the token has not expired
 * within the industry-standard 5 minutes of clock skew;
 * https://learn.microsoft.com/azure/bot-service/rest-api/bot-framework-rest-connector-authentication).
 * botbuilder also accepts the Bot Framework Emulator's and skills' issuers,
 * whose path lets a token with no expiry through: Teams never sends those.
 */
export const BOT_CONNECTOR_ISSUER = 'https://api.botframework.com';
const CLOCK_SKEW_MS = 5 * 60_000;

/** Why a request's token was refused: words from this fixed list only, for the log. */
export type TokenRefusal =
  | 'missing'
  | 'invalid'
  | 'expired'
  | 'not-yet-valid'
  | 'wrong-issuer'
  | 'no-expiry'
  | 'keys-unavailable';

export type Received =
  { status: number; body?: unknown } | { status: 401 | 503; refused: TokenRefusal; error?: string };

export interface BotEndpoint {
  adapter: CloudAdapter;
  /**
   * One request to /api/messages, its body already read and parsed: the token
   * checked (botbuilder's checks, then the issuer and expiry above), the turn
   * run, and the status and body to answer with. A refusal is returned, never
   * thrown or printed: botbuilder's own `process()` writes each rejected
   * token's stack trace to the console and answers a bad signature with 500.
   */
  receive(
    body: unknown,
    authorization: string,
    logic: (context: TurnContext) => Promise<void>,
    nowMs: number,
  ): Promise<Received>;
}

/** CloudAdapter with its turn-running step reachable for a request authenticated already (processActivity is protected). */
class EndpointAdapter extends CloudAdapter {
  runAuthenticated(
    ...args: Parameters<CloudAdapter['processActivity']>
  ): ReturnType<CloudAdapter['processActivity']> {
    return this.processActivity(...args);
  }
}

/**
 * botframework-connector's JwtTokenExtractor prints each token it refuses to
 * the console (the error's stack, or "Error finding key for token" with the
 * public key): many lines a log pipeline cannot parse, once per request anyone
 * can send. Inside a token check (and only there: other work's console output
 * is untouched) those lines are dropped; the endpoint logs one event instead.
 */
const checkingToken = new AsyncLocalStorage<true>();
let consoleQuieted = false;

function quietTokenRefusals(): void {
  if (consoleQuieted) return;
  consoleQuieted = true;
  // eslint-disable-next-line no-console -- replacing botbuilder's console output is the point here
  const print = console.error.bind(console);
  // eslint-disable-next-line no-console -- as above
  console.error = (...args: unknown[]) => {
    if (!checkingToken.getStore()) print(...args);
  };
}

export function createBotEndpoint(credentials: BotCredentials): BotEndpoint {
  const auth = authenticationFor(credentials);
  const adapter = new EndpointAdapter(auth);
  quietTokenRefusals();
  return {
    adapter,
    receive: async (body, authorization, logic, nowMs) => {
      const activity = activityOf(body);
      if (!activity)
        return { status: 400, body: { error: 'The request body is not an activity.' } };
      let authenticated: Awaited<ReturnType<typeof auth.authenticateRequest>>;
      try {
        authenticated = await checkingToken.run(true, () =>
          auth.authenticateRequest(activity, authorization),
        );
      } catch (error) {
        return refusalOf(error);
      }
      if (credentials.appId) {
        // botbuilder has verified the signature, audience and (when present) the expiry by now.
        const claim = (type: string) =>
          authenticated.claimsIdentity.claims.find((c) => c.type === type)?.value;
        if (claim('iss') !== BOT_CONNECTOR_ISSUER) return { status: 401, refused: 'wrong-issuer' };
        const exp = Number(claim('exp'));
        if (!Number.isFinite(exp)) return { status: 401, refused: 'no-expiry' };
        if (exp * 1000 + CLOCK_SKEW_MS < nowMs) return { status: 401, refused: 'expired' };
      }
      const invoke = await adapter.runAuthenticated(authenticated, activity, logic);
      return {
        status: invoke?.status ?? 200,
        ...(invoke?.body !== undefined && { body: invoke.body }),
      };
    },
  };
}

/** The body as botbuilder's `process()` would take it: an object with a type, its timestamps as dates. */
function activityOf(body: unknown): Activity | null {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return null;
  const activity = body as Activity & Record<string, unknown>;
  if (typeof activity.type !== 'string') return null;
  for (const [field, raw] of [
    ['timestamp', 'rawTimestamp'],
    ['expiration', 'rawExpiration'],
    ['localTimestamp', 'rawLocalTimestamp'],
  ] as const) {
    const value = activity[field] as unknown;
    if (typeof value === 'string')
      Object.assign(activity, { [raw]: value, [field]: new Date(value) });
  }
  return activity;
}

/**
 * What botbuilder's token check threw, as an answer. Its own AuthenticationError
 * and jsonwebtoken's errors (a bad signature, `alg: none`, an expired token)
 * are the token's fault: 401. Anything else (Microsoft's signing keys could
 * not be fetched, say) is ours: 503, so the Bot Connector tries again.
 */
function refusalOf(error: unknown): Received {
  const name = error instanceof Error ? error.name : 'Error';
  const message = error instanceof Error ? error.message : '';
  if (name === 'TokenExpiredError') return { status: 401, refused: 'expired', error: name };
  if (name === 'NotBeforeError') return { status: 401, refused: 'not-yet-valid', error: name };
  if (name === 'JsonWebTokenError') return { status: 401, refused: 'invalid', error: name };
  if (name === 'AuthenticationError' || (error as { statusCode?: unknown })?.statusCode === 401) {
    // botbuilder rethrows jsonwebtoken's TokenExpiredError as its own "The token has expired".
    const refused: TokenRefusal = /expired/i.test(message)
      ? 'expired'
      : /unauthorized access|required|auth header/i.test(message)
        ? 'missing'
        : 'invalid';
    return { status: 401, refused, error: name };
  }
  return { status: 503, refused: 'keys-unavailable', error: name };
}

/** Runs `work` in a turn on a stored conversation: how proactive messages are sent. */
export async function continueConversation(
  adapter: CloudAdapter,
  credentials: BotCredentials,
  reference: Partial<ConversationReference>,
  work: (context: TurnContext) => Promise<void>,
): Promise<void> {
  await adapter.continueConversationAsync(credentials.appId ?? '', reference, work);
}

/**
 * A way to change a message the bot sent, after the turn that is handling it
 * has been answered: a proactive turn on the same conversation, under the
 * turn's own identity, that calls updateActivity (Teams:
 * PUT /v3/conversations/{conversationId}/activities/{activityId}). Errors are
 * caught inside that turn and rethrown after it, so the adapter's
 * onTurnError cannot swallow them.
 * https://learn.microsoft.com/microsoftteams/platform/bots/how-to/update-and-delete-bot-messages
 */
export function messageUpdater(
  context: TurnContext,
): (activityId: string, activity: Partial<Activity>) => Promise<void> {
  const adapter = context.adapter as CloudAdapter;
  const identity = context.turnState.get<Parameters<CloudAdapter['continueConversationAsync']>[0]>(
    adapter.BotIdentityKey,
  );
  const reference = TurnContext.getConversationReference(context.activity);
  return async (activityId, activity) => {
    let failure: { error: unknown } | null = null;
    await adapter.continueConversationAsync(identity ?? '', reference, async (later) => {
      try {
        await later.updateActivity({
          ...activity,
          type: 'message',
          id: activityId,
          conversation: reference.conversation,
        });
      } catch (error) {
        failure = { error };
      }
    });
    if (failure) throw (failure as { error: unknown }).error;
  };
}

export type { Activity, CloudAdapter, ConversationReference };
export { TurnContext };
