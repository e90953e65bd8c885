/**
 * Configuration: the environment, parsed once at start with zod. The only
 * module that reads `process.env`; a missing or bad variable is named.
 */
import { z } from 'zod';
import { CadenceError } from '../rules/index.ts';

const schema = z.object({
  DATABASE_URL: z.string().url('must be a postgres:// connection string').optional(),
  CADENCE_DATA_DIR: z.string().min(1).default('./data'),
  CADENCE_ACTOR: z.string().min(1).optional(),
  CADENCE_DEFAULT_RECORD_WORKING_DAYS: z.coerce.number().int().min(0).max(30).default(5),
  CADENCE_BOOKING_MONTHS: z.coerce.number().int().min(3, 'must be at least 3 (policies ask for three months ahead)').max(12).default(3),
  CADENCE_SESSION_MINUTES: z.coerce.number().int().min(15).max(240).default(60),
  GRAPH_BASE_URL: z.string().url().optional(),
  GRAPH_TENANT_ID: z.string().min(1).optional(),
  GRAPH_CLIENT_ID: z.string().min(1).optional(),
  GRAPH_CLIENT_SECRET: z.string().min(1).optional(),
  GRAPH_AUTHORITY_HOST: z.string().url().optional(),
  GRAPH_AUTHORITY_CA_FILE: z.string().min(1).optional(),
});

export interface Config {
  /** A PostgreSQL server; when absent, PGlite embedded in `dataDir`. */
  databaseUrl?: string;
  dataDir: string;
  /** Who the CLI acts as in the audit log. */
  actor: string;
  /** Working days to record a session where the policy sets no deadline (a council setting). */
  defaultRecordWorkingDays: number;
  /** Months ahead to book (the policy's horizon wins when longer). */
  bookingMonths: number;
  sessionMinutes: number;
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

export function readConfig(env: Record<string, string | undefined> = process.env): Config {
  const result = schema.safeParse(env);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new CadenceError(`configuration: ${issue.path.join('.')} ${issue.message}`);
  }
  const { DATABASE_URL, CADENCE_DATA_DIR, CADENCE_ACTOR, CADENCE_DEFAULT_RECORD_WORKING_DAYS, CADENCE_BOOKING_MONTHS, CADENCE_SESSION_MINUTES } = result.data;
  const { GRAPH_BASE_URL, GRAPH_TENANT_ID, GRAPH_CLIENT_ID, GRAPH_CLIENT_SECRET, GRAPH_AUTHORITY_HOST, GRAPH_AUTHORITY_CA_FILE } = result.data;
  const graphParts = [GRAPH_TENANT_ID, GRAPH_CLIENT_ID, GRAPH_CLIENT_SECRET];
  if (graphParts.some(Boolean) && !graphParts.every(Boolean)) {
    const missing = ['GRAPH_TENANT_ID', 'GRAPH_CLIENT_ID', 'GRAPH_CLIENT_SECRET'].filter((_, i) => !graphParts[i]);
    throw new CadenceError(`configuration: ${missing.join(', ')} missing; Microsoft Graph needs the tenant, the app's client id and its secret`);
  }
  return {
    ...(DATABASE_URL && { databaseUrl: DATABASE_URL }),
    dataDir: CADENCE_DATA_DIR,
    actor: CADENCE_ACTOR ?? `cli:${env.USER ?? 'unknown'}`,
    defaultRecordWorkingDays: CADENCE_DEFAULT_RECORD_WORKING_DAYS,
    bookingMonths: CADENCE_BOOKING_MONTHS,
    sessionMinutes: CADENCE_SESSION_MINUTES,
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

/** What the configuration is, with secrets left out, for the start-up log. */
export function describeConfig(config: Config): string {
  const database = config.databaseUrl ? `PostgreSQL at ${new URL(config.databaseUrl).host}` : `PGlite in ${config.dataDir}`;
  const graph = config.graph ? `Graph at ${config.graph.baseUrl ?? 'https://graph.microsoft.com'} as app ${config.graph.clientId}` : 'Graph not configured';
  return `database: ${database}; ${graph}`;
}
