/**
 * Proactive messages at Teams' limits: 10,000 reminders drained from the
 * outbox (PGlite) through drainOutbox → teamsDelivery (rate limiter) → the
 * real CloudAdapter → HTTP to the Teams connector emulator, which enforces
 * the same limits and answers 429 when they are broken.
 *
 * 1. 10,000 reminders to 200 conversations (50 each). The app's 50 a second
 *    binds: the best any sender can do is 50 at once and 50 a second after,
 *    199 s. One conversation's 50 need 12 s on their own (8 in 2 s binds;
 *    60 in 30 s would only at more than 60), so the per-thread windows only
 *    shape the order. Reminders are queued round-robin (a batch holds a few
 *    per conversation), as due times interleave in practice.
 * 2. 10,000 reminders to 10,000 conversations: the same bound, 199 s.
 *    Cases 1 and 2 run side by side, as two tenants (each its own database,
 *    emulator, adapter and limiter: Teams' limits are per app per tenant),
 *    so the pair takes 200 s rather than 400 s. Case 2 runs in a child
 *    process: in one process the two shared an event loop, each send waited
 *    longer for it, and (as the limiter counts a send's windows from its
 *    answer) each tenant fell to about 39 a second.
 * 3. No limits anywhere, 2,000 reminders to 2,000 conversations: how fast
 *    Cadence itself goes (claim, reference lookup, card, adapter, HTTP,
 *    markSent on PGlite), the headroom over 50 a second.
 *
 * Today is Tuesday 24 November 2026, 10:00 London (in working hours), and the
 * clock runs from there. Lost = queued keys the emulator never accepted;
 * duplicates = keys it accepted more than once.
 */
import { spawn } from 'node:child_process';
import { resolve as resolvePath } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createAdapter, NO_CREDENTIALS } from '../bot/adapter.ts';
import {
  RateLimiter,
  TEAMS_APP_WINDOWS,
  TEAMS_THREAD_WINDOWS,
  type RateWindow,
} from '../bot/rate-limit.ts';
import { sendWithAdapter, teamsDelivery } from '../bot/teams-delivery.ts';
import {
  conversationReferenceFor,
  migrate,
  openPglite,
  outboxCounts,
  outboxStore,
  type Database,
} from '../store/index.ts';
import type { Clock } from '../supervision/index.ts';
import { drainOutbox, type DrainReport } from '../supervision/outbox.ts';
import type { OutboxMessage } from '../supervision/ports/outbox.ts';
import { startTeamsConnector } from '../test/support/teams-connector.ts';
import type { Figures } from './due-dates.ts';

/**
 * 10,000 as the issue asks: at 50 a second that alone takes 200 s. CI sets
 * BENCH_OUTBOX_MESSAGES lower to stay within its time; the rate at the limit
 * is the same figure either way.
 */
const MESSAGES = Number(process.env.BENCH_OUTBOX_MESSAGES ?? 10_000);
const START = new Date('2026-11-24T10:00:00Z');
const DRAIN = { batch: 500, leaseMs: 120_000, maxAttempts: 5 };
/** The embedded mode's credentials: no app id, so no token is fetched or sent. */
const CREDENTIALS = NO_CREDENTIALS;
const n = (value: number, digits = 0) =>
  value.toLocaleString('en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits });

export interface Case {
  name: string;
  conversations: number;
  messages: number;
  /** Teams' limits on the limiter and the emulator, or none. */
  limits: boolean;
}

export async function benchOutbox(): Promise<Figures[]> {
  const side = await Promise.all([
    runCase({
      name: `outbox: ${n(MESSAGES)} reminders to 200 conversations (${n(MESSAGES / 200)} each), Teams' limits`,
      conversations: 200,
      messages: MESSAGES,
      limits: true,
    }),
    inChildProcess({
      name: `outbox: ${n(MESSAGES)} reminders to ${n(MESSAGES)} conversations, Teams' limits (beside the line above, as another tenant, in a process of its own)`,
      conversations: MESSAGES,
      messages: MESSAGES,
      limits: true,
    }),
  ]);
  const ceiling = await runCase({
    name: 'outbox: 2,000 reminders to 2,000 conversations, no limits (Cadence on PGlite, one process)',
    conversations: 2_000,
    messages: 2_000,
    limits: false,
  });
  return [...side, ceiling];
}

export async function runCase({
  name,
  conversations,
  messages: total,
  limits,
}: Case): Promise<Figures> {
  const setupStarted = performance.now();
  const thread = limits ? TEAMS_THREAD_WINDOWS : [];
  const app = limits ? TEAMS_APP_WINDOWS : [];
  const connector = await startTeamsConnector({ perConversation: thread, global: app });
  const db = await openPglite();
  try {
    await migrate(db);
    const people = await seed(db, conversations, connector.serviceUrl);
    const perPerson = total / conversations;
    const messages: OutboxMessage[] = [];
    for (let k = 0; k < perPerson; k += 1) {
      for (const id of people)
        messages.push({
          key: `bench:${id}:${k}`,
          recipientId: id,
          kind: 'preparation',
          payload: { sessionId: k },
          notBefore: START,
        });
    }
    const store = outboxStore(db);
    const enqueueStarted = performance.now();
    const added = await store.enqueue(messages);
    const enqueueMs = performance.now() - enqueueStarted;
    const setupMs = performance.now() - setupStarted;

    const clock = runningClock(START);
    const adapter = createAdapter(CREDENTIALS);
    const limiter = new RateLimiter({ perConversation: thread, global: app });
    // How long each send takes, grant to answer: the limiter counts a send's windows from its answer.
    const sendMs: number[] = [];
    const send = sendWithAdapter(adapter, CREDENTIALS);
    const timedSend: typeof send = async (reference, activity) => {
      const began = performance.now();
      try {
        return await send(reference, activity);
      } finally {
        sendMs.push(performance.now() - began);
      }
    };
    const deps = {
      store,
      delivery: teamsDelivery({
        references: (personId) => conversationReferenceFor(db, personId),
        render: (item) =>
          Promise.resolve({
            type: 'message',
            text: `Supervision on Thursday: prepare (${item.kind})`,
            channelData: { outboxKey: item.key },
          }),
        send: timedSend,
        limiter,
      }),
      clock,
      instance: 'bench',
    };
    const started = performance.now();
    const totals: DrainReport = {
      claimed: 0,
      sent: 0,
      skipped: 0,
      retried: 0,
      undeliverable: 0,
      deferred: 0,
      waiting: 0,
    };
    for (;;) {
      const report = await drainOutbox(deps, DRAIN);
      for (const k of Object.keys(totals) as (keyof DrainReport)[]) totals[k] += report[k];
      if (report.claimed > 0) continue;
      const counts = await outboxCounts(db);
      if (counts.pending === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const wallMs = performance.now() - started;

    const accepted = new Set(connector.accepted.map((a) => a.key));
    const lost = messages.filter((m) => !accepted.has(m.key)).length;
    const duplicates = [...connector.duplicates().values()].reduce(
      (sum, count) => sum + count - 1,
      0,
    );
    const counts = await outboxCounts(db);
    const rate = (total / wallMs) * 1000;
    const detail: string[] = [];
    if (!limits) {
      detail.push(
        `${n(rate, 1)} messages/s with nothing holding them back (${n(rate / 50, 1)}× Teams' 50/s)`,
      );
    } else {
      const boundMs = Math.max(earliestLast(perPerson, thread), earliestLast(total, app));
      detail.push(
        `${n(rate, 1)} messages/s against a limit of 50/s; ${n(wallMs / 1000, 1)} s against a best possible ${n(boundMs / 1000, 1)} s ` +
          `(the later of the app's 50/s for ${n(total)} and one conversation's windows for ${n(perPerson)}: ${n(earliestLast(perPerson, thread) / 1000, 1)} s), ${n(wallMs / boundMs, 3)}× the bound`,
      );
    }
    sendMs.sort((a, b) => a - b);
    const mean = sendMs.reduce((sum, ms) => sum + ms, 0) / sendMs.length;
    detail.push(
      `a send (adapter → HTTP → answer) took ${n(mean)} ms on average, ${n(sendMs[Math.floor(sendMs.length * 0.95)] ?? 0)} ms at the 95th percentile` +
        (limits
          ? ` (windows count from the answer, so 50 sends take about 1 s + that: at most ${n(50 / (1 + mean / 1000), 1)}/s)`
          : ''),
    );
    detail.push(
      `${n(connector.counters.throttled)} answered 429; lost ${lost}, duplicates ${duplicates}; ` +
        `outbox: ${n(counts.sent)} sent, ${counts.pending} pending, ${counts.undeliverable} undeliverable (${n(totals.retried)} retried, ${totals.deferred} deferred); ` +
        `${n(added)} queued in one enqueue in ${n(enqueueMs)} ms; set-up ${n(setupMs / 1000, 1)} s; drain batches of ${DRAIN.batch}`,
    );
    return { name, runsMs: [wallMs], detail: detail.join('; ') };
  } finally {
    await db.close();
    await connector.close();
  }
}

const SELF = fileURLToPath(import.meta.url);

/** Runs a case in a child process (the same loader: tsx), which prints its figures as one JSON line. */
function inChildProcess(c: Case): Promise<Figures> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...process.execArgv, SELF, JSON.stringify(c)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    child.on('error', reject);
    child.on('exit', (code) => {
      const line = out.trim().split('\n').at(-1) ?? '';
      if (code === 0 && line.startsWith('{')) resolve(JSON.parse(line) as Figures);
      else
        reject(
          new Error(
            `the bench's child process for "${c.name}" exited with ${code}: ${out.slice(-500)}`,
          ),
        );
    });
  });
}

/** `count` people with the app installed, each in a conversation of their own; returns their ids. */
async function seed(db: Database, count: number, serviceUrl: string): Promise<number[]> {
  const rows = await db.query<{ id: string }>(
    `INSERT INTO people (upn, name, role, policy, entra_object_id)
     SELECT 'p' || n || '@bench.example', 'Person ' || n, 'social-worker', 'solihull', 'aad-' || n
       FROM generate_series(1, $1::int) AS n RETURNING id`,
    [count],
  );
  await db.query(
    `INSERT INTO conversation_refs (aad_object_id, person_id, reference)
     SELECT entra_object_id, id, jsonb_build_object(
              'channelId', 'msteams', 'serviceUrl', $1::text,
              'conversation', jsonb_build_object('id', 'a:conv-' || id, 'conversationType', 'personal', 'isGroup', false),
              'bot', jsonb_build_object('id', '28:cadence', 'name', 'Cadence'),
              'user', jsonb_build_object('id', '29:' || id, 'aadObjectId', entra_object_id))
       FROM people`,
    [serviceUrl],
  );
  return rows.map((r) => Number(r.id));
}

/** A clock that runs in real time from `start`. */
function runningClock(start: Date): Clock {
  const offset = start.getTime() - Date.now();
  return { now: () => new Date(Date.now() + offset) };
}

/** When the last of `count` sends can go at the earliest under `windows`, sending greedily with no latency (ms from the first). */
export function earliestLast(count: number, windows: readonly RateWindow[]): number {
  const times: number[] = [];
  for (let i = 0; i < count; i += 1) {
    let t = i === 0 ? 0 : times[i - 1]!;
    for (const w of windows) if (i >= w.limit) t = Math.max(t, times[i - w.limit]! + w.ms);
    times.push(t);
  }
  return times.at(-1) ?? 0;
}

// Run as a child process by inChildProcess: one case, its figures as JSON.
if (process.argv[1] && resolvePath(process.argv[1]) === SELF && process.argv[2]) {
  const figures = await runCase(JSON.parse(process.argv[2]) as Case);
  process.stdout.write(`${JSON.stringify(figures)}\n`);
}
