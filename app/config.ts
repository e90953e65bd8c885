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
});

export interface Config {
  /** A PostgreSQL server; when absent, PGlite embedded in `dataDir`. */
  databaseUrl?: string;
  dataDir: string;
  /** Who the CLI acts as in the audit log. */
  actor: string;
  /** Working days to record a session where the policy sets no deadline (a council setting). */
  defaultRecordWorkingDays: number;
}

export function readConfig(env: Record<string, string | undefined> = process.env): Config {
  const result = schema.safeParse(env);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new CadenceError(`configuration: ${issue.path.join('.')} ${issue.message}`);
  }
  const { DATABASE_URL, CADENCE_DATA_DIR, CADENCE_ACTOR, CADENCE_DEFAULT_RECORD_WORKING_DAYS } = result.data;
  return {
    ...(DATABASE_URL && { databaseUrl: DATABASE_URL }),
    dataDir: CADENCE_DATA_DIR,
    actor: CADENCE_ACTOR ?? `cli:${env.USER ?? 'unknown'}`,
    defaultRecordWorkingDays: CADENCE_DEFAULT_RECORD_WORKING_DAYS,
  };
}

/** What the configuration is, with secrets left out, for the start-up log. */
export function describeConfig(config: Config): string {
  const database = config.databaseUrl ? `PostgreSQL at ${new URL(config.databaseUrl).host}` : `PGlite in ${config.dataDir}`;
  return `database: ${database}`;
}
