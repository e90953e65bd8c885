/**
 * Proactive messages through the real parts: the outbox in the database
 * (PGlite, and the PostgreSQL server when TEST_DATABASE_URL is set), the
 * drain, teamsDelivery with the rate limiter, the real CloudAdapter from
 * bot/adapter.ts, and HTTP to the Teams connector emulator enforcing Teams'
 * limits. The clock starts on Tuesday 24 November 2026, 10:00 London, and
 * runs in real time from there (so retries come due), unless moved.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAdapter, NO_CREDENTIALS } from '../bot/adapter.ts';
import { RateLimiter } from '../bot/rate-limit.ts';
import {
  backoffMs,
  parseRetryAfter,
  sendWithAdapter,
  teamsDelivery,
  type SendActivity,
} from '../bot/teams-delivery.ts';
import {
  addAgendaItem,
  claimNonce,
  conversationReferenceFor,
  listAgendaItems,
  listWithoutApp,
  markPersonUninstalled,
  markUninstalled,
  openPostgres,
  outboxCounts,
  outboxStore,
  saveConversationReference,
  snooze,
  snoozedUntil,
  type Database,
} from '../store/index.ts';
import type { Clock } from '../supervision/index.ts';
import { drainOutbox, type DrainDeps, type DrainReport } from '../supervision/outbox.ts';
import type { OutboxItem, OutboxMessage } from '../supervision/ports/outbox.ts';
import { testDatabases } from './support/databases.ts';
import {
  conversationReferenceTo,
  startTeamsConnector,
  type TeamsConnector,
} from './support/teams-connector.ts';

/** The embedded mode's credentials: no app id, so no token is fetched or sent. */
const CREDENTIALS = NO_CREDENTIALS;
const TUESDAY_10 = '2026-11-24T10:00:00Z';
const OPTIONS = { batch: 100, leaseMs: 60_000, maxAttempts: 5 };

/** A clock that runs in real time from `start`, and can be moved. */
class MovingClock implements Clock {
  private offset: number;
  constructor(start: string) {
    this.offset = new Date(start).getTime() - Date.now();
  }
  now(): Date {
    return new Date(Date.now() + this.offset);
  }
  moveTo(at: string): void {
    this.offset = new Date(at).getTime() - Date.now();
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function total(reports: DrainReport[]): DrainReport {
  const sum: DrainReport = {
    claimed: 0,
    sent: 0,
    skipped: 0,
    retried: 0,
    undeliverable: 0,
    deferred: 0,
    waiting: 0,
  };
  for (const r of reports)
    for (const k of Object.keys(sum) as (keyof DrainReport)[]) sum[k] += r[k];
  return sum;
}

/** Drains until nothing pending is due within `horizonMs`. */
async function drainUntilSettled(
  db: Database,
  deps: DrainDeps,
  horizonMs = 15_000,
  options = OPTIONS,
): Promise<DrainReport> {
  const reports: DrainReport[] = [];
  for (;;) {
    const report = await drainOutbox(deps, options);
    reports.push(report);
    if (report.claimed > 0) continue;
    const [next] = await db.query<{ at: Date | null }>(
      `SELECT min(not_before) AS at FROM outbox WHERE status = 'pending'`,
    );
    const wait = next?.at ? new Date(next.at).getTime() - deps.clock.now().getTime() : Infinity;
    if (wait > horizonMs) return total(reports);
    await sleep(Math.min(Math.max(wait, 20), 250));
  }
}

describe.each(testDatabases)('the outbox on $name', (database) => {
  let db: Database;
  let connector: TeamsConnector;
  let clock: MovingClock;
  let people: number[];
  const adapter = createAdapter(CREDENTIALS);

  // One database per suite (opening and migrating PGlite takes seconds on a busy machine); each test starts from the same state.
  beforeAll(async () => {
    connector = await startTeamsConnector();
    db = await database.open();
    people = await addPeople(db, 31);
  }, 120_000);
  afterAll(async () => {
    await connector.close();
    await db.close();
  });

  beforeEach(async () => {
    connector.reset();
    clock = new MovingClock(TUESDAY_10);
    await db.exec(`TRUNCATE outbox, conversation_refs, card_actions, agenda_items, snoozes`);
    await db.query(`UPDATE people SET entra_object_id = 'aad-' || id, uses_teams = true`);
    // Everyone but the last has installed the app.
    for (const [i, id] of people.slice(0, 30).entries()) {
      await saveConversationReference(
        db,
        `aad-${id}`,
        conversationReferenceTo(connector, `a:conv-${i}`),
      );
    }
  });

  function deps(
    instance: string,
    overrides: Partial<DrainDeps> = {},
    limiter = new RateLimiter(),
    on: Database = db,
  ): DrainDeps {
    return {
      store: outboxStore(on),
      delivery: teamsDelivery({
        references: (personId) => conversationReferenceFor(on, personId),
        render: (item) =>
          Promise.resolve({
            type: 'message',
            text: `${item.kind} ${item.key}`,
            channelData: { outboxKey: item.key },
          }),
        send: sendWithAdapter(adapter, CREDENTIALS),
        limiter,
        gone: (personId) => markPersonUninstalled(on, personId),
      }),
      clock,
      instance,
      ...overrides,
    };
  }

  /** `perPerson` messages to each of `recipients`, interleaved, due now. */
  function messages(
    recipients: number[],
    perPerson: number,
    notBefore = clock.now(),
    prefix = 'm',
  ): OutboxMessage[] {
    const list: OutboxMessage[] = [];
    for (let n = 0; n < perPerson; n += 1) {
      for (const id of recipients)
        list.push({
          key: `${prefix}:${id}:${n}`,
          recipientId: id,
          kind: 'preparation',
          payload: { sessionId: n },
          notBefore,
        });
    }
    return list;
  }

  it('delivers 300 messages to 30 conversations once each, in order, within the limits; enqueueing them again adds nothing', async () => {
    const store = outboxStore(db);
    const batch = messages(people.slice(0, 30), 10);
    expect(await store.enqueue(batch)).toBe(300);
    expect(await store.enqueue(batch)).toBe(0);
    expect(
      await store.enqueue([
        ...batch.slice(0, 5),
        ...messages([people[0]!], 1, clock.now(), 'extra'),
      ]),
    ).toBe(1);

    const report = await drainUntilSettled(db, deps('one'));
    expect(report).toMatchObject({ sent: 301, retried: 0, undeliverable: 0, deferred: 0 });
    expect(await outboxCounts(db)).toEqual({
      pending: 0,
      waiting: 0,
      sent: 301,
      undeliverable: 0,
      cancelled: 0,
    });
    expect(connector.accepted).toHaveLength(301);
    expect(connector.duplicates().size).toBe(0);
    expect(new Set(connector.accepted.map((a) => a.key))).toEqual(
      new Set([...batch.map((m) => m.key), `extra:${people[0]}:0`]),
    );
    // Our limiter kept every window: Teams refused nothing.
    expect(connector.counters.throttled).toBe(0);
    // One conversation's messages arrived in the order they were queued.
    const first = connector.accepted
      .filter((a) => a.conversationId === 'a:conv-1')
      .map((a) => a.key);
    expect(first).toEqual(batch.filter((m) => m.recipientId === people[1]).map((m) => m.key));
    // Sent rows carry Teams' activity id.
    const [row] = await db.query<{ activityId: string; sentAt: Date }>(
      `SELECT activity_id AS "activityId", sent_at AS "sentAt" FROM outbox WHERE key = $1`,
      [batch[0]!.key],
    );
    expect(row!.activityId).toMatch(/^1:\d+$/);
  });

  it('sends nothing outside working hours: Saturday’s messages wait for Monday 09:00 London', async () => {
    const store = outboxStore(db);
    const saturday = new Date('2026-11-28T10:00:00Z');
    await store.enqueue(messages(people.slice(0, 5), 1, saturday, 'sat'));
    await store.enqueue(messages(people.slice(5, 7), 1, new Date('2026-11-27T17:15:00Z'), 'fri'));

    clock.moveTo('2026-11-27T17:20:00Z'); // Friday, after hours
    expect(await drainOutbox(deps('one'), OPTIONS)).toMatchObject({
      claimed: 2,
      deferred: 2,
      sent: 0,
    });
    clock.moveTo('2026-11-28T11:00:00Z'); // Saturday
    expect(await drainOutbox(deps('one'), OPTIONS)).toMatchObject({
      claimed: 5,
      deferred: 5,
      sent: 0,
    });
    const rows = await db.query<{ notBefore: Date; attempts: number }>(
      `SELECT not_before AS "notBefore", attempts FROM outbox`,
    );
    expect(rows.map((r) => new Date(r.notBefore).toISOString())).toEqual(
      Array(7).fill('2026-11-30T09:00:00.000Z'),
    );
    // Held back, not tried: no attempt counted.
    expect(rows.every((r) => r.attempts === 0)).toBe(true);

    clock.moveTo('2026-11-30T08:59:00Z');
    expect(await drainOutbox(deps('one'), OPTIONS)).toMatchObject({ claimed: 0 });
    expect(connector.accepted).toHaveLength(0);
    clock.moveTo('2026-11-30T09:00:00Z');
    expect(await drainUntilSettled(db, deps('one'))).toMatchObject({ sent: 7, deferred: 0 });
    expect(connector.accepted).toHaveLength(7);
  });

  it('retries what Teams throttles until it all goes, once each', async () => {
    const store = outboxStore(db);
    await store.enqueue(messages(people.slice(0, 3), 20));
    // No limiter on our side: Teams' own limits answer 429, with Retry-After.
    const unlimited = new RateLimiter({ perConversation: [], global: [] });
    // And one conversation is refused four times running, which outlasts botbuilder's own three retries.
    connector.failNext('a:conv-2', 4, 429, 0);

    const report = await drainUntilSettled(db, deps('one', {}, unlimited));
    expect(report).toMatchObject({ sent: 60, undeliverable: 0 });
    expect(report.retried).toBeGreaterThanOrEqual(1);
    expect(connector.counters.throttled).toBeGreaterThan(4);
    expect(connector.accepted).toHaveLength(60);
    expect(connector.duplicates().size).toBe(0);
    expect(await outboxCounts(db)).toMatchObject({ pending: 0, sent: 60 });
    const [retried] = await db.query<{ attempts: number }>(
      `SELECT max(attempts) AS attempts FROM outbox`,
    );
    expect(retried!.attempts).toBeGreaterThanOrEqual(2);
  });

  it('shares the work between two instances, each message sent once', async () => {
    const other = db.kind === 'postgres' ? await secondConnection(db) : db;
    try {
      await outboxStore(db).enqueue(messages(people.slice(0, 30), 5));
      // Small batches so both instances keep claiming; each has its own limiter, as separate processes would.
      const options = { ...OPTIONS, batch: 20 };
      const [a, b] = await Promise.all([
        drainUntilSettled(db, deps('instance-a'), 15_000, options),
        drainUntilSettled(other, deps('instance-b', {}, new RateLimiter(), other), 15_000, options),
      ]);
      expect(a.sent + b.sent).toBe(150);
      expect(a.claimed).toBeGreaterThan(0);
      expect(b.claimed).toBeGreaterThan(0);
      expect(connector.accepted).toHaveLength(150);
      expect(connector.duplicates().size).toBe(0);
      expect(await outboxCounts(db)).toMatchObject({ pending: 0, sent: 150 });
    } finally {
      if (other !== db) await other.close();
    }
  });

  it('takes over the claims of an instance that died once their lease has run out, in real time whatever the business clock says', async () => {
    const store = outboxStore(db);
    await store.enqueue(messages(people.slice(0, 10), 1));
    const held = await store.claim('dead', clock.now(), 100, 1_000);
    expect(held).toHaveLength(10);

    expect(await drainOutbox(deps('alive'), OPTIONS)).toMatchObject({ claimed: 0 });
    // The business clock moved on a day: the lease is the database's time, not that.
    clock.moveTo('2026-11-25T10:00:00Z');
    expect(await drainOutbox(deps('alive'), OPTIONS)).toMatchObject({ claimed: 0 });
    await sleep(1_100);
    expect(await drainUntilSettled(db, deps('alive'))).toMatchObject({ claimed: 10, sent: 10 });
    expect(connector.accepted).toHaveLength(10);
    // A late word from the dead instance changes nothing now.
    await store.retryLater(held[0]!.id, clock.now(), 'late');
    expect(await outboxCounts(db)).toMatchObject({ pending: 0, sent: 10 });
    // A graceful shutdown gives back what an instance holds.
    await store.enqueue(messages(people.slice(0, 3), 1, clock.now(), 'more'));
    await store.claim('leaving', clock.now(), 100, 60_000);
    expect(await store.release('leaving')).toBe(3);
    expect(await drainUntilSettled(db, deps('alive'))).toMatchObject({ sent: 3 });
  });

  it('marks a message Teams accepted as sent through a short database outage, so no instance sends it again', async () => {
    const store = outboxStore(db);
    await store.enqueue(messages(people.slice(0, 1), 1));
    // The first two writes of "sent" meet a database that is restarting.
    let refused = 2;
    const restarting = {
      ...store,
      markSent: (id: number, at: Date, activityId: string | null) =>
        refused-- > 0
          ? Promise.reject(new Error('connection lost'))
          : store.markSent(id, at, activityId),
    };
    expect(
      await drainOutbox(deps('one', { store: restarting }), { ...OPTIONS, leaseMs: 1_000 }),
    ).toMatchObject({ claimed: 1, sent: 1 });
    await sleep(1_100);
    expect(await drainOutbox(deps('two'), OPTIONS)).toMatchObject({ claimed: 0 });
    expect(connector.accepted).toHaveLength(1);
    expect(await outboxCounts(db)).toMatchObject({ pending: 0, sent: 1 });
  });

  it('holds what is for someone who has not installed the app, sends to the others, and sends it once they install it', async () => {
    const store = outboxStore(db);
    const notInstalled = people[30]!;
    await store.enqueue([...messages([notInstalled], 3), ...messages(people.slice(0, 5), 2)]);
    const report = await drainUntilSettled(db, deps('one'));
    expect(report).toMatchObject({ sent: 10, waiting: 3, undeliverable: 0, retried: 0 });
    const rows = await db.query<{ status: string; lastError: string; attempts: number }>(
      `SELECT status, last_error AS "lastError", attempts FROM outbox WHERE recipient_id = $1`,
      [notInstalled],
    );
    expect(rows).toHaveLength(3);
    for (const row of rows)
      expect(row).toEqual({
        status: 'waiting',
        lastError: expect.stringContaining('not installed') as string,
        attempts: 0,
      });
    // Nothing more goes while they wait, however often the outbox is drained.
    expect(await drainUntilSettled(db, deps('one'))).toMatchObject({ claimed: 0 });
    // They install the app: what waited for them goes, to their conversation.
    await saveConversationReference(
      db,
      `aad-${notInstalled}`,
      conversationReferenceTo(connector, 'a:installed-late'),
    );
    expect(await store.wakeRecipient(notInstalled, new Date('2026-11-17T00:00:00Z'))).toBe(3);
    expect(await drainUntilSettled(db, deps('one'))).toMatchObject({ sent: 3, waiting: 0 });
    expect(connector.accepted.filter((a) => a.conversationId === 'a:installed-late')).toHaveLength(
      3,
    );
    expect(await outboxCounts(db)).toMatchObject({ pending: 0, waiting: 0, sent: 13 });
  });

  it('keeps a message due when its recipient installed the app while it was being tried (no wake-up would come later)', async () => {
    const store = outboxStore(db);
    const late = people[30]!;
    await store.enqueue(messages([late], 1));
    const [claimed] = await store.claim('one', clock.now(), 10, 60_000);
    // The delivery found no reference; before it says so, the person installs the app (and their wake-up finds nothing waiting).
    await saveConversationReference(
      db,
      `aad-${late}`,
      conversationReferenceTo(connector, 'a:raced'),
    );
    expect(await store.wakeRecipient(late, new Date('2026-11-17T00:00:00Z'))).toBe(0);
    await store.waitForRecipient(
      claimed!.id,
      'waiting: the recipient has not installed Cadence in Teams',
    );
    expect(await outboxCounts(db)).toMatchObject({ pending: 1, waiting: 0 });
    expect(await drainUntilSettled(db, deps('one'))).toMatchObject({ sent: 1 });
  });

  it('gives up what waited too long for someone to install the app, and sends what is recent', async () => {
    const store = outboxStore(db);
    const late = people[30]!;
    await store.enqueue([
      {
        key: 'old',
        recipientId: late,
        kind: 'digest',
        payload: {},
        notBefore: new Date('2026-10-01T09:00:00Z'),
      },
      {
        key: 'recent',
        recipientId: late,
        kind: 'digest',
        payload: {},
        notBefore: new Date('2026-11-23T09:00:00Z'),
      },
    ]);
    expect(await drainUntilSettled(db, deps('one'))).toMatchObject({ waiting: 2 });
    await saveConversationReference(
      db,
      `aad-${late}`,
      conversationReferenceTo(connector, 'a:late'),
    );
    expect(await store.wakeRecipient(late, new Date('2026-11-17T00:00:00Z'))).toBe(1);
    expect(await drainUntilSettled(db, deps('one'))).toMatchObject({ sent: 1 });
    const rows = await db.query<{ key: string; status: string; lastError: string | null }>(
      `SELECT key, status, last_error AS "lastError" FROM outbox ORDER BY key`,
    );
    expect(rows).toEqual([
      {
        key: 'old',
        status: 'undeliverable',
        lastError: expect.stringContaining('too long after it was due') as string,
      },
      { key: 'recent', status: 'sent', lastError: null },
    ]);
  });

  it('stops using a reference Teams refuses (403), and holds that person’s messages until they install the app again', async () => {
    const store = outboxStore(db);
    await store.enqueue(messages(people.slice(0, 3), 2));
    connector.failNext('a:conv-1', 1, 403);
    const report = await drainUntilSettled(db, deps('one'));
    // The second message to that person finds no reference left, and waits too.
    expect(report).toMatchObject({ sent: 4, waiting: 2, undeliverable: 0, retried: 0 });
    const rows = await db.query<{ status: string; lastError: string }>(
      `SELECT status, last_error AS "lastError" FROM outbox WHERE recipient_id = $1 ORDER BY id`,
      [people[1]],
    );
    expect(rows).toEqual([
      {
        status: 'waiting',
        lastError: expect.stringMatching(/^waiting: 403 not installed or blocked/) as string,
      },
      {
        status: 'waiting',
        lastError: expect.stringMatching(/^waiting: the recipient has not installed/) as string,
      },
    ]);
    expect(await conversationReferenceFor(db, people[1]!)).toBeNull();
    expect((await listWithoutApp(db)).map((p) => p.id)).toEqual([people[1], people[30]]);
  });

  it('settles without sending a message that has nothing to say any more', async () => {
    const store = outboxStore(db);
    await store.enqueue(messages(people.slice(0, 2), 2));
    const base = deps('one');
    const delivery = teamsDelivery({
      references: (personId) => conversationReferenceFor(db, personId),
      render: (item) =>
        Promise.resolve(
          item.recipientId === people[0]
            ? null
            : { type: 'message', text: item.key, channelData: { outboxKey: item.key } },
        ),
      send: sendWithAdapter(adapter, CREDENTIALS),
      limiter: new RateLimiter(),
    });
    expect(await drainUntilSettled(db, { ...base, delivery })).toMatchObject({
      sent: 2,
      skipped: 2,
    });
    expect(connector.accepted).toHaveLength(2);
    expect(await outboxCounts(db)).toMatchObject({ pending: 0, sent: 4 });
  });

  it('gives up after maxAttempts on a message that keeps failing', async () => {
    const store = outboxStore(db);
    await store.enqueue(messages([people[0]!], 1));
    connector.failNext('a:conv-0', 100, 429, 0);
    const report = await drainUntilSettled(db, deps('one'), 15_000, { ...OPTIONS, maxAttempts: 2 });
    expect(report).toMatchObject({ retried: 1, undeliverable: 1, sent: 0 });
    const [row] = await db.query<{ lastError: string; attempts: number }>(
      `SELECT last_error AS "lastError", attempts FROM outbox`,
    );
    expect(row).toEqual({
      lastError: expect.stringMatching(/^gave up after 2 attempts: 429/) as string,
      attempts: 2,
    });
  });

  describe('the Teams tables', () => {
    it('keeps a conversation reference per person, and lists who has not installed the app', async () => {
      const [first, , , last] = [people[0]!, people[1]!, people[2]!, people[30]!];
      expect(await conversationReferenceFor(db, last)).toBeNull();
      expect((await listWithoutApp(db)).map((p) => p.id)).toEqual([last]);
      // Saved before the roster knew the Entra id: found once it does.
      expect(
        await saveConversationReference(
          db,
          'aad-late',
          conversationReferenceTo(connector, 'a:late'),
        ),
      ).toBeNull();
      await db.query(`UPDATE people SET entra_object_id = 'aad-late' WHERE id = $1`, [last]);
      expect(await conversationReferenceFor(db, last)).toMatchObject({
        conversation: { id: 'a:late' },
      });
      expect(await listWithoutApp(db)).toEqual([]);
      // Saved again: replaced; uninstalled: no longer used.
      expect(
        await saveConversationReference(
          db,
          `aad-${first}`,
          conversationReferenceTo(connector, 'a:new'),
        ),
      ).toBe(first);
      expect(await conversationReferenceFor(db, first)).toMatchObject({
        conversation: { id: 'a:new' },
      });
      await markUninstalled(db, `aad-${first}`);
      expect(await conversationReferenceFor(db, first)).toBeNull();
      expect(await listWithoutApp(db)).toEqual([
        { id: first, upn: `p${first}@x.example`, name: `Person ${String(first).padStart(3, '0')}` },
      ]);
      // Reinstalled.
      await saveConversationReference(
        db,
        `aad-${first}`,
        conversationReferenceTo(connector, 'a:again'),
      );
      expect(await conversationReferenceFor(db, first)).toMatchObject({
        conversation: { id: 'a:again' },
      });
      // Teams refused a send (403): by person id.
      await markPersonUninstalled(db, first);
      expect(await conversationReferenceFor(db, first)).toBeNull();
      await db.query('UPDATE people SET uses_teams = false WHERE id = $1', [first]);
      expect(await listWithoutApp(db)).toEqual([]);
    });

    it('uses a card’s nonce once, and frees it if the action rolls back', async () => {
      expect(await claimNonce(db, 'n-1', 'record', people[0]!)).toBe(true);
      expect(await claimNonce(db, 'n-1', 'record', people[0]!)).toBe(false);
      await expect(
        db.transaction(async (tx) => {
          expect(await claimNonce(tx, 'n-2', 'book', null)).toBe(true);
          throw new Error('the action failed');
        }),
      ).rejects.toThrow('the action failed');
      expect(await claimNonce(db, 'n-2', 'book', null)).toBe(true);
    });

    it('keeps agenda items per session, oldest first, and snoozes per person and subject', async () => {
      const [rel] = await db.query<{ id: string }>(
        `INSERT INTO relationships (supervisor_id, supervisee_id, types, from_on) VALUES ($1, $2, '{one-to-one}', '2026-01-01') RETURNING id`,
        [people[0], people[1]],
      );
      const [session] = await db.query<{ id: string }>(
        `INSERT INTO sessions (relationship_id, type, status, starts_at, ends_at) VALUES ($1, 'one-to-one', 'booked', '2026-11-26T10:00Z', '2026-11-26T11:00Z') RETURNING id`,
        [rel!.id],
      );
      const sessionId = Number(session!.id);
      const a = await addAgendaItem(db, { sessionId, authorId: people[1]!, text: 'Caseload' });
      const b = await addAgendaItem(db, { sessionId, authorId: people[1]!, text: 'Training' });
      expect((await listAgendaItems(db, sessionId)).map((i) => [i.id, i.text, i.authorId])).toEqual(
        [
          [a, 'Caseload', people[1]],
          [b, 'Training', people[1]],
        ],
      );
      expect(await listAgendaItems(db, sessionId + 1)).toEqual([]);

      const now = clock.now();
      expect(await snoozedUntil(db, people[0]!, 'record:1', now)).toBeNull();
      await snooze(db, people[0]!, 'record:1', new Date('2026-11-26T09:00:00Z'));
      expect(await snoozedUntil(db, people[0]!, 'record:1', now)).toEqual(
        new Date('2026-11-26T09:00:00Z'),
      );
      await snooze(db, people[0]!, 'record:1', new Date('2026-11-27T09:00:00Z'));
      expect(await snoozedUntil(db, people[0]!, 'record:1', now)).toEqual(
        new Date('2026-11-27T09:00:00Z'),
      );
      expect(
        await snoozedUntil(db, people[0]!, 'record:1', new Date('2026-11-27T09:00:00Z')),
      ).toBeNull();
      expect(await snoozedUntil(db, people[1]!, 'record:1', now)).toBeNull();
    });
  });
});

describe('teamsDelivery’s reading of failures', () => {
  const item: OutboxItem = {
    id: 1,
    key: 'k',
    recipientId: 7,
    kind: 'chase',
    payload: {},
    notBefore: new Date(0),
    attempts: 2,
  };
  const limiter = new RateLimiter({ perConversation: [], global: [] });
  const references = () =>
    Promise.resolve({
      conversation: { id: 'c', isGroup: false, conversationType: 'personal', name: '' },
    });
  const render = () => Promise.resolve({ type: 'message', text: 'hello' });
  const restError = (statusCode: number, headers: Record<string, string> = {}) =>
    Object.assign(new Error(`status ${statusCode}`), {
      statusCode,
      response: { status: statusCode, headers: { get: (name: string) => headers[name] } },
    });
  const deliver = (
    send: SendActivity,
    gone?: (personId: number, reason: string) => Promise<void>,
  ) =>
    teamsDelivery({
      references,
      render,
      send,
      limiter,
      backoff: { baseMs: 1000, maxMs: 60_000, random: () => 1 },
      ...(gone && { gone }),
    }).deliver(item);

  it('is ok with the activity id when Teams accepts', async () => {
    expect(await deliver(() => Promise.resolve('1:42'))).toEqual({ ok: true, activityId: '1:42' });
  });

  it('retries a 429 after Retry-After, or after the backoff when there is none', async () => {
    expect(
      await deliver(() => Promise.reject(restError(429, { 'retry-after': '3' }))),
    ).toMatchObject({ ok: false, retry: true, retryAfterMs: 3000 });
    // Third attempt (2 before): 4 s, at the top of its jitter.
    expect(await deliver(() => Promise.reject(restError(429)))).toMatchObject({
      ok: false,
      retry: true,
      retryAfterMs: 4000,
    });
  });

  it('retries 412, 5xx and network failures; gives up on 403 and 404 (telling `gone`) and on other 4xx', async () => {
    expect(await deliver(() => Promise.reject(restError(503)))).toMatchObject({
      retry: true,
      retryAfterMs: 4000,
    });
    expect(await deliver(() => Promise.reject(restError(412)))).toMatchObject({ retry: true });
    expect(
      await deliver(() =>
        Promise.reject(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })),
      ),
    ).toMatchObject({
      retry: true,
      reason: expect.stringContaining('ECONNREFUSED') as string,
    });
    const gone: [number, string][] = [];
    const record = (personId: number, reason: string) => {
      gone.push([personId, reason]);
      return Promise.resolve();
    };
    expect(await deliver(() => Promise.reject(restError(403)), record)).toMatchObject({
      ok: false,
      wait: true,
      reason: expect.stringContaining('not installed or blocked') as string,
    });
    expect(await deliver(() => Promise.reject(restError(404)), record)).toMatchObject({
      ok: false,
      wait: true,
    });
    expect(gone.map(([id]) => id)).toEqual([7, 7]);
    expect(await deliver(() => Promise.reject(restError(400)))).toMatchObject({
      ok: false,
      retry: false,
      reason: expect.stringContaining('400') as string,
    });
  });

  it('backs off 1 s, 2 s, 4 s … up to 60 s, with jitter down to half', () => {
    const top = { baseMs: 1000, maxMs: 60_000, random: () => 0.999999 };
    expect([0, 1, 2, 3, 6, 7, 20].map((n) => backoffMs(n, top))).toEqual([
      1000, 2000, 4000, 8000, 60000, 60000, 60000,
    ]);
    expect(backoffMs(3, { ...top, random: () => 0 })).toBe(4000);
    expect(parseRetryAfter('2')).toBe(2000);
    expect(
      parseRetryAfter('Wed, 25 Nov 2026 10:00:10 GMT', Date.parse('2026-11-25T10:00:00Z')),
    ).toBe(10_000);
    expect(parseRetryAfter('soon')).toBeNull();
  });
});

async function addPeople(db: Database, count: number): Promise<number[]> {
  const rows = await db.query<{ id: string }>(
    `INSERT INTO people (upn, name, role, policy, entra_object_id)
     SELECT 'p' || n || '@x.example', 'Person ' || lpad(n::text, 3, '0'), 'social-worker', 'solihull', NULL
       FROM generate_series(1, $1::int) AS n
     RETURNING id`,
    [count],
  );
  const ids = rows.map((r) => Number(r.id));
  // Entra ids named after the person's id, so the tests can say which is whose.
  await db.query(
    `UPDATE people SET upn = 'p' || id || '@x.example', name = 'Person ' || lpad(id::text, 3, '0'), entra_object_id = 'aad-' || id`,
  );
  return ids;
}

/** A second pool on the same schema: another instance's connections. */
async function secondConnection(db: Database): Promise<Database> {
  const [row] = await db.query<{ schema: string }>('SELECT current_schema() AS schema');
  return openPostgres(process.env.TEST_DATABASE_URL!, { schema: row!.schema });
}
