/**
 * Wires the Teams bot: the assistant over the store, the bot endpoint, the
 * outbox sender (proactive messages at Teams' limits, in working hours) and
 * the job runner. The same in production and in the embedded mode; only the
 * configuration differs.
 */
import { hostname } from 'node:os';
import { CadenceBot, type TurnLog } from '../bot/handler.ts';
import { cardForOutboxItem } from '../bot/outbox-cards.ts';
import { RateLimiter } from '../bot/rate-limit.ts';
import { startBotServer, type BotServer } from '../bot/server.ts';
import { sendWithAdapter, teamsDelivery } from '../bot/teams-delivery.ts';
import { attachmentOf } from '../cards/index.ts';
import {
  assistantStore,
  bookingStore,
  conversationReferenceFor,
  markPersonUninstalled,
  markUninstalled,
  outboxStore,
  recordingWriter,
  saveConversationReference,
  teamReader,
  type Database,
} from '../store/index.ts';
import { OverdueCache, type AssistantDeps, type AssistantStore, type CalendarPort, type Clock, type MessageKind } from '../supervision/index.ts';
import { drainOutbox } from '../supervision/outbox.ts';
import type { Config } from './config.ts';
import { productJobs } from './job-list.ts';
import { startJobRunner, type JobRunner } from './jobs.ts';

export interface BotStack {
  server: BotServer;
  deps: AssistantDeps;
  jobs: JobRunner;
  /** Runs every job due now, once across instances (the timer does this every interval). */
  runJobs(): Promise<unknown>;
  /** Sends what is due in the outbox now (the timer does this every few seconds). */
  drainNow(): Promise<number>;
  stop(): Promise<void>;
}

export interface BotStackOptions {
  db: Database;
  config: Config;
  clock: Clock;
  calendar: CalendarPort | null;
  log: TurnLog;
  /** Run the job runner and the outbox sender (off in some tests, which call them by hand). */
  background?: boolean;
  /** How often the outbox is looked at. */
  outboxIntervalMs?: number;
  instance?: string;
}

export function assistantDeps(db: Database, config: Config, clock: Clock, calendar: CalendarPort | null): AssistantDeps {
  const store = assistantStore(db) as AssistantStore;
  return {
    store,
    inTransaction: (work) => db.transaction((tx) => work(assistantStore(tx) as AssistantStore)),
    team: teamReader(db),
    recording: (work) => db.transaction((tx) => work(recordingWriter(tx))),
    booking: calendar ? { store: bookingStore(db), calendar } : null,
    outbox: outboxStore<MessageKind>(db),
    clock,
    overdueCache: new OverdueCache(clock),
    options: {
      defaultRecordWorkingDays: config.defaultRecordWorkingDays,
      bookingMonths: config.bookingMonths,
      sessionMinutes: config.sessionMinutes,
      upcomingWeeks: 8,
      admins: config.admins,
    },
  };
}

export async function startBotStack(options: BotStackOptions): Promise<BotStack> {
  const { db, config, clock, log } = options;
  const instance = options.instance ?? `${hostname()}:${process.pid}`;
  const deps = assistantDeps(db, config, clock, options.calendar);
  // The reference each person was last saved with: a message that brings the same one writes nothing.
  const saved = new Map<string, string>();
  const bot = new CadenceBot({
    deps,
    log,
    conversations: {
      save: async (aad, reference) => {
        // The activity id differs on every message; the rest is what a proactive message needs.
        const text = JSON.stringify({ ...reference, activityId: undefined });
        if (saved.get(aad) === text) return false;
        const known = (await db.query('SELECT 1 FROM conversation_refs WHERE aad_object_id = $1 AND installed', [aad])).length > 0;
        await saveConversationReference(db, aad, reference);
        saved.set(aad, text);
        return !known;
      },
      uninstalled: async (aad) => {
        saved.delete(aad);
        await markUninstalled(db, aad);
      },
    },
  });
  const credentials = { appId: config.bot.appId, appPassword: config.bot.appPassword, appType: config.bot.appType, tenantId: config.bot.tenantId };
  const server = await startBotServer({
    bot,
    credentials,
    host: config.bot.host,
    port: config.bot.port,
    onError: (error) => log({ event: 'turn-error', error: error instanceof Error ? error.name : 'unknown' }),
  });

  const outbox = outboxStore<MessageKind>(db);
  const delivery = teamsDelivery({
    references: async (personId) => conversationReferenceFor(db, personId),
    render: async (item) => {
      const card = await cardForOutboxItem(deps, item);
      return card && { type: 'message', attachments: [attachmentOf(card)] };
    },
    send: sendWithAdapter(server.adapter, credentials),
    limiter: new RateLimiter(),
    gone: (personId) => markPersonUninstalled(db, personId),
  });
  const drainNow = async () => {
    let sent = 0;
    for (;;) {
      const report = await drainOutbox({ store: outbox, delivery, clock, instance }, { batch: 50, leaseMs: 60_000, maxAttempts: 8 });
      sent += report.sent;
      if (report.claimed === 0 || report.claimed === report.deferred) break;
    }
    return sent;
  };

  const background = options.background ?? true;
  const jobs = startJobRunner({
        db,
        clock,
        instance,
        jobs: productJobs({ db, clock, config, outbox, ...(options.calendar ? { calendar: options.calendar } : {}) }),
        intervalMs: config.jobIntervalSeconds * 1000,
        onReport: (report) => {
          // A job may have changed what is overdue (booking, reconciliation).
          deps.overdueCache?.clear();
          log({ event: 'job', outcome: JSON.stringify(report).slice(0, 300) });
        },
      });
  // Without background work the runner's timer is stopped at once; runJobs() still runs a pass.
  if (!background) await jobs.stop();
  let draining: Promise<unknown> = Promise.resolve();
  let stopped = false;
  const timer = background
    ? setInterval(() => {
        draining = draining.then(() => drainNow()).catch((error: unknown) => log({ event: 'outbox-error', error: error instanceof Error ? error.message : 'unknown' }));
      }, options.outboxIntervalMs ?? 5_000)
    : null;

  return {
    server,
    deps,
    jobs,
    runJobs: () => jobs.runOnce(),
    drainNow,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      if (timer) clearInterval(timer);
      await jobs.stop();
      await draining;
      await outbox.release(instance);
      await server.close();
    },
  };
}
