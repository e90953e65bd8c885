/**
 * Ending a relationship end to end: the real `cadence` command (in-process,
 * test/support/cli.ts), PGlite on disk, the real Graph adapter over HTTP to the Graph
 * emulator seeded with the demo council. Sessions are booked on 23 November
 * 2026; the roster changes on 14 December.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cadenceOk } from './support/cli.ts';
import { RELATIONSHIP_PROPERTY_ID } from '../graph/index.ts';
import {
  EMULATOR_CLIENT_ID,
  EMULATOR_CLIENT_SECRET,
  startGraphEmulator,
  type EmulatorOptions,
  type GraphEmulator,
} from '../graph/emulator/index.ts';
import { cardForOutboxItem } from '../bot/outbox-cards.ts';
import { cardText } from './support/card-support.ts';
import { fromLondonDateTime } from '../rules/index.ts';
import { assistantStore, openPglite } from '../store/index.ts';
import type { AssistantDeps, OutboxItem } from '../supervision/index.ts';
import { emulatorEnv } from './support/emulator-env.ts';

const ROSTER = readFileSync(new URL('../app/demo/roster.csv', import.meta.url), 'utf8');
const SANA = 's.iqbal@northdale.example';
const CARYS = 'c.evans@northdale.example';
const FARAH = 'f.ali@northdale.example';
const ERIN = 'e.walsh@northdale.example';
const BOOKED_ON = '2026-11-23';
const CHANGED_ON = '2026-12-14';
/** Occurrences from this instant on belong after the last day of an ended relationship. */
const AFTER_LAST_DAY = Date.parse('2026-12-15T00:00:00Z');

/**
 * The roster with `upn`'s supervisor_upn set to `supervisor` ('' for none); with no supervisor
 * there is no one to alternate with either, so alternate_upn is cleared too.
 */
function withSupervisor(text: string, upn: string, supervisor: string): string {
  const [header, ...rows] = text.split('\n');
  const columns = header!.split(',');
  return [
    header,
    ...rows.map((line) => {
      if (!line.startsWith(`${upn},`)) return line;
      const cells = line.split(',');
      cells[columns.indexOf('supervisor_upn')] = supervisor;
      if (supervisor === '') cells[columns.indexOf('alternate_upn')] = '';
      return cells.join(',');
    }),
  ].join('\n');
}

describe('ending a relationship takes its sessions out of Outlook', () => {
  let emulator: GraphEmulator;
  let dir: string;
  let env: Record<string, string>;

  async function startEmulator(options: EmulatorOptions, seed: boolean) {
    emulator = await startGraphEmulator(options);
    if (seed) emulator.seedDemoCouncil({ today: BOOKED_ON });
    env = {
      CADENCE_DATA_DIR: join(dir, 'data'),
      CADENCE_TODAY: BOOKED_ON,
      ...emulatorEnv(emulator, join(dir, 'ca.pem')),
    };
  }

  afterEach(async () => {
    await emulator.close();
  });

  const cadence = (on: string, ...args: string[]) => cadenceOk(args, { ...env, CADENCE_TODAY: on });

  async function importRoster(text: string, on: string): Promise<string> {
    const file = join(dir, `roster-${on}.csv`);
    writeFileSync(file, text);
    return cadence(on, 'roster', 'import', file);
  }

  async function query<T>(text: string, params: unknown[] = []): Promise<T[]> {
    const db = await openPglite(join(dir, 'data'));
    try {
      return await db.query<T>(text, params);
    } finally {
      await db.close();
    }
  }

  async function relationshipOf(upn: string, current: boolean): Promise<number> {
    const [row] = await query<{ id: string }>(
      `SELECT r.id FROM relationships r JOIN people p ON p.id = r.supervisee_id WHERE p.upn = $1 AND (r.to_on IS NULL) = $2 ORDER BY r.id DESC LIMIT 1`,
      [upn, current],
    );
    return Number(row!.id);
  }

  /** Series masters in a calendar tagged with a relationship. */
  function seriesOf(upn: string, relationshipId: number) {
    const user = emulator.state.directory.require(upn);
    return emulator.state.store
      .events(user.id)
      .filter((e) =>
        e.input.singleValueExtendedProperties?.some(
          (p) => p.id === RELATIONSHIP_PROPERTY_ID && p.value === String(relationshipId),
        ),
      );
  }

  /** Start instants of a relationship's occurrences in the supervisor's Outlook. */
  function occurrencesOf(upn: string, relationshipId: number): number[] {
    const from = Date.parse('2026-01-01T00:00:00Z');
    const to = Date.parse('2028-01-01T00:00:00Z');
    return seriesOf(upn, relationshipId).flatMap((event) =>
      emulator.state.store.instances(event, from, to).map((i) => i.startMs),
    );
  }

  async function endingMessages() {
    return query<{
      recipient: string;
      payload: { newSupervisorId: number | null; sessions: string; role: string };
    }>(
      `SELECT p.upn AS recipient, o.payload FROM outbox o JOIN people p ON p.id = o.recipient_id WHERE o.kind = 'relationship-ended' ORDER BY p.upn`,
    );
  }

  /** Writes to a relationship's series (or their occurrences) in the request log. */
  function writesTo(seriesIds: string[]) {
    return emulator.requestLog.filter(
      (r) => r.method !== 'GET' && seriesIds.some((id) => r.path.includes(id)),
    );
  }

  it('a new supervisor: the old series stop after the last day, both people are told once, and the daily job books the new supervisor', async () => {
    dir = mkdtempSync(join(tmpdir(), 'cadence-ending-'));
    await startEmulator({}, true);
    await importRoster(ROSTER, BOOKED_ON);
    await cadence(BOOKED_ON, 'book', '--supervisor', SANA);
    const old = await relationshipOf(FARAH, true);
    const oldSeries = seriesOf(SANA, old).map((e) => e.id);
    const before = occurrencesOf(SANA, old);
    expect(before.filter((ms) => ms >= AFTER_LAST_DAY).length).toBeGreaterThan(0);

    emulator.resetLog();
    const out = await importRoster(withSupervisor(ROSTER, FARAH, CARYS), CHANGED_ON);
    expect(out).toContain(`${FARAH}: supervisor ${SANA} → ${CARYS}`);
    expect(out).toMatch(/Outlook: 1 ended relationship taken out/);
    // One write per series (its range cut, or the whole series deleted): one message to Farah each, not one per session.
    expect(writesTo(oldSeries)).toHaveLength(oldSeries.length);
    // Graph: finding the series, then a write and a look for leftovers per series (3 requests for one series).
    expect(Number(/Graph: (\d+) requests/.exec(out)?.[1])).toBeLessThanOrEqual(
      1 + 2 * oldSeries.length,
    );

    // Gone from Outlook after the last day; what came before stays.
    const after = occurrencesOf(SANA, old);
    expect(after.filter((ms) => ms >= AFTER_LAST_DAY)).toEqual([]);
    expect(after).toEqual(before.filter((ms) => ms < AFTER_LAST_DAY));
    expect(after.length).toBeGreaterThan(0); // the series had started: it was cut at the last day, not deleted
    // In the store: cancelled with the reason, each with an audit row; none left planned or booked after the last day.
    const withdrawn = await query<{ id: string; reason: string }>(
      `SELECT id, move_reason AS reason FROM sessions WHERE relationship_id = $1 AND starts_at >= $2 ORDER BY id`,
      [old, new Date(AFTER_LAST_DAY)],
    );
    expect(withdrawn.length).toBe(before.filter((ms) => ms >= AFTER_LAST_DAY).length);
    expect(new Set(withdrawn.map((s) => s.reason))).toEqual(new Set(['relationship-ended']));
    const audited = await query<{ n: string }>(
      `SELECT count(*) AS n FROM audit_log WHERE action = 'session.cancelled' AND detail->>'reason' = 'relationship-ended'`,
    );
    expect(Number(audited[0]!.n)).toBe(withdrawn.length);

    // Both told, once: which sessions left Outlook, and who supervises now.
    const [carys] = await query<{ id: string }>('SELECT id FROM people WHERE upn = $1', [CARYS]);
    const told = await endingMessages();
    expect(told.map((m) => m.recipient)).toEqual([FARAH, SANA]);
    for (const message of told) {
      expect(message.payload.newSupervisorId).toBe(Number(carys!.id));
      expect(message.payload.sessions.split(' ').map((iso) => Date.parse(iso))).toEqual(
        before.filter((ms) => ms >= AFTER_LAST_DAY),
      );
    }

    // The daily job: nothing more to Sana's old series, nothing lost, and the new relationship booked with Carys.
    emulator.resetLog();
    const daily = await cadence(CHANGED_ON, 'daily');
    expect(daily).toContain('0 sessions lost');
    expect(writesTo(oldSeries)).toEqual([]);
    const next = await relationshipOf(FARAH, true);
    expect(next).not.toBe(old);
    const booked = seriesOf(CARYS, next);
    expect(booked.length).toBeGreaterThan(0);
    expect(booked[0]!.input.attendees?.map((a) => a.emailAddress.address.toLowerCase())).toContain(
      FARAH,
    );
    expect(
      occurrencesOf(CARYS, next).every((ms) => ms >= Date.parse(`${CHANGED_ON}T00:00:00Z`)),
    ).toBe(true);
    expect(await endingMessages()).toHaveLength(2);

    // What Farah reads in Teams: who no longer supervises her, who does now, and the sessions taken out.
    const db = await openPglite(join(dir, 'data'));
    try {
      const [item] = await db.query<OutboxItem>(
        `SELECT o.id, o.key, o.recipient_id AS "recipientId", o.kind, o.payload, o.not_before AS "notBefore", o.attempts
           FROM outbox o JOIN people p ON p.id = o.recipient_id WHERE o.kind = 'relationship-ended' AND p.upn = $1`,
        [FARAH],
      );
      // Rendering reads only people from the store and the clock.
      const deps = {
        store: assistantStore(db),
        clock: { now: () => fromLondonDateTime(`${CHANGED_ON}T09:00`) },
      } as Partial<AssistantDeps> as AssistantDeps;
      const text = cardText(
        (await cardForOutboxItem(deps, { ...item!, recipientId: Number(item!.recipientId) }))!,
      );
      expect(text).toContain('Sana Iqbal no longer supervises you.');
      expect(text).toContain('Carys Evans supervises you from now on');
      expect(text).toContain(`${before.filter((ms) => ms >= AFTER_LAST_DAY).length} session`);
    } finally {
      await db.close();
    }
  }, 300_000);

  it('a leaver whose supervisor’s mailbox Outlook refuses: the import still lands, the ending waits, and the next daily run converges with nothing twice', async () => {
    dir = mkdtempSync(join(tmpdir(), 'cadence-ending-'));
    const stateFile = join(dir, 'outlook.json');
    await startEmulator({ stateFile }, true);
    await importRoster(ROSTER, BOOKED_ON);
    await cadence(BOOKED_ON, 'book', '--supervisor', SANA);
    await cadence(BOOKED_ON, 'book', '--supervisor', CARYS);
    const farah = await relationshipOf(FARAH, true);
    const erin = await relationshipOf(ERIN, true);
    const erinBefore = occurrencesOf(CARYS, erin);
    expect(erinBefore.filter((ms) => ms >= AFTER_LAST_DAY).length).toBeGreaterThan(0);
    await emulator.close();

    // Outlook refuses Carys's mailbox (out of the app's Exchange scope) on the day of the import.
    const everyone = [...ROSTER.matchAll(/^([^,\s]+@northdale\.example),/gm)].map((m) => m[1]!);
    // As docs/deploy.md sets Cadence up: no calendar role in Entra (which would reach every mailbox,
    // https://learn.microsoft.com/exchange/permissions-exo/application-rbac), Calendars.ReadWrite from Exchange, scoped.
    const scoped = [
      {
        clientId: EMULATOR_CLIENT_ID,
        clientSecret: EMULATOR_CLIENT_SECRET,
        roles: ['User.Read.All'],
        exchangeRoles: ['Calendars.ReadWrite'],
      },
    ];
    await startEmulator(
      { stateFile, apps: scoped, calendarScope: everyone.filter((upn) => upn !== CARYS) },
      false,
    );
    const leavers = withSupervisor(
      withSupervisor(ROSTER, ERIN, ''),
      FARAH,
      'p.nowak@northdale.example',
    );
    const out = await importRoster(leavers, CHANGED_ON);
    expect(out).toMatch(/^imported/);
    expect(out).toMatch(/Outlook: 1 ended relationship taken out/);
    expect(out).toContain(`! relationship ${erin} ended, but Outlook still has its sessions`);
    // The store has already let Erin's sessions go; only Farah's people were told.
    const [erinLeft] = await query<{ n: string }>(
      `SELECT count(*) AS n FROM sessions WHERE relationship_id = $1 AND starts_at >= $2 AND status IN ('planned', 'booked')`,
      [erin, new Date(AFTER_LAST_DAY)],
    );
    expect(Number(erinLeft!.n)).toBe(0);
    expect((await endingMessages()).map((m) => m.recipient)).toEqual([FARAH, SANA]);
    const [pending] = await query<{ status: string; error: string }>(
      'SELECT status, last_error AS error FROM relationship_endings WHERE relationship_id = $1',
      [erin],
    );
    expect(pending!.status).toBe('pending');
    expect(pending!.error).toMatch(/denied|403/i);
    const farahSeries = seriesOf(SANA, farah).map((e) => e.id);
    await emulator.close();

    // Back in scope: the daily run ends Erin's series and tells her and Carys, and leaves Farah's alone.
    await startEmulator({ stateFile }, false);
    expect(occurrencesOf(CARYS, erin).filter((ms) => ms >= AFTER_LAST_DAY).length).toBeGreaterThan(
      0,
    );
    const daily = await cadence(CHANGED_ON, 'daily');
    expect(daily).toMatch(/Outlook: 1 ended relationship taken out/);
    expect(daily).toContain('0 sessions lost');
    expect(occurrencesOf(CARYS, erin).filter((ms) => ms >= AFTER_LAST_DAY)).toEqual([]);
    expect(occurrencesOf(CARYS, erin)).toEqual(erinBefore.filter((ms) => ms < AFTER_LAST_DAY));
    expect(writesTo(farahSeries)).toEqual([]);
    const told = await endingMessages();
    expect(told.map((m) => m.recipient)).toEqual([CARYS, ERIN, FARAH, SANA]);
    expect(told.find((m) => m.recipient === ERIN)!.payload.newSupervisorId).toBeNull();

    // A third run: no write to either relationship's series, no message again.
    emulator.resetLog();
    await cadence(CHANGED_ON, 'daily');
    expect(writesTo([...farahSeries, ...seriesOf(CARYS, erin).map((e) => e.id)])).toEqual([]);
    expect(await endingMessages()).toHaveLength(4);
  }, 420_000);
});
