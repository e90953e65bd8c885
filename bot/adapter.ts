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
import { CloudAdapter, ConfigurationBotFrameworkAuthentication, TurnContext, type Activity, type ConversationReference } from 'botbuilder';

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

export const NO_CREDENTIALS: BotCredentials = { appId: null, appPassword: null, appType: 'SingleTenant', tenantId: null };

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

export function createAdapter(credentials: BotCredentials): CloudAdapter {
  const auth = new ConfigurationBotFrameworkAuthentication({
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
  return new CloudAdapter(auth);
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
export function messageUpdater(context: TurnContext): (activityId: string, activity: Partial<Activity>) => Promise<void> {
  const adapter = context.adapter as CloudAdapter;
  const identity = context.turnState.get<Parameters<CloudAdapter['continueConversationAsync']>[0]>(adapter.BotIdentityKey);
  const reference = TurnContext.getConversationReference(context.activity);
  return async (activityId, activity) => {
    let failure: { error: unknown } | null = null;
    await adapter.continueConversationAsync(identity ?? '', reference, async (later) => {
      try {
        await later.updateActivity({ ...activity, type: 'message', id: activityId, conversation: reference.conversation });
      } catch (error) {
        failure = { error };
      }
    });
    if (failure) throw (failure as { error: unknown }).error;
  };
}

export type { Activity, CloudAdapter, ConversationReference };
export { TurnContext };
