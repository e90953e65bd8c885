/**
 * A session lost is rebooked from Teams (issue 16, item 4): the daily job
 * against the strict Graph emulator (real adapter over HTTP, PGlite) notices
 * an occurrence the supervisor cancelled in Outlook; the supervisor is sent a
 * card saying what was lost, by whom, asking why, and proposing a time both
 * are free before the latest date; Another time proposes another; Book
 * creates one event in Outlook, once however often it is pressed; the
 * reason and the replacement are kept and exported. A session recorded as
 * not held gets the same card with the record's reason.
 * Monday 23 November 2026, 06:30 London.
 */
import { tmpdir } from 'node:os';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { assistantDeps } from '../app/bot-stack.ts';
import { readConfig } from '../app/config.ts';
import { dailyBookingJob } from '../app/job-list.ts';
import { cardForOutboxItem } from '../bot/outbox-cards.ts';
import { runAction } from '../bot/turns.ts';
import { parseCardAction } from '../cards/index.ts';
import { startGraphEmulator, type GraphEmulator } from '../graph/emulator/index.ts';
import { addDays, fromLondonDateTime, parseIsoDate, type IsoDate } from '../rules/index.ts';
import { migrate, openPglite, outboxStore, type Database } from '../store/index.ts';
import type { CalendarPort, Clock, OutboxItem } from '../supervision/index.ts';
import { button, cardText } from './support/card-reading.ts';
import { exportedSessions } from './support/exported-sessions.ts';
import { emulatorCalendar } from './support/emulator-env.ts';
import { seedRoster } from './support/seed.ts';

const START = parseIsoDate('2026-11-23');
const HEADER = 'upn,name,role,policy,started,supervisor_upn,manager_upn,uses_teams';
const LEAD = 'lead@x.example';
const WORKER = 'worker@x.example';

function movableClock(start: Date): Clock & { set(instant: Date): void } {
  let now = start;
  return { now: () => new Date(now), set: (instant) => void (now = instant) };
}
const at = (day: IsoDate, time = '06:30'): Date => fromLondonDateTime(`${day}T${time}:00`);

describe('a session lost in Outlook, rebooked from Teams', () => {
  let emulator: GraphEmulator;
  let db: Database;
  let clock: ReturnType<typeof movableClock>;
  let calendar: CalendarPort;

  beforeEach(async () => {
    emulator = await startGraphEmulator({});
    emulator.seed([
      {
        displayName: 'Hana Head',
        userPrincipalName: 'head@x.example',
        jobTitle: 'Service Manager',
      },
      {
        displayName: 'Lee Lead',
        userPrincipalName: LEAD,
        jobTitle: 'Team Manager',
        manager: 'head@x.example',
      },
      {
        displayName: 'Wren Worker',
        userPrincipalName: WORKER,
        jobTitle: 'Social Worker',
        manager: LEAD,
      },
    ]);
    db = await openPglite();
    await migrate(db);
    await seedRoster(
      db,
      [
        'head@x.example,Hana Head,service-manager,solihull,2015-01-01,,,yes',
        `${LEAD},Lee Lead,team-manager,solihull,2018-01-01,head@x.example,,yes`,
        `${WORKER},Wren Worker,social-worker,solihull,2020-01-01,${LEAD},,yes`,
      ],
      START,
      HEADER,
    );
    clock = movableClock(at(START));
    calendar = emulatorCalendar(emulator);
  }, 60_000);
  afterEach(async () => {
    await emulator?.close();
    await db?.close();
  });

  const daily = async (day: IsoDate) => {
    clock.set(at(day));
    await dailyBookingJob({ db, clock, config: readConfig({}), calendar }).run(clock.now());
  };
  const deps = () => assistantDeps(db, readConfig({ CADENCE_DATA_DIR: tmpdir() }), clock, calendar);
  const lead = async () => {
    const d = deps();
    return { d, actor: (await d.store.actorById((await d.store.personByUpn(LEAD))!.id))! };
  };
  async function lostCards(): Promise<OutboxItem[]> {
    const rows = await db.query<{ key: string }>(
      "SELECT key FROM outbox WHERE kind = 'session-lost' ORDER BY id",
    );
    return Promise.all(rows.map(async (r) => (await outboxStore(db).byKey(r.key))!));
  }
  const press = async (data: Record<string, unknown>) => {
    const { d, actor } = await lead();
    const parsed = parseCardAction(data);
    if (!parsed.ok) throw new Error(parsed.fields.join());
    return runAction(d, actor, parsed.action);
  };
  const creates = () =>
    emulator.requestLog.filter(
      (r) =>
        r.method === 'POST' && r.mailbox === LEAD && /\/events$/.test(r.path) && r.status < 300,
    ).length;

  it('tells the supervisor what was lost and proposes a time before the latest date; Book creates one event, once', async () => {
    await daily(START);
    await daily(addDays(START, 1));
    const [session] = await db.query<{ id: string; event: string; due: string; on: string }>(
      `SELECT s.id, s.calendar_event_id AS event, s.due_on::text AS due, (s.starts_at AT TIME ZONE 'Europe/London')::date::text AS on
         FROM sessions s WHERE s.status = 'booked' AND s.calendar_event_id IS NOT NULL AND s.starts_at > $1
        ORDER BY s.starts_at LIMIT 1`,
      [at(addDays(START, 7))],
    );
    emulator.cancelOccurrence(LEAD, session!.event);
    await daily(addDays(START, 2));

    // One card, to Lee, built as it is sent (09:00): what, by whom, and a time before the latest date.
    const [item] = await lostCards();
    expect(item!.recipientId).toBe((await deps().store.personByUpn(LEAD))!.id);
    clock.set(at(addDays(START, 2), '09:00'));
    const card = (await cardForOutboxItem(deps(), item!))!;
    const text = cardText(card);
    expect(text).toContain('A session with Wren Worker was lost');
    expect(text).toContain('Cancelled in Outlook by you');
    expect(text).toContain('Why was it lost?');
    const book = button(card, 'Book');
    const proposed = new Date(book.data.start as string);
    expect(proposed.getTime()).toBeGreaterThan(clock.now().getTime());
    // Before the latest date the lost session was due by (December: London's date is UTC's).
    expect(session!.due > addDays(START, 2)).toBe(true);
    expect(proposed.toISOString().slice(0, 10) <= session!.due).toBe(true);

    // Another time: a different time, still before the latest date.
    const another = await press(button(card, 'Another time').data);
    const second = new Date(button(another.card, 'Book').data.start as string);
    expect(second.getTime()).not.toBe(proposed.getTime());

    // Book, with the reason: one event in Lee's calendar, the replacement kept; pressed again, nothing more.
    const before = creates();
    const booked = await press({ ...book.data, lostReason: 'court' });
    expect(booked.outcome).toBe('rebook:booked');
    expect(cardText(booked.card)).toMatch(/Replaced: booked on .* in both Outlook calendars/);
    expect(cardText(booked.card)).toContain('Court');
    expect(creates()).toBe(before + 1);
    const again = await press({ ...book.data, lostReason: 'sickness' });
    expect(again.outcome).toBe('rebook:replayed');
    expect(creates()).toBe(before + 1);
    const [kept] = await db.query<{
      reason: string;
      replacement: string;
      starts: Date;
      event: string | null;
    }>(
      `SELECT l.reason, l.replaced_by AS replacement, s.starts_at AS starts, s.calendar_event_id AS event
         FROM lost_sessions l JOIN sessions s ON s.id = l.replaced_by WHERE l.session_id = $1`,
      [session!.id],
    );
    expect(kept).toMatchObject({ reason: 'court' });
    expect(kept!.starts.getTime()).toBe(proposed.getTime());
    expect(kept!.event).not.toBeNull();

    // Counted in the head of service's digest for the week after (Monday 30 November), with its reason.
    const head = (await deps().store.personByUpn('head@x.example'))!;
    const digest = cardText(
      (await cardForOutboxItem(deps(), {
        id: 1,
        attempts: 0,
        key: 'digest:test',
        recipientId: head.id,
        kind: 'digest',
        payload: { weekOf: '2026-11-30' },
        notBefore: clock.now(),
      }))!,
    );
    expect(digest).toContain('1 session lost last week');
    expect(digest).toContain('1 cancelled in Outlook. Why: 1 court.');

    // The next daily run neither rebooks nor loses it again.
    await daily(addDays(START, 3));
    expect(await lostCards()).toHaveLength(1);

    // Exported: the cancelled session with who and why, and what replaced it.
    const rows = await exportedSessions(db, clock, { from: START, to: addDays(START, 120) });
    expect(rows.find((r) => r['session id'] === String(session!.id))).toMatchObject({
      status: 'cancelled',
      'reason not held': 'court',
      'lost how': 'cancelled in Outlook by lead@x.example',
      'replaced by session': String(kept!.replacement),
    });
  }, 240_000);

  it('a session recorded as not held gets the same card, with the reason recorded', async () => {
    await daily(START);
    const [session] = await db.query<{ id: string; on: string }>(
      `SELECT s.id, (s.starts_at AT TIME ZONE 'Europe/London')::date::text AS on FROM sessions s
        WHERE s.status = 'booked' ORDER BY s.starts_at LIMIT 1`,
    );
    clock.set(at(session!.on as IsoDate, '17:00'));
    const recorded = await press({
      verb: 'record',
      sessionId: session!.id,
      nonce: 'not-held-record',
      held: 'no',
      reason: 'sickness',
    });
    expect(recorded.outcome).toBe('record:not-held');
    const [item] = await lostCards();
    const text = cardText((await cardForOutboxItem(deps(), item!))!);
    expect(text).toContain('Recorded as not held');
    expect(text).toContain('Sickness');
    expect(text).not.toContain('Why was it lost?');

    // Outlook down as the card is built: it still says what was lost, and offers Try again.
    const down = assistantDeps(db, readConfig({ CADENCE_DATA_DIR: tmpdir() }), clock, {
      ...calendar,
      availability: () => Promise.reject(new Error('Graph answered 503')),
    });
    const offline = (await cardForOutboxItem(down, item!))!;
    expect(cardText(offline)).toContain(
      'No replacement to propose: Outlook could not be read just now, so no time can be proposed yet.',
    );
    expect(button(offline, 'Try again').data).toMatchObject({
      verb: 'rebookPropose',
      sessionId: Number(session!.id),
    });
  }, 120_000);
});
