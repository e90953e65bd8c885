/**
 * The production stack `cadence serve` runs: the configured database
 * (PostgreSQL from DATABASE_URL; PGlite only for a single-instance trial),
 * migrated; Microsoft Graph from the GRAPH_* settings (booking off without
 * them); the bot on CADENCE_BOT_HOST:PORT with /healthz and /readyz; the job
 * runner and the outbox sender. Everything is logged through pino.
 */
import { hostname } from 'node:os';
import { assertSafeBinding, UnsafeBindingError } from '../bot/index.ts';
import type { GraphClient } from '../graph/index.ts';
import { CadenceError } from '../rules/index.ts';
import type { Database } from '../store/index.ts';
import type { CalendarPort, Clock } from '../supervision/index.ts';
import { startBotStack, type BotStack } from './bot-stack.ts';
import { developmentRefusal, type Config } from './config.ts';
import { errorFields, eventLog, type Logger } from './logger.ts';
import { openDatabase } from './open-database.ts';
import { openGraph } from './open-graph.ts';

export interface Production {
  db: Database;
  stack: BotStack;
  instance: string;
}

/** This process's name: CADENCE_INSTANCE, or host and process id (unique on one host, readable in a claim). */
export function instanceName(config: Config): string {
  return config.instance ?? `${hostname()}:${process.pid}`;
}

export async function startProduction(
  config: Config,
  clock: Clock,
  logger: Logger,
): Promise<Production> {
  const instance = instanceName(config);
  // Listening beyond localhost without token validation is a configuration to fix: said in one line, before the database is touched.
  try {
    assertSafeBinding(
      {
        appId: config.bot.appId,
        appPassword: config.bot.appPassword,
        appType: config.bot.appType,
        tenantId: config.bot.tenantId,
      },
      config.bot.host,
    );
  } catch (error) {
    if (error instanceof UnsafeBindingError)
      throw new CadenceError(`configuration: ${error.message}`, { cause: error });
    throw error;
  }
  // The Graph emulator's settings, a test CA or Node's TLS switches would send the Graph token where it must not go,
  // or trust anyone: refused here, before the database is touched, unless CADENCE_DEVELOPMENT=1 on this machine only.
  const refusal = developmentRefusal(config.development);
  if (refusal) throw new CadenceError(`configuration: ${refusal}`);
  logger.info({
    event: 'starting',
    database: config.databaseUrl ? 'postgres' : 'pglite',
    graph: config.graph ? 'configured' : 'off',
    authentication: config.bot.appId ? 'on' : 'off',
  });
  if (config.retentionYears === null) {
    // Supervision records are personal data: kept for ever only if nobody chose otherwise (cadence doctor warns too).
    logger.warn({
      event: 'retention-off',
      note: 'CADENCE_RETENTION_YEARS is not set: no supervision record is ever removed; set the years your council keeps them (docs/export.md)',
    });
  }
  if (config.development.allowed) {
    // Said at every start, so a log reader sees at once that this was no production run.
    logger.warn({
      event: 'development-settings',
      settings: config.development.present.map((s) => s.setting),
      note: 'CADENCE_DEVELOPMENT=1: development settings taken, everything on this machine; never in production',
    });
  }
  if (!config.databaseUrl) {
    // PGlite lives in one process's data directory: a second instance could not share it.
    logger.warn({
      event: 'embedded-database',
      dataDir: config.dataDir,
      note: 'PGlite: one instance only; set DATABASE_URL to a PostgreSQL server for production',
    });
  }
  const db = await openDatabase(config, {
    // Which process holds each connection, in pg_stat_activity.
    applicationName: `cadence ${instance}`,
    onConnectionError: (error) =>
      logger.warn({ event: 'database-connection-lost', ...errorFields(error) }),
  });
  let calendar: CalendarPort | null = null;
  let graphClient: GraphClient | null = null;
  if (config.graph) {
    ({ calendar, client: graphClient } = openGraph(config));
  } else {
    logger.warn({
      event: 'booking-off',
      note: 'Microsoft Graph is not configured (GRAPH_TENANT_ID, GRAPH_CLIENT_ID, GRAPH_CLIENT_SECRET): nothing is booked in Outlook',
    });
  }
  let stack: BotStack;
  try {
    stack = await startBotStack({
      db,
      config,
      clock,
      calendar,
      graphClient,
      log: eventLog(logger),
      instance,
    });
  } catch (error) {
    // Nothing is left running when the bot cannot start (a port in use, say).
    await db.close();
    throw error;
  }
  logger.info({ event: 'listening', url: stack.server.url });
  return { db, stack, instance };
}
