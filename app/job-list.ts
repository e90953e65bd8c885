/**
 * The product's scheduled jobs, as functions of the wired dependencies:
 *
 * - `prompts`, every 5 minutes: what chasing is due (supervision/prompts.ts),
 *   put in the outbox; keys make a second scan add nothing;
 * - `ladder`, once a working day from 09:00 London: what stays overdue climbs
 *   the escalation ladder (supervision/escalation-ladder.ts), one message a
 *   day at most to each person;
 * - `daily-booking`, once a day from 06:00 London: what `cadence daily` does —
 *   take the relationships a roster import ended out of Outlook, notice what
 *   changed in Outlook, then book the horizon forward for every
 *   relationship booked `automatic` (not those the supervisor books from Teams);
 *   a failure to reconcile never stops the booking (app/daily-run.ts), and the
 *   outcome names every supervisor's calendar that could not be reconciled;
 * - `retention`, once a day from 02:00 London: what `cadence retention` does —
 *   remove supervision data older than CADENCE_RETENTION_YEARS (none when unset),
 *   operational rows (outbox, job runs, nonces) older than 90 days, and the
 *   Teams conversation references of people not in the roster unused for 30
 *   days (these two also when the setting is unset).
 *
 * Draining the outbox is the bot's sender, not a job here.
 */
import { isWorkingDay, londonDate, londonDateTime } from '../rules/index.ts';
import { ladderReader, promptReader, type Database } from '../store/index.ts';
import type { CalendarPort, Clock } from '../supervision/index.ts';
import { outboxStore } from '../store/outbox.ts';
import type { OutboxStore } from '../supervision/ports/outbox.ts';
import { promptsDue, type SkipReason } from '../supervision/prompts.ts';
import { LADDER_TIME, ladderDue } from '../supervision/escalation-ladder.ts';
import type { Config } from './config.ts';
import { dailyRun } from './daily-run.ts';
import { everyMinutes, type JobDefinition } from './jobs.ts';
import { openGraph } from './open-graph.ts';
import { runRetention } from './retention/index.ts';

export interface JobListDeps {
  db: Database;
  clock: Clock;
  config: Config;
  /** Where prompts go; `outboxStore(db)` when absent. */
  outbox?: OutboxStore;
  /** The calendar for daily booking; opened from `config.graph` when absent, and the job skipped when neither is there. */
  calendar?: CalendarPort;
}

export const PROMPTS_EVERY_MINUTES = 5;
/** Daily booking starts from this London time, before anyone is at work. */
export const DAILY_BOOKING_FROM = '06:00';
/** Retention runs from this London time, when no one is recording. */
export const RETENTION_FROM = '02:00';

export function promptsJob(deps: JobListDeps): JobDefinition {
  const reader = promptReader(deps.db);
  const outbox = deps.outbox ?? outboxStore(deps.db);
  return {
    name: 'prompts',
    runKey: everyMinutes(PROMPTS_EVERY_MINUTES),
    run: async (now) => {
      const { messages, skipped } = await promptsDue(reader, now, {
        preparationWorkingDays: deps.config.preparationWorkingDays,
        defaultRecordWorkingDays: deps.config.defaultRecordWorkingDays,
      });
      const added = await outbox.enqueue(messages);
      const held: Partial<Record<SkipReason, number>> = {};
      for (const skip of skipped) held[skip.reason] = (held[skip.reason] ?? 0) + 1;
      return { due: messages.length, added, skipped: held };
    },
  };
}

export function ladderJob(deps: JobListDeps): JobDefinition {
  const reader = ladderReader(deps.db);
  const outbox = deps.outbox ?? outboxStore(deps.db);
  return {
    name: 'ladder',
    runKey: (now) => {
      const today = londonDate(now);
      return isWorkingDay(today) && londonDateTime(now).slice(11, 16) >= LADDER_TIME ? today : null;
    },
    run: async (now) => {
      const { messages, skipped } = await ladderDue(reader, now, {
        defaultRecordWorkingDays: deps.config.defaultRecordWorkingDays,
      });
      const added = await outbox.enqueue(messages);
      const held: Partial<Record<SkipReason, number>> = {};
      for (const skip of skipped) held[skip.reason] = (held[skip.reason] ?? 0) + 1;
      return {
        due: messages.length,
        added,
        entries: messages.reduce(
          (sum, m) => sum + (JSON.parse(String(m.payload.entries)) as unknown[]).length,
          0,
        ),
        skipped: held,
      };
    },
  };
}

export function dailyBookingJob(deps: JobListDeps): JobDefinition {
  return {
    name: 'daily-booking',
    runKey: (now) =>
      londonDateTime(now).slice(11, 16) >= DAILY_BOOKING_FROM ? londonDate(now) : null,
    run: async () => {
      let calendar = deps.calendar;
      let client: ReturnType<typeof openGraph>['client'] | null = null;
      if (!calendar) {
        if (!deps.config.graph)
          return {
            skipped:
              'Microsoft Graph is not configured (GRAPH_TENANT_ID, GRAPH_CLIENT_ID, GRAPH_CLIENT_SECRET): nothing to reconcile or book',
          };
        const graph = openGraph(deps.config);
        calendar = graph.calendar;
        client = graph.client;
      }
      const { ended, endingError, reconciled, reconcileError, booked } = await dailyRun({
        db: deps.db,
        calendar,
        clock: deps.clock,
        config: deps.config,
      });
      return {
        ended: ended
          ? {
              relationships: ended.ended,
              shortened: ended.shortened,
              deleted: ended.deleted,
              failures: ended.failures.map((failure) => failure.relationshipId),
            }
          : {
              failed: true,
              error: endingError instanceof Error ? endingError.name : 'Error',
              code: (endingError as { code?: unknown } | null)?.code ?? null,
            },
        reconcile: reconciled
          ? {
              mailboxes: reconciled.mailboxes,
              reconciled: reconciled.reconciled,
              resynced: reconciled.resynced,
              moved: reconciled.moved,
              lost: reconciled.lost.map((lost) => ({
                sessionId: lost.session.id,
                what: lost.what,
                proposal: lost.proposal?.start.toISOString() ?? null,
              })),
              // For administrators: whose calendar, what Outlook said (status and code), since when.
              unreconciled: reconciled.unreconciled.map((u) => ({
                mailbox: u.mailbox,
                problem: u.problem,
                detail: u.detail,
                since: u.since.toISOString(),
                skipped: u.skipped,
              })),
            }
          : // The error's class and code only: the log never carries an error's message (docs/operations.md).
            {
              failed: true,
              error: reconcileError instanceof Error ? reconcileError.name : 'Error',
              code: (reconcileError as { code?: unknown } | null)?.code ?? null,
            },
        book: booked
          ? {
              ...booked.booked,
              resumed: booked.resumed,
              adopted: booked.adopted,
              failures: booked.failures.map((failure) => failure.relationshipId),
              teamsLinkMissing: booked.teamsLinkMissing.map((missing) => missing.relationshipId),
            }
          : { skipped: 'graph-unreachable' },
        ...(client && { graph: { ...client.usage } }),
      };
    },
  };
}

export function retentionJob(deps: JobListDeps): JobDefinition {
  return {
    name: 'retention',
    runKey: (now) => (londonDateTime(now).slice(11, 16) >= RETENTION_FROM ? londonDate(now) : null),
    run: async (now) => ({
      ...(await runRetention(deps.db, {
        years: deps.config.retentionYears,
        dryRun: false,
        actor: 'job:retention',
        now,
      })),
    }),
  };
}

/** Every scheduled job the product runs. */
export function productJobs(deps: JobListDeps): JobDefinition[] {
  return [promptsJob(deps), ladderJob(deps), dailyBookingJob(deps), retentionJob(deps)];
}
