/**
 * `cadence doctor`: checks a production configuration and changes nothing.
 * Each check runs whatever the others found; one is skipped, with the reason,
 * only when it needs what an earlier one could not give (no token, no
 * roles). The slow ones (Graph, database, bot) run side by side; the lines
 * come out in the order the checks are listed.
 */
import { checkBot } from './bot-check.ts';
import { databasePassword } from '../open-database.ts';
import { checkDatabase } from './database-check.ts';
import { checkDatabaseRole } from './database-role-check.ts';
import { skip, type Finding } from './finding.ts';
import { checkGraphToken } from './graph-token-check.ts';
import { checkMailboxes } from './mailbox-check.ts';
import { probeCalendars } from './mailbox-probe.ts';
import { checkPermissions, type Probes } from './permissions-check.ts';
import { checkSettings, type DoctorSettings } from './settings-check.ts';

export interface DoctorOptions {
  /** A supervisor's UPN: their calendar must be readable. */
  mailbox?: string;
  /** A UPN outside the supervision staff: their calendar must be refused. */
  outside?: string;
}

export async function runDoctor(
  env: Record<string, string | undefined>,
  options: DoctorOptions = {},
): Promise<Finding[]> {
  const { findings: settings, settings: usable } = checkSettings(env);
  // Tokens as the database password when DATABASE_AUTH=entra, as cadence serve connects; a bad value is reported among the settings.
  const password = databasePassword(
    env.DATABASE_AUTH?.trim() === 'entra' ? 'entra' : 'password',
    env.AZURE_CLIENT_ID?.trim() || undefined,
  );
  const [graph, database, role, bot] = await Promise.all([
    checkGraph(usable, options),
    checkDatabase(usable, password),
    checkDatabaseRole(usable, password),
    checkBot(usable),
  ]);
  return [...settings, ...graph, ...database, role, bot];
}

/** Checks 2 to 4: the token, the permissions it carries, and what they reach. */
async function checkGraph(settings: DoctorSettings, options: DoctorOptions): Promise<Finding[]> {
  const token = await checkGraphToken(settings);
  if (!token.signedIn || !settings.graph) {
    return [
      token.finding,
      skip('permissions', 'not checked: no Graph token'),
      skip('mailbox', 'not checked: no Graph token'),
    ];
  }
  const { claims, credential } = token.signedIn;
  const upns = [options.mailbox, options.outside].filter((upn): upn is string => upn !== undefined);
  const probed = await probeCalendars(
    {
      tenantId: settings.graph.tenantId,
      credential,
      ...(settings.graph.baseUrl && { baseUrl: settings.graph.baseUrl }),
    },
    upns,
  );
  const probes: Probes = {
    ...(options.mailbox && { inScope: probed[0] }),
    ...(options.outside && { outside: probed[options.mailbox ? 1 : 0] }),
  };
  const clientId = settings.graph.clientId;
  return [
    token.finding,
    ...checkPermissions(claims.roles, clientId, probes),
    ...checkMailboxes(clientId, probes),
  ];
}
