/**
 * Configuration: the environment, parsed once at start with zod. The only
 * module that reads `process.env`; a missing or bad variable is named.
 */
import { resolve } from 'node:path';
import { z } from 'zod';
import { CadenceError } from '../rules/index.ts';

const schema = z
  .object({
    DATABASE_URL: z.string().url('must be a postgres:// connection string').optional(),
    // How Cadence signs in to PostgreSQL: the password in DATABASE_URL, or a Microsoft Entra token per connection (docs/deploy.md#database).
    DATABASE_AUTH: z
      .enum(['password', 'entra'], {
        error: "must be 'password' (the one in DATABASE_URL) or 'entra' (a Microsoft Entra token)",
      })
      .default('password'),
    // The user-assigned managed identity @azure/identity signs in as (the Bicep sets it to the app's).
    AZURE_CLIENT_ID: z.string().min(1).optional(),
    CADENCE_DATA_DIR: z.string().min(1).default('./data'),
    CADENCE_ACTOR: z.string().min(1).optional(),
    CADENCE_DEFAULT_RECORD_WORKING_DAYS: z.coerce.number().int().min(0).max(30).default(5),
    // How far ahead a start or "since" date in an imported file may be (supervision/csv.ts).
    CADENCE_DAYS_AHEAD: z.coerce.number().int().min(1).max(3660).default(366),
    CADENCE_BOOKING_MONTHS: z.coerce
      .number()
      .int()
      .min(3, 'must be at least 3 (policies ask for three months ahead)')
      .max(12)
      .default(3),
    CADENCE_SESSION_MINUTES: z.coerce.number().int().min(15).max(240).default(60),
    CADENCE_PREPARATION_WORKING_DAYS: z.coerce.number().int().min(0).max(10).default(2),
    CADENCE_JOB_INTERVAL_SECONDS: z.coerce.number().int().min(5).max(3600).default(60),
    // Whole years of supervision data the council keeps (docs/export.md); unset or blank: nothing is removed.
    CADENCE_RETENTION_YEARS: z.preprocess(
      (value) => (typeof value === 'string' && value.trim() === '' ? undefined : value),
      z.coerce
        .number({ error: 'must be whole years from 1 to 100' })
        .int('must be whole years from 1 to 100')
        .min(1, 'must be whole years from 1 to 100')
        .max(100, 'must be whole years from 1 to 100')
        .optional(),
    ),
    // How long work an instance claimed (a job run, a batch of outbox messages) stays its own without a sign of life.
    CADENCE_LEASE_SECONDS: z.coerce.number().int().min(2).max(3600).default(60),
    CADENCE_JOB_RETRY_SECONDS: z.coerce.number().int().min(1).max(86_400).default(3600),
    GRAPH_BASE_URL: z.string().url().optional(),
    GRAPH_TENANT_ID: z.string().min(1).optional(),
    GRAPH_CLIENT_ID: z.string().min(1).optional(),
    GRAPH_CLIENT_SECRET: z.string().min(1).optional(),
    GRAPH_AUTHORITY_HOST: z.string().url().optional(),
    GRAPH_AUTHORITY_CA_FILE: z.string().min(1).optional(),
    // The bot's own identity (Azure Bot resource). Without an app id, tokens are not
    // validated, and the bot refuses to listen anywhere but on localhost.
    MicrosoftAppId: z.string().uuid("must be the bot's Entra app (client) id, a GUID").optional(),
    MicrosoftAppPassword: z.string().min(1).optional(),
    MicrosoftAppType: z
      .enum(['SingleTenant', 'UserAssignedMSI', 'MultiTenant'])
      .default('SingleTenant'),
    MicrosoftAppTenantId: z.string().min(1).optional(),
    CADENCE_BOT_HOST: z.string().min(1).default('127.0.0.1'),
    PORT: z.coerce.number().int().min(0).max(65535).default(3978),
    /** UPNs of Cadence administrators (they are told who has not installed the app). */
    CADENCE_ADMINS: z.string().default(''),
    /** pino's levels; info logs every turn and job, debug adds more. */
    LOG_LEVEL: z
      .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
      .default('info'),
    /** This process's name in logs and in the claims it holds (job runs, outbox); hostname:pid when unset. */
    CADENCE_INSTANCE: z.string().min(1).max(200).optional(),
    /** 1: `cadence serve` takes development settings, with everything on this machine (reviewDevelopmentSettings). */
    CADENCE_DEVELOPMENT: z
      .enum(['0', '1'], {
        error: 'must be 1 (development settings taken, everything on this machine) or 0',
      })
      .optional(),
  })
  .superRefine((env, ctx) => {
    const problem = env.DATABASE_AUTH === 'entra' ? entraUrlProblem(env.DATABASE_URL) : null;
    if (problem) ctx.addIssue({ code: 'custom', path: ['DATABASE_AUTH'], message: problem });
  });

/**
 * With an Entra token the URL names the server, the database and the role
 * (the identity's name), never a password; and the token, a bearer
 * credential, goes only to a server whose certificate and name are checked.
 */
function entraUrlProblem(url: string | undefined): string | null {
  if (!url)
    return "is 'entra', but DATABASE_URL is not set: the token is for an Azure Database for PostgreSQL server";
  // A DATABASE_URL that is no URL is reported under its own name.
  if (!URL.canParse(url)) return null;
  const parsed = new URL(url);
  if (parsed.password)
    return "is 'entra', so DATABASE_URL must carry no password (the token is the password)";
  if (!parsed.username)
    return "is 'entra', so DATABASE_URL must name the role, the managed identity's name (postgres://ROLE@SERVER:5432/cadence)";
  if (parsed.searchParams.get('sslmode') !== 'verify-full')
    return "is 'entra', so DATABASE_URL must end in ?sslmode=verify-full: the token may only go to a server whose certificate is checked";
  return null;
}

export interface Config {
  /** A PostgreSQL server; when absent, PGlite embedded in `dataDir`. */
  databaseUrl?: string;
  /** `entra`: each new connection's password is a Microsoft Entra token (app/database-token.ts). */
  databaseAuth: 'password' | 'entra';
  /** AZURE_CLIENT_ID: the user-assigned managed identity that token is for. */
  azureClientId?: string;
  dataDir: string;
  /** Who the CLI acts as in the audit log. */
  actor: string;
  /** Working days to record a session where the policy sets no deadline (a council setting). */
  defaultRecordWorkingDays: number;
  /** Days after today a start or "since" date in an imported file may be (CADENCE_DAYS_AHEAD). */
  daysAhead: number;
  /** Months ahead to book (the policy's horizon wins when longer). */
  bookingMonths: number;
  sessionMinutes: number;
  /** Working days before a session that the supervisee is prompted to prepare. */
  preparationWorkingDays: number;
  /** How often the job runner looks for work due (each run is still claimed once across instances). */
  jobIntervalSeconds: number;
  /** Years of supervision data kept (CADENCE_RETENTION_YEARS); null: retention removes nothing. */
  retentionYears: number | null;
  /** A claim's lease: a job run's is renewed while it runs; an instance killed holding one frees its work this long after. */
  leaseSeconds: number;
  /** How long a failed job run waits before it is tried again (the next interval's pass takes it then). */
  jobRetrySeconds: number;
  bot: {
    appId: string | null;
    appPassword: string | null;
    appType: 'SingleTenant' | 'UserAssignedMSI' | 'MultiTenant';
    tenantId: string | null;
    host: string;
    port: number;
  };
  admins: string[];
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Set by CADENCE_INSTANCE; `cadence serve` uses hostname:pid otherwise. */
  instance?: string;
  /** The development settings present, and whether CADENCE_DEVELOPMENT lets `cadence serve` take them. */
  development: DevelopmentReview;
  /** Microsoft Graph, when configured (the emulator is the same with its URL). */
  graph?: {
    baseUrl?: string;
    tenantId: string;
    clientId: string;
    clientSecret: string;
    authorityHost?: string;
    authorityCaFile?: string;
  };
}

/** The operating system's public CA bundles (Debian and Ubuntu, Red Hat and Fedora, Alpine). */
const SYSTEM_CA_BUNDLES = new Set([
  '/etc/ssl/certs/ca-certificates.crt',
  '/etc/pki/tls/certs/ca-bundle.crt',
  '/etc/ssl/cert.pem',
]);

/**
 * Every setting readConfig would refuse, one entry per setting (readConfig
 * stops at the first): `cadence doctor` lists them all at once.
 */
export function configProblems(
  env: Record<string, string | undefined>,
): { setting: string; problem: string }[] {
  const result = schema.safeParse(env);
  return result.success
    ? []
    : result.error.issues.map((issue) => ({
        setting: issue.path.join('.'),
        problem: issue.message,
      }));
}

export function readConfig(env: Record<string, string | undefined> = process.env): Config {
  const result = schema.safeParse(env);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new CadenceError(`configuration: ${issue.path.join('.')} ${issue.message}`);
  }
  const {
    DATABASE_URL,
    CADENCE_DATA_DIR,
    CADENCE_ACTOR,
    CADENCE_DEFAULT_RECORD_WORKING_DAYS,
    CADENCE_BOOKING_MONTHS,
    CADENCE_SESSION_MINUTES,
  } = result.data;
  const {
    GRAPH_BASE_URL,
    GRAPH_TENANT_ID,
    GRAPH_CLIENT_ID,
    GRAPH_CLIENT_SECRET,
    GRAPH_AUTHORITY_HOST,
    GRAPH_AUTHORITY_CA_FILE,
  } = result.data;
  const graphParts = [GRAPH_TENANT_ID, GRAPH_CLIENT_ID, GRAPH_CLIENT_SECRET];
  if (graphParts.some(Boolean) && !graphParts.every(Boolean)) {
    const missing = ['GRAPH_TENANT_ID', 'GRAPH_CLIENT_ID', 'GRAPH_CLIENT_SECRET'].filter(
      (_, i) => !graphParts[i],
    );
    throw new CadenceError(
      `configuration: ${missing.join(', ')} missing; Microsoft Graph needs the tenant, the app's client id and its secret`,
    );
  }
  if (result.data.MicrosoftAppId && !result.data.MicrosoftAppTenantId) {
    // The bot answers only its own tenant (bot/admission.ts): with no tenant named, it would answer anyone's.
    throw new CadenceError(
      "configuration: MicrosoftAppTenantId missing; set it to your council's Directory (tenant) id, the only tenant Cadence answers",
    );
  }
  return {
    ...(DATABASE_URL && { databaseUrl: DATABASE_URL }),
    databaseAuth: result.data.DATABASE_AUTH,
    ...(result.data.AZURE_CLIENT_ID && { azureClientId: result.data.AZURE_CLIENT_ID }),
    // Absolute from here on: child processes (the Agents Playground) run in other folders.
    dataDir: resolve(CADENCE_DATA_DIR),
    actor: CADENCE_ACTOR ?? `cli:${env.USER ?? 'unknown'}`,
    defaultRecordWorkingDays: CADENCE_DEFAULT_RECORD_WORKING_DAYS,
    daysAhead: result.data.CADENCE_DAYS_AHEAD,
    bookingMonths: CADENCE_BOOKING_MONTHS,
    sessionMinutes: CADENCE_SESSION_MINUTES,
    preparationWorkingDays: result.data.CADENCE_PREPARATION_WORKING_DAYS,
    jobIntervalSeconds: result.data.CADENCE_JOB_INTERVAL_SECONDS,
    retentionYears: result.data.CADENCE_RETENTION_YEARS ?? null,
    leaseSeconds: result.data.CADENCE_LEASE_SECONDS,
    jobRetrySeconds: result.data.CADENCE_JOB_RETRY_SECONDS,
    bot: {
      appId: result.data.MicrosoftAppId ?? null,
      appPassword: result.data.MicrosoftAppPassword ?? null,
      appType: result.data.MicrosoftAppType,
      tenantId: result.data.MicrosoftAppTenantId ?? null,
      host: result.data.CADENCE_BOT_HOST,
      port: result.data.PORT,
    },
    admins: result.data.CADENCE_ADMINS.split(',')
      .map((upn) => upn.trim().toLowerCase())
      .filter((upn) => upn !== ''),
    logLevel: result.data.LOG_LEVEL,
    development: reviewDevelopmentSettings(env),
    ...(result.data.CADENCE_INSTANCE && { instance: result.data.CADENCE_INSTANCE }),
    ...(GRAPH_TENANT_ID &&
      GRAPH_CLIENT_ID &&
      GRAPH_CLIENT_SECRET && {
        graph: {
          tenantId: GRAPH_TENANT_ID,
          clientId: GRAPH_CLIENT_ID,
          clientSecret: GRAPH_CLIENT_SECRET,
          ...(GRAPH_BASE_URL && { baseUrl: GRAPH_BASE_URL }),
          ...(GRAPH_AUTHORITY_HOST && { authorityHost: GRAPH_AUTHORITY_HOST }),
          ...(GRAPH_AUTHORITY_CA_FILE && { authorityCaFile: GRAPH_AUTHORITY_CA_FILE }),
        },
      }),
  };
}

/** The setting that lets `cadence serve` take development settings, everything on this machine. */
export const DEVELOPMENT_FLAG = 'CADENCE_DEVELOPMENT';
/** Where the refusals and the flag are explained. */
export const DEVELOPMENT_DOCS = 'docs/operations.md#development-settings';

/** A setting right only on a development machine (the Graph emulator, a test CA), and what it risks in production. */
export interface DevelopmentSetting {
  setting: string;
  /** What it is set to: a URL's origin or a path, never a secret. */
  value: string;
  /** Why production must not run with it. */
  risk: string;
  /** What to do in production instead. */
  fix: string;
}

export interface DevelopmentReview {
  /** CADENCE_DEVELOPMENT=1. */
  allowed: boolean;
  present: DevelopmentSetting[];
  /** With the flag: what Cadence would listen on or talk to that is not this machine (`value` null: Microsoft's own, by default). */
  remote: { setting: string; value: string | null }[];
}

/** 127.0.0.0/8, ::1 and localhost; a URL's hostname keeps an IPv6 address in brackets. */
export function isLoopback(host: string): boolean {
  return /^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|::1|localhost)$/i.test(host.replace(/^\[(.*)\]$/, '$1'));
}

function urlOf(text: string | undefined): URL | undefined {
  if (!text) return undefined;
  try {
    return new URL(text);
  } catch (error) {
    if (!(error instanceof TypeError)) throw error;
    return undefined; // not a URL: readConfig names it as malformed
  }
}

/**
 * The settings the security review found `cadence serve` took silently: the
 * Graph emulator's (plain HTTP or loopback Graph and sign-in, its CA) and
 * Node's own TLS switches. A development machine needs them; production never
 * does, since Microsoft Graph and Entra ID are https with publicly trusted
 * certificates. CADENCE_DEVELOPMENT=1 lets serve take them, and only when
 * everything it listens on and talks to is on this machine: the flag set by
 * mistake in production cannot send a token anywhere else.
 */
export function reviewDevelopmentSettings(
  env: Record<string, string | undefined>,
): DevelopmentReview {
  const value = (name: string): string | undefined => env[name]?.trim() || undefined;
  const present: DevelopmentSetting[] = [];
  const graphUrls = [
    {
      setting: 'GRAPH_BASE_URL',
      carries: 'the Graph token',
      whose: 'Microsoft Graph',
      fix: 'unset GRAPH_BASE_URL: Cadence then uses Microsoft Graph, https://graph.microsoft.com',
    },
    {
      setting: 'GRAPH_AUTHORITY_HOST',
      carries: "the Graph app's client secret",
      whose: "Microsoft Entra ID's sign-in",
      fix: "unset GRAPH_AUTHORITY_HOST: Cadence then signs in at Microsoft Entra ID's own, https://login.microsoftonline.com",
    },
  ];
  for (const { setting, carries, whose, fix } of graphUrls) {
    const url = urlOf(value(setting));
    if (url?.protocol === 'http:')
      present.push({
        setting,
        value: url.origin,
        risk: `plain HTTP, so ${carries} would travel unencrypted`,
        fix,
      });
    else if (url && isLoopback(url.hostname))
      present.push({
        setting,
        value: url.origin,
        risk: `on this machine: the Graph emulator, not ${whose}`,
        fix,
      });
  }
  const caFile = value('GRAPH_AUTHORITY_CA_FILE');
  if (caFile)
    present.push({
      setting: 'GRAPH_AUTHORITY_CA_FILE',
      value: caFile,
      risk: 'a CA of its own trusted for the sign-in, which only the Graph emulator needs',
      fix: "unset GRAPH_AUTHORITY_CA_FILE: Microsoft Entra ID's certificate is publicly trusted",
    });
  const extraCa = value('NODE_EXTRA_CA_CERTS');
  // The operating system's own bundle (Debian's machines set it so) adds no CA beyond the public roots: not a custom CA.
  if (extraCa && !SYSTEM_CA_BUNDLES.has(extraCa))
    present.push({
      setting: 'NODE_EXTRA_CA_CERTS',
      value: extraCa,
      risk: 'an extra CA Node trusts for every TLS connection (Graph, Entra ID, the database)',
      fix: "unset NODE_EXTRA_CA_CERTS: Microsoft's services and Azure Database for PostgreSQL have publicly trusted certificates",
    });
  // Node disables certificate checks for this one value only.
  if (value('NODE_TLS_REJECT_UNAUTHORIZED') === '0')
    present.push({
      setting: 'NODE_TLS_REJECT_UNAUTHORIZED',
      value: '0',
      risk: 'Node checks no TLS certificate, so anyone on the way could pose as Graph, Entra ID or the database',
      fix: 'unset NODE_TLS_REJECT_UNAUTHORIZED',
    });

  const allowed = value(DEVELOPMENT_FLAG) === '1';
  const remote: DevelopmentReview['remote'] = [];
  if (allowed) {
    const botHost = value('CADENCE_BOT_HOST') ?? '127.0.0.1';
    if (!isLoopback(botHost)) remote.push({ setting: 'CADENCE_BOT_HOST', value: botHost });
    const database = urlOf(value('DATABASE_URL'));
    if (database && !isLoopback(database.hostname))
      remote.push({ setting: 'DATABASE_URL', value: database.host });
    // Configured Graph without these settings is Microsoft's own, which is not this machine either.
    const graphConfigured = ['GRAPH_TENANT_ID', 'GRAPH_CLIENT_ID', 'GRAPH_CLIENT_SECRET'].some(
      (name) => value(name),
    );
    for (const setting of ['GRAPH_BASE_URL', 'GRAPH_AUTHORITY_HOST']) {
      const url = urlOf(value(setting));
      if (url ? !isLoopback(url.hostname) : graphConfigured && !value(setting))
        remote.push({ setting, value: url?.origin ?? null });
    }
  }
  return { allowed, present, remote };
}

/**
 * Why `cadence serve` will not run with these development settings, in one
 * line naming the setting; null when it may (none present, or the flag with
 * everything on this machine).
 */
export function developmentRefusal(review: DevelopmentReview): string | null {
  const also = (names: string[]): string => (names.length > 0 ? ` (and ${names.join(', ')})` : '');
  if (review.allowed) {
    const [first, ...rest] = review.remote;
    if (!first) return null;
    const where = first.value === null ? "unset, so Microsoft's own" : first.value;
    return `${DEVELOPMENT_FLAG}=1 takes development settings only with everything on this machine, and ${first.setting} is ${where}, not loopback${also(rest.map((r) => r.setting))}: unset ${DEVELOPMENT_FLAG} in production (${DEVELOPMENT_DOCS})`;
  }
  const [first, ...rest] = review.present;
  if (!first) return null;
  return `${first.setting} is ${first.value}: ${first.risk}${also(rest.map((s) => s.setting))}. A development setting: cadence serve takes it only with ${DEVELOPMENT_FLAG}=1 and everything on this machine (${DEVELOPMENT_DOCS})`;
}
