/**
 * Check 1, settings: every setting production needs, present and well-formed,
 * one line each — all of them, where readConfig stops at the first it refuses.
 * Returns, besides the lines, the settings the later checks may use: only
 * those that passed, so a bad one is reported once, here, and the checks that
 * need it say they were skipped.
 */
import { readFileSync } from 'node:fs';
import {
  configProblems,
  DEVELOPMENT_FLAG,
  isLoopback,
  reviewDevelopmentSettings,
  type DevelopmentReview,
} from '../config.ts';
import { DOCS } from './deploy-docs.ts';
import { fail, ok, warn, type Finding } from './finding.ts';
import type { AppSecret, Authority } from './identity-token.ts';

type Env = Record<string, string | undefined>;

export interface DoctorSettings {
  databaseUrl?: string;
  /** The Graph app, when its three settings and the authority settings are good. */
  graph?: AppSecret & { baseUrl?: string };
  authority: Authority;
  bot?:
    | { appType: 'SingleTenant'; app: AppSecret }
    | { appType: 'UserAssignedMSI'; appId: string; tenantId: string };
  /** Set inside Azure App Service and Container Apps: where a managed identity's tokens come from. */
  managedIdentityEndpoint?: string;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Microsoft stopped creation of multi-tenant bots after 31 July 2025. */
const MULTI_TENANT_DOC =
  'https://learn.microsoft.com/azure/bot-service/abs-quickstart#managing-resources';

/** The settings this file judges itself; readConfig's verdict is used for the rest. */
const JUDGED = new Set([
  'DATABASE_URL',
  'GRAPH_TENANT_ID',
  'GRAPH_CLIENT_ID',
  'GRAPH_CLIENT_SECRET',
  'GRAPH_AUTHORITY_CA_FILE',
  'MicrosoftAppId',
  'MicrosoftAppType',
  'MicrosoftAppTenantId',
  'MicrosoftAppPassword',
  'CADENCE_BOT_HOST',
  'CADENCE_ADMINS',
]);

export function checkSettings(env: Env): { findings: Finding[]; settings: DoctorSettings } {
  const findings: Finding[] = [];
  const bad = new Set<string>();
  const add = (finding: Finding, setting: string): void => {
    findings.push(finding);
    if (finding.status === 'FAIL') bad.add(setting);
  };
  const value = (name: string): string | undefined => env[name]?.trim() || undefined;
  const problems = configProblems(env);

  add(databaseUrl(value('DATABASE_URL'), env.CADENCE_DATA_DIR ?? './data'), 'DATABASE_URL');
  add(
    guid(
      'GRAPH_TENANT_ID',
      value('GRAPH_TENANT_ID'),
      'the Directory (tenant) id on the Overview page of the Microsoft Entra admin centre',
      DOCS.graphApp,
    ),
    'GRAPH_TENANT_ID',
  );
  add(
    guid(
      'GRAPH_CLIENT_ID',
      value('GRAPH_CLIENT_ID'),
      'the Application (client) id of the Cadence Graph app registration',
      DOCS.graphApp,
    ),
    'GRAPH_CLIENT_ID',
  );
  add(graphSecret(value('GRAPH_CLIENT_SECRET')), 'GRAPH_CLIENT_SECRET');
  const development = reviewDevelopmentSettings(env);
  for (const [finding, setting] of developmentFindings(development)) add(finding, setting);
  for (const name of ['GRAPH_BASE_URL', 'GRAPH_AUTHORITY_HOST'] as const) {
    const overridden = value(name);
    // https beyond this machine: a national cloud's Graph or sign-in, shown so a stray one is noticed.
    if (
      overridden &&
      !problems.some((p) => p.setting === name) &&
      !development.present.some((d) => d.setting === name)
    ) {
      findings.push(
        ok(
          'settings',
          `${name}: ${overridden} (not Microsoft's own: right only for a national cloud)`,
        ),
      );
    }
  }
  let ca: string | undefined;
  const caFile = value('GRAPH_AUTHORITY_CA_FILE');
  if (caFile) {
    try {
      ca = readFileSync(caFile, 'utf8');
    } catch (error) {
      add(
        fail(
          'settings',
          `GRAPH_AUTHORITY_CA_FILE: cannot read ${caFile} (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
          "point it at the PEM file of the authority host's CA, or unset it (Microsoft's authority needs none)",
        ),
        'GRAPH_AUTHORITY_CA_FILE',
      );
    }
  }

  const appType = value('MicrosoftAppType') ?? 'SingleTenant';
  add(botAppType(value('MicrosoftAppType')), 'MicrosoftAppType');
  add(
    guid(
      'MicrosoftAppId',
      value('MicrosoftAppId'),
      appType === 'UserAssignedMSI'
        ? "the client id of the bot's user-assigned managed identity (the Bicep deployment's output)"
        : "the Application (client) id of the bot's app registration",
      DOCS.bot,
    ),
    'MicrosoftAppId',
  );
  add(
    guid(
      'MicrosoftAppTenantId',
      value('MicrosoftAppTenantId'),
      'the Directory (tenant) id the bot identity belongs to (your tenant)',
      DOCS.bot,
    ),
    'MicrosoftAppTenantId',
  );
  add(botPassword(appType, value('MicrosoftAppPassword') !== undefined), 'MicrosoftAppPassword');
  add(
    botHost(value('CADENCE_BOT_HOST') ?? '127.0.0.1', value('PORT') ?? '3978'),
    'CADENCE_BOT_HOST',
  );
  add(admins(value('CADENCE_ADMINS')), 'CADENCE_ADMINS');
  // readConfig judges its form (whole years); the doctor adds that leaving it unset keeps everything for ever.
  const retentionYears = value('CADENCE_RETENTION_YEARS');
  if (retentionYears === undefined)
    findings.push(
      warn(
        'settings',
        'CADENCE_RETENTION_YEARS: not set, so no record is ever removed',
        `set CADENCE_RETENTION_YEARS to the whole number of years your council's retention schedule keeps supervision records (${DOCS.retention})`,
      ),
    );
  else if (!problems.some((p) => p.setting === 'CADENCE_RETENTION_YEARS'))
    findings.push(
      ok(
        'settings',
        `CADENCE_RETENTION_YEARS: ${retentionYears} (cadence retention removes what is older)`,
      ),
    );

  for (const { setting, problem } of problems) {
    if (JUDGED.has(setting)) continue;
    add(
      fail('settings', `${setting}: ${problem}`, `correct ${setting} (${DOCS.settings})`),
      setting,
    );
  }

  const good = (name: string): string | undefined => (bad.has(name) ? undefined : value(name));
  const [tenantId, clientId, secret] = [
    good('GRAPH_TENANT_ID'),
    good('GRAPH_CLIENT_ID'),
    good('GRAPH_CLIENT_SECRET'),
  ];
  // The bot's check signs in at the same authority: a failed one (the emulator's, say) gets neither app's secret.
  const signInOk = !bad.has('GRAPH_AUTHORITY_HOST') && !bad.has('GRAPH_AUTHORITY_CA_FILE');
  const authorityOk = signInOk && !bad.has('GRAPH_BASE_URL');
  const authority: Authority = {
    ...(value('GRAPH_AUTHORITY_HOST') && { host: value('GRAPH_AUTHORITY_HOST') }),
    ...(ca && { ca }),
  };
  const [appId, botTenant, password] = [
    good('MicrosoftAppId'),
    good('MicrosoftAppTenantId'),
    good('MicrosoftAppPassword'),
  ];
  const typeOk = !bad.has('MicrosoftAppType') && !bad.has('MicrosoftAppPassword');
  const settings: DoctorSettings = {
    authority,
    ...(good('DATABASE_URL') && { databaseUrl: good('DATABASE_URL') }),
    ...(tenantId &&
      clientId &&
      secret &&
      authorityOk && {
        graph: {
          tenantId,
          clientId,
          secret,
          ...(value('GRAPH_BASE_URL') && { baseUrl: value('GRAPH_BASE_URL') }),
        },
      }),
    ...(appId &&
      botTenant &&
      typeOk &&
      signInOk &&
      appType === 'SingleTenant' &&
      password && {
        bot: {
          appType: 'SingleTenant' as const,
          app: { tenantId: botTenant, clientId: appId, secret: password },
        },
      }),
    ...(appId &&
      botTenant &&
      typeOk &&
      appType === 'UserAssignedMSI' && {
        bot: { appType: 'UserAssignedMSI' as const, appId, tenantId: botTenant },
      }),
    ...((value('IDENTITY_ENDPOINT') ?? value('MSI_ENDPOINT')) && {
      managedIdentityEndpoint: value('IDENTITY_ENDPOINT') ?? value('MSI_ENDPOINT'),
    }),
  };
  return { findings, settings };
}

/**
 * What `cadence serve` refuses (app/config.ts reviewDevelopmentSettings), as
 * the doctor's lines: each development setting FAILs, unless CADENCE_DEVELOPMENT=1
 * with everything on this machine lets serve take it, which is a warning, since
 * production never runs like that. Each with the setting it is about, so a
 * failed Graph setting keeps the Graph checks (and its token) from running.
 */
function developmentFindings(review: DevelopmentReview): [Finding, string][] {
  const docs = DOCS.development;
  const taken = review.allowed && review.remote.length === 0;
  const lines: [Finding, string][] = [];
  if (review.allowed) {
    lines.push([
      warn(
        'settings',
        `${DEVELOPMENT_FLAG}: 1, so cadence serve takes development settings with everything on this machine`,
        `unset ${DEVELOPMENT_FLAG} in production (${docs})`,
      ),
      DEVELOPMENT_FLAG,
    ]);
  }
  for (const { setting, value } of review.remote) {
    const where = value === null ? "unset, so Microsoft's own" : value;
    lines.push([
      fail(
        'settings',
        `${DEVELOPMENT_FLAG}: 1, but ${setting} is ${where}, not loopback, so cadence serve refuses to start`,
        `unset ${DEVELOPMENT_FLAG} in production (${docs})`,
      ),
      DEVELOPMENT_FLAG,
    ]);
  }
  for (const { setting, value, risk, fix } of review.present) {
    lines.push(
      taken
        ? [
            warn(
              'settings',
              `${setting}: ${value}: ${risk}; taken only because ${DEVELOPMENT_FLAG}=1 on loopback`,
              `for development only: in production, ${fix} (${docs})`,
            ),
            setting,
          ]
        : [fail('settings', `${setting}: ${value}: ${risk}`, `${fix} (${docs})`), setting],
    );
  }
  return lines;
}

function databaseUrl(url: string | undefined, dataDir: string): Finding {
  const fix = `set DATABASE_URL=postgres://USER:PASSWORD@SERVER:5432/DATABASE, the Azure Database for PostgreSQL server the deployment made (${DOCS.database})`;
  if (!url)
    return fail(
      'settings',
      `DATABASE_URL: not set, so Cadence would keep its data in embedded PGlite in ${dataDir}: one process, one disk, not for production`,
      fix,
    );
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (error) {
    if (!(error instanceof TypeError)) throw error;
    return fail('settings', 'DATABASE_URL: not a URL', fix);
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:')
    return fail('settings', `DATABASE_URL: a ${parsed.protocol} URL, not a PostgreSQL one`, fix);
  if (!parsed.hostname) return fail('settings', 'DATABASE_URL: names no server', fix);
  return ok('settings', `DATABASE_URL: PostgreSQL at ${parsed.host}${parsed.pathname}`);
}

function guid(name: string, text: string | undefined, what: string, docs: string): Finding {
  if (!text) return fail('settings', `${name}: not set`, `set ${name} to ${what} (${docs})`);
  if (!GUID.test(text))
    return fail(
      'settings',
      `${name}: '${text}' is not a GUID`,
      `set ${name} to ${what}, a GUID like 00000000-0000-0000-0000-000000000000 (${docs})`,
    );
  return ok('settings', `${name}: ${text}`);
}

function graphSecret(secret: string | undefined): Finding {
  const fix = `make a client secret for the Cadence Graph app (App registrations → Certificates & secrets), keep its Value in Key Vault and give it to Cadence as GRAPH_CLIENT_SECRET (${DOCS.graphApp})`;
  if (!secret) return fail('settings', 'GRAPH_CLIENT_SECRET: not set', fix);
  // Entra shows a secret's Value once, next to its Secret ID (a GUID); pasting the ID is a common slip.
  if (GUID.test(secret))
    return warn(
      'settings',
      "GRAPH_CLIENT_SECRET: set, but shaped like a GUID: it may be the secret's ID rather than its Value",
      fix,
    );
  return ok('settings', 'GRAPH_CLIENT_SECRET: set');
}

function botAppType(type: string | undefined): Finding {
  const fix = `set MicrosoftAppType=UserAssignedMSI (the managed identity the deployment made) or SingleTenant (an app registration with a secret) (${DOCS.bot})`;
  if (type === 'MultiTenant') {
    return fail(
      'settings',
      `MicrosoftAppType: MultiTenant, which Microsoft no longer lets new Azure Bots use (creation ended 31 July 2025: ${MULTI_TENANT_DOC})`,
      fix,
    );
  }
  if (type !== undefined && type !== 'SingleTenant' && type !== 'UserAssignedMSI')
    return fail('settings', `MicrosoftAppType: '${type}' is not a bot identity type`, fix);
  return ok('settings', `MicrosoftAppType: ${type ?? 'SingleTenant (the default)'}`);
}

function botPassword(appType: string, present: boolean): Finding {
  if (appType === 'UserAssignedMSI' && present) {
    return fail(
      'settings',
      'MicrosoftAppPassword: set, but a managed identity has no password',
      `remove MicrosoftAppPassword (and its Key Vault secret if nothing else uses it) (${DOCS.bot})`,
    );
  }
  if (appType === 'SingleTenant' && !present) {
    return fail(
      'settings',
      "MicrosoftAppPassword: not set, and a SingleTenant bot signs in with its app registration's client secret",
      `set MicrosoftAppPassword to a client secret's Value of the bot's app registration, or use MicrosoftAppType=UserAssignedMSI (${DOCS.bot})`,
    );
  }
  return ok(
    'settings',
    `MicrosoftAppPassword: ${present ? 'set' : 'not set, as a managed identity needs'}`,
  );
}

function botHost(host: string, port: string): Finding {
  if (isLoopback(host)) {
    return warn(
      'settings',
      `CADENCE_BOT_HOST: ${host}${host === '127.0.0.1' ? ' (the default)' : ''}: the bot listens on this machine only, where Azure Bot Service cannot reach it`,
      `set CADENCE_BOT_HOST=0.0.0.0 (the container image does) (${DOCS.settings})`,
    );
  }
  return ok('settings', `CADENCE_BOT_HOST: the bot listens on ${host}:${port}`);
}

function admins(list: string | undefined): Finding {
  const upns = (list ?? '')
    .split(',')
    .map((upn) => upn.trim())
    .filter(Boolean);
  const fix = `set CADENCE_ADMINS to the UPNs of Cadence's administrators, comma-separated (${DOCS.settings})`;
  if (upns.length === 0)
    return warn(
      'settings',
      'CADENCE_ADMINS: empty, so no one is told who has not installed the Teams app',
      fix,
    );
  const odd = upns.filter((upn) => !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(upn));
  if (odd.length > 0)
    return warn(
      'settings',
      `CADENCE_ADMINS: ${odd.map((upn) => `'${upn}'`).join(', ')} ${odd.length === 1 ? 'is' : 'are'} not a UPN`,
      fix,
    );
  return ok(
    'settings',
    `CADENCE_ADMINS: ${upns.length} administrator${upns.length === 1 ? '' : 's'}`,
  );
}
