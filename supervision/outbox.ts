/**
 * Sending what the outbox holds: claim a batch, deliver each message in its
 * recipient's working hours, and settle it (sent, retry later, or given up).
 *
 * Once, as far as it can be: a message is claimed by one instance at a time
 * (SKIP LOCKED and a lease) and marked sent as soon as Teams has accepted it.
 * What it cannot rule out is a crash between Teams accepting a message and
 * `markSent` (or a database outage longer than a lease there: `markSent` is
 * retried through a short one): the lease then runs out and another
 * instance sends it again. Teams offers no idempotency key for sending, so
 * that window can only be kept short; a duplicate reminder was judged better
 * than a lost escalation (marking a message "sending" before the call would
 * turn the same crash into a message never sent). The same holds if a
 * delivery outlasts its lease: so that it does not, messages to one
 * recipient are sent one after another and none is started once its lease
 * is nearly spent (it is deferred, untouched, to the next drain).
 *
 * Working hours are checked when a message's turn comes, before the rate
 * limiter's wait; a message can therefore go out up to a batch's sending
 * time after the end of the day (a batch of 500 takes 10 s at 50 a second).
 */
import {
  DEFAULT_WORKING_HOURS,
  isWithinWorkingHours,
  nextWorkingInstant,
  type MessagingHours,
} from './working-hours.ts';
import type { Clock, Delivery, OutboxItem, OutboxStore } from './ports/index.ts';

export interface DrainDeps {
  store: OutboxStore;
  delivery: Delivery;
  clock: Clock;
  /** Names this sender in claims (host and process, say). */
  instance: string;
  /** Everyone's, until Cadence reads each person's (see working-hours.ts). */
  workingHours?: MessagingHours;
  /**
   * Real time, to measure how much of the claim's lease is left (the store
   * keeps leases in the database's time). The business clock when absent,
   * which is the same unless it is pinned (CADENCE_TODAY): pinned, it would
   * never see the lease run short.
   */
  wallClock?: Clock;
}

export interface DrainOptions {
  /** Messages claimed at once. Keep it well under what the rate limit sends in a lease: 50 a second. */
  batch: number;
  leaseMs: number;
  /** Attempts (counting this one) after which a message that keeps failing is given up. */
  maxAttempts: number;
  /**
   * Recipients served at once (default 64). More gains nothing at 50 sends a
   * second and front-loads work: every delivery looks up its reference
   * before it waits for the limiter.
   */
  concurrency?: number;
}

export interface DrainReport {
  claimed: number;
  sent: number;
  /** Settled without sending: nothing to say any more (the delivery returned ok with no activity and `skipped`). */
  skipped: number;
  retried: number;
  undeliverable: number;
  /** Put back untried: outside working hours, or too little lease left. */
  deferred: number;
  /** Held until the recipient installs the app (no conversation to send to). */
  waiting: number;
}

/** What a delivery may add to an ok result: the message no longer needed sending. */
export interface SkippedDelivery {
  ok: true;
  activityId: null;
  skipped: string;
}

/** A lease with less than this fraction left is not used to start a delivery. */
const LEASE_RESERVE = 0.25;

/**
 * Teams has the message: recording that must outlast a short database outage
 * (a restart, a failover), or the lease runs out and another instance sends
 * it again. Ten tries a tenth of a lease apart; past that the duplicate is
 * the price (see the top of this file).
 */
async function markSentPersistently(write: () => Promise<void>, leaseMs: number): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await write();
    } catch (error) {
      if (attempt >= 10) throw error;
      await new Promise((resolve) => setTimeout(resolve, leaseMs / 10));
    }
  }
}

/** Claims one batch and settles every message in it. Call it again until `claimed` is 0. */
export async function drainOutbox(deps: DrainDeps, options: DrainOptions): Promise<DrainReport> {
  const { store, delivery, clock, instance } = deps;
  const hours = deps.workingHours ?? DEFAULT_WORKING_HOURS;
  const wall = deps.wallClock ?? clock;
  const claimedAt = wall.now().getTime();
  const items = await store.claim(instance, clock.now(), options.batch, options.leaseMs);
  const report: DrainReport = {
    claimed: items.length,
    sent: 0,
    skipped: 0,
    retried: 0,
    undeliverable: 0,
    deferred: 0,
    waiting: 0,
  };
  const startBy = claimedAt + options.leaseMs * (1 - LEASE_RESERVE);

  const putBack = async (item: OutboxItem, at: Date, reason: string) => {
    await store.defer(item.id, at, reason);
    report.deferred += 1;
  };

  const settle = async (item: OutboxItem) => {
    const now = clock.now();
    if (!isWithinWorkingHours(now, hours))
      return putBack(item, nextWorkingInstant(now, hours), 'outside working hours');
    if (wall.now().getTime() > startBy)
      return putBack(item, now, 'lease nearly spent before its turn');
    let result;
    try {
      result = await delivery.deliver(item);
    } catch (error) {
      // A delivery should answer rather than throw; treat a throw as passing.
      result = {
        ok: false as const,
        retry: true as const,
        retryAfterMs: 60_000,
        reason: `delivery threw: ${error instanceof Error ? error.message : String(error)}`,
      };
    }
    const done = clock.now();
    if (result.ok) {
      await markSentPersistently(
        () => store.markSent(item.id, done, result.activityId),
        options.leaseMs,
      );
      if ((result as Partial<SkippedDelivery>).skipped) report.skipped += 1;
      else report.sent += 1;
    } else if ('wait' in result) {
      await store.waitForRecipient(item.id, result.reason);
      report.waiting += 1;
    } else if (!result.retry) {
      await store.markUndeliverable(item.id, result.reason);
      report.undeliverable += 1;
    } else if (item.attempts + 1 >= options.maxAttempts) {
      await store.markUndeliverable(
        item.id,
        `gave up after ${item.attempts + 1} attempts: ${result.reason}`,
      );
      report.undeliverable += 1;
    } else {
      await store.retryLater(
        item.id,
        new Date(done.getTime() + result.retryAfterMs),
        result.reason,
      );
      report.retried += 1;
    }
  };

  // One recipient's messages in order, one at a time; `concurrency` recipients
  // side by side (the delivery's rate limiter paces them across conversations).
  const byRecipient = new Map<number, OutboxItem[]>();
  for (const item of items) {
    const list = byRecipient.get(item.recipientId);
    if (list) list.push(item);
    else byRecipient.set(item.recipientId, [item]);
  }
  const queue = [...byRecipient.values()];
  const worker = async () => {
    for (let list = queue.shift(); list; list = queue.shift()) {
      for (const item of list) await settle(item);
    }
  };
  const outcomes = await Promise.allSettled(
    Array.from({ length: Math.min(queue.length, options.concurrency ?? 64) }, worker),
  );
  // A store failure stops that recipient's run; the rest finish first, and what was not settled comes back when the lease ends.
  const failure = outcomes.find((o) => o.status === 'rejected');
  if (failure) throw failure.reason;
  return report;
}
