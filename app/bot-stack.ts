/**
 * Wires the Teams bot: the assistant over the store, the bot endpoint (with
 * its readiness checks), the outbox sender (proactive messages at Teams'
 * limits, in working hours) and the job runner. The same in production and in
 * the embedded mode; only the configuration differs.
 */
import { hostname } from 'node:os';
import {
  CadenceBot,
  cardForOutboxItem,
  RateLimiter,
  sendWithAdapter,
  startBotServer,
  teamsDelivery,
  type BotServer,
} from '../bot/index.ts';
import { attachmentOf } from '../cards/index.ts';
import type { GraphClient } from '../graph/index.ts';
import {
  assistantStore,
  bookingStore,
  conversationReferenceFor,
  markPersonUninstalled,
  markUninstalled,
  outboxStore,
  groupMeetingReader,
  coverStore,
  groupRecordingWriter,
  lostSessionStore,
  agreementStore,
  recordingWriter,
  saveConversationReference,
  teamReader,
  type Database,
} from '../store/index.ts';
import {
  OverdueCache,
  type AssistantDeps,
  type CalendarPort,
  type Clock,
  type EventLog,
} from '../supervision/index.ts';
import { drainOutbox } from '../supervision/outbox.ts';
import { systemClock } from './clock.ts';
import type { Config } from './config.ts';
import { productJobs } from './job-list.ts';
import { startJobRunner, type JobRunner, type JobRunReport } from './jobs.ts';
import { errorFields } from './logger.ts';
import { readinessChecks } from './readiness.ts';

export interface BotStack {
  server: BotServer;
  deps: AssistantDeps;
  jobs: JobRunner;
  /** Runs every job due now, once across instances (the timer does this every interval). */
  runJobs(): Promise<unknown>;
  /** Sends what is due in the outbox now (the timer does this every few seconds). */
  drainNow(): Promise<number>;
  /** This instance's name in claims and logs. */
  instance: string;
  /**
   * Stops the background work: no new outbox pass or job run starts, the
   * ones in hand finish, and the outbox messages this instance claimed are
   * released for another instance at once (rather than when their lease runs out).
   */
  stopBackground(): Promise<void>;
  /** stopBackground, then closes the server (without waiting for turns: `server.drain` does that first in a graceful stop). */
  stop(): Promise<void>;
}

/**
 * How long a message waits for its recipient to install the app (or to
 * reinstall it) and is still worth sending: a week-old preparation prompt or
 * digest would only be noise; the current state is in the commands.
 */
export const WAITING_KEPT_DAYS = 7;

export interface BotStackOptions {
  db: Database;
  config: Config;
  clock: Clock;
  calendar: CalendarPort | null;
  /** The Graph client behind `calendar`, for the readiness check; null or absent when Graph is not configured. */
  graphClient?: GraphClient | null;
  log: EventLog;
  /** Run the job runner and the outbox sender (off in some tests, which call them by hand). */
  background?: boolean;
  /** How often the outbox is looked at. */
  outboxIntervalMs?: number;
  /** config.instance, or hostname:pid, when absent. */
  instance?: string;
  /** How long Book waits for booking before answering "under way" (bot/booking-turn.ts). */
  answerWithinMs?: number;
}

/**
 * How long a stop waits for bookings running in the background. Shorter than
 * the platform's 30 s between SIGTERM and SIGKILL; a booking cut short is
 * finished from its card (Finish booking) or by `cadence book`, since its
 * intents are in the store.
 */
export const BOOKINGS_GRACE_MS = 15_000;

export function assistantDeps(
  db: Database,
  config: Config,
  clock: Clock,
  calendar: CalendarPort | null,
): AssistantDeps {
  const store = assistantStore(db);
  return {
    store,
    inTransaction: (work) => db.transaction((tx) => work(assistantStore(tx))),
    team: teamReader(db),
    recording: (work) => db.transaction((tx) => work(recordingWriter(tx))),
    groups: groupMeetingReader(db),
    groupRecording: (work) => db.transaction((tx) => work(groupRecordingWriter(tx))),
    lost: lostSessionStore(db),
    agreements: (work) => db.transaction((tx) => work(agreementStore(tx))),
    cover: (work) => db.transaction((tx) => work(coverStore(tx))),
    booking: calendar ? { store: bookingStore(db), calendar } : null,
    outbox: outboxStore(db),
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
  const instance = options.instance ?? config.instance ?? `${hostname()}:${process.pid}`;
  const deps = assistantDeps(db, config, clock, options.calendar);
  const outbox = outboxStore(db);
  // The reference each person was last saved with: a message that brings the same one writes nothing.
  const saved = new Map<string, string>();
  const bot = new CadenceBot({
    deps,
    tenantId: config.bot.tenantId,
    log,
    ...(options.answerWithinMs !== undefined && { answerWithinMs: options.answerWithinMs }),
    conversations: {
      save: async (aad, reference) => {
        // The activity id differs on every message; the rest is what a proactive message needs.
        const text = JSON.stringify({ ...reference, activityId: undefined });
        if (saved.get(aad) === text) return false;
        const known =
          (
            await db.query(
              'SELECT 1 FROM conversation_refs WHERE aad_object_id = $1 AND installed',
              [aad],
            )
          ).length > 0;
        const personId = await saveConversationReference(db, aad, reference);
        saved.set(aad, text);
        if (!known && personId !== null) {
          // They can be reached now: what waited for them goes out (what waited too long is dropped).
          const due = await outbox.wakeRecipient(
            personId,
            new Date(clock.now().getTime() - WAITING_KEPT_DAYS * 86_400_000),
          );
          if (due > 0) log({ event: 'outbox-woken', actor: personId, count: due });
        }
        return !known;
      },
      uninstalled: async (aad) => {
        saved.delete(aad);
        await markUninstalled(db, aad);
      },
    },
  });
  const credentials = {
    appId: config.bot.appId,
    appPassword: config.bot.appPassword,
    appType: config.bot.appType,
    tenantId: config.bot.tenantId,
  };
  const server = await startBotServer({
    bot,
    credentials,
    host: config.bot.host,
    port: config.bot.port,
    onError: (error) => log({ event: 'turn-error', level: 'error', ...errorFields(error) }),
    log,
    readiness: readinessChecks({ db, graph: options.graphClient ?? null }),
  });

  const delivery = teamsDelivery({
    references: async (personId) => conversationReferenceFor(db, personId),
    render: async (item) => {
      const card = await cardForOutboxItem(deps, item);
      return card && { type: 'message', attachments: [attachmentOf(card)] };
    },
    send: sendWithAdapter(server.adapter, credentials),
    limiter: new RateLimiter(),
    gone: async (personId) => {
      await markPersonUninstalled(db, personId);
      // Their next message must save their reference again (and so reinstall them), not find it cached.
      saved.clear();
    },
  });
  let stopped = false;
  const drainNow = async () => {
    let sent = 0;
    // A stop ends the loop between batches: a long queue must not hold the shutdown up.
    while (!stopped) {
      const report = await drainOutbox(
        { store: outbox, delivery, clock, instance, wallClock: systemClock },
        { batch: 50, leaseMs: config.leaseSeconds * 1000, maxAttempts: 8 },
      );
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
    jobs: productJobs({
      db,
      clock,
      config,
      outbox,
      ...(options.calendar ? { calendar: options.calendar } : {}),
    }),
    intervalMs: config.jobIntervalSeconds * 1000,
    leaseMs: config.leaseSeconds * 1000,
    retryFailedAfterMs: config.jobRetrySeconds * 1000,
    onReport: (report) => {
      // A job may have changed what is overdue (booking, reconciliation).
      deps.overdueCache?.clear();
      log(jobEvent(report));
    },
    // A pass that could not run at all, or a lease not renewed (the database unreachable, say); the next interval tries again.
    onError: (error) => log({ event: 'job-runner-error', level: 'warn', ...errorFields(error) }),
  });
  // Without background work the runner's timer is stopped at once; runJobs() still runs a pass.
  if (!background) await jobs.stop();
  let draining: Promise<unknown> = Promise.resolve();
  const timer = background
    ? setInterval(() => {
        // A pass that fails (the database restarting, say) is logged; the next interval tries again.
        draining = draining
          .then(() => drainNow())
          .catch((error: unknown) =>
            log({ event: 'outbox-pass-failed', level: 'warn', ...errorFields(error) }),
          );
      }, options.outboxIntervalMs ?? 5_000)
    : null;

  let backgroundStopped: Promise<void> | null = null;
  const stopBackground = () =>
    (backgroundStopped ??= (async () => {
      stopped = true;
      if (timer) clearInterval(timer);
      let grace: ReturnType<typeof setTimeout> | undefined;
      await Promise.all([
        jobs.stop(),
        draining,
        Promise.race([
          bot.bookings.idle(),
          new Promise<void>((resolve) => (grace = setTimeout(resolve, BOOKINGS_GRACE_MS))),
        ]).finally(() => clearTimeout(grace)),
      ]);
      const released = await outbox.release(instance);
      log({ event: 'outbox-released', count: released });
    })());

  return {
    server,
    deps,
    jobs,
    instance,
    runJobs: () => jobs.runOnce(),
    drainNow,
    stopBackground,
    stop: async () => {
      await stopBackground();
      await server.close();
    },
  };
}

/** A job's report as a log line: the outcome is ids and counts (JobDefinition's contract); a failure's text stays in job_runs. */
export function jobEvent(report: JobRunReport): Parameters<EventLog>[0] {
  const common = { event: 'job', job: report.job, runKey: report.runKey, status: report.status };
  if (report.status === 'ran') return { ...common, detail: report.outcome };
  // Failed (its message stays in job_runs), or lost: it ran, but its lease lapsed meanwhile (the database out of reach) and another instance took the run over.
  // A failure says what kind (the error's class and code, e.g. GraphRequestError SyncStateNotFound), never its message.
  if (report.status === 'failed')
    return { ...common, level: 'warn', ...errorFields(report.thrown) };
  if (report.status === 'lost') return { ...common, level: 'warn' };
  // Another instance has it, or it ran already: every interval says so, which is only worth seeing when debugging.
  return { ...common, level: 'debug' };
}
