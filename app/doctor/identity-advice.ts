/**
 * What to do about the identity platform refusing a token, from its AADSTS
 * code (https://learn.microsoft.com/entra/identity-platform/reference-error-codes),
 * in the words of the settings involved: the Graph app's or the bot's.
 */
export interface IdentitySettings {
  /** e.g. 'the Cadence Graph app' */
  app: string;
  tenant: string;
  client: string;
  secret: string;
  docs: string;
}

export function identityFix(
  code: number | null,
  names: IdentitySettings,
  authorityHost: string | undefined,
): string {
  const { app, tenant, client, secret, docs } = names;
  switch (code) {
    case 7000215: // invalid client secret
    case 7000222: // the secret has expired
      return `${secret} is not a current client secret of ${app}: make a new one (App registrations → Certificates & secrets) and store its Value, not its Secret ID (${docs})`;
    case 700016: // application not found in the directory
      return `${client} is not the Application (client) id of an app registered in the ${tenant} tenant: copy it from the app registration's Overview, and check ${tenant} is the tenant it is registered in (${docs})`;
    case 90002: // tenant not found
    case 900023: // not a valid tenant id or domain
      return `${tenant} names no tenant: copy the Directory (tenant) id from the Overview of the Microsoft Entra admin centre (${docs})`;
    case 7000229: // no service principal in the tenant
      return `${app} has no enterprise application (service principal) in the tenant: grant admin consent to it in the Microsoft Entra admin centre (${docs})`;
    case null:
      return `the identity platform at ${authorityHost ?? 'https://login.microsoftonline.com'} could not be reached: allow outbound HTTPS to it from where Cadence runs${authorityHost ? ', or correct GRAPH_AUTHORITY_HOST' : ''}`;
    default:
      return `check ${tenant}, ${client} and ${secret} (${docs})`;
  }
}
