/**
 * Check 6, bot identity: the bot can get the token it signs its replies to
 * Teams with, for its own app id.
 * - SingleTenant: a client-credentials token for the Bot Framework from the
 *   bot's own tenant, with MicrosoftAppId and MicrosoftAppPassword, as
 *   botbuilder does (https://learn.microsoft.com/azure/bot-service/rest-api/bot-framework-rest-connector-authentication).
 * - UserAssignedMSI: a token from the managed identity endpoint, which exists
 *   only inside Azure (App Service and Container Apps announce it in
 *   IDENTITY_ENDPOINT: https://learn.microsoft.com/azure/container-apps/managed-identity).
 *   Elsewhere the doctor says where to run it rather than wait for a timeout.
 */
import { ManagedIdentityCredential } from '@azure/identity';
import { DOCS } from './deploy-docs.ts';
import { fail, ok, skip, warn, type Finding } from './finding.ts';
import { identityFix } from './identity-advice.ts';
import { clientSecretToken, identityFailure } from './identity-token.ts';
import type { DoctorSettings } from './settings-check.ts';

export const BOT_FRAMEWORK_SCOPE = 'https://api.botframework.com/.default';
const MANAGED_IDENTITY_TIMEOUT_MS = 15_000;

export async function checkBot(settings: DoctorSettings): Promise<Finding> {
  const { bot, authority } = settings;
  if (!bot)
    return skip(
      'bot identity',
      'not checked: the Microsoft* settings, or the GRAPH_AUTHORITY_* ones it signs in at, above need fixing first',
    );
  if (bot.appType === 'UserAssignedMSI')
    return checkManagedIdentity(bot.appId, settings.managedIdentityEndpoint);

  const { app } = bot;
  const result = await clientSecretToken(app, BOT_FRAMEWORK_SCOPE, authority);
  if (!result.ok) {
    const names = {
      app: "the bot's app registration",
      tenant: 'MicrosoftAppTenantId',
      client: 'MicrosoftAppId',
      secret: 'MicrosoftAppPassword',
      docs: DOCS.bot,
    };
    return fail(
      'bot identity',
      `no Bot Framework token for MicrosoftAppId ${app.clientId} in tenant ${app.tenantId}: ${result.reason}`,
      identityFix(result.code, names, authority.host),
    );
  }
  const { clientId, tenantId } = result.claims;
  if (clientId !== app.clientId || (tenantId !== null && tenantId !== app.tenantId)) {
    return fail(
      'bot identity',
      `the Bot Framework token is for app ${clientId ?? '?'} in tenant ${tenantId ?? '?'}, not MicrosoftAppId ${app.clientId} in ${app.tenantId}`,
      `check MicrosoftAppId and MicrosoftAppTenantId against the Azure Bot resource's Configuration page (${DOCS.bot})`,
    );
  }
  return ok(
    'bot identity',
    `SingleTenant: Bot Framework token issued to MicrosoftAppId ${clientId} in tenant ${tenantId ?? app.tenantId}`,
  );
}

async function checkManagedIdentity(appId: string, endpoint: string | undefined): Promise<Finding> {
  if (!endpoint) {
    return warn(
      'bot identity',
      `UserAssignedMSI ${appId}: a managed identity can only be checked inside Azure (no managed identity endpoint here)`,
      'run the doctor in the container app: az containerapp exec --name <app> --resource-group <group> --command "node app/bin/cadence.js doctor"',
    );
  }
  try {
    const credential = new ManagedIdentityCredential({ clientId: appId });
    await credential.getToken(BOT_FRAMEWORK_SCOPE, {
      abortSignal: AbortSignal.timeout(MANAGED_IDENTITY_TIMEOUT_MS),
    });
    return ok(
      'bot identity',
      `UserAssignedMSI: the managed identity ${appId} gave a Bot Framework token`,
    );
  } catch (error) {
    return fail(
      'bot identity',
      `UserAssignedMSI: the managed identity endpoint refused ${appId}: ${identityFailure(error).reason}`,
      `assign the user-assigned identity whose client id is MicrosoftAppId to the container app (Identity → User assigned), and check MicrosoftAppId is that identity's client id, not its principal id (${DOCS.bot})`,
    );
  }
}
