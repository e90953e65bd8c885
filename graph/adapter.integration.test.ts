/**
 * The real adapter, through the real Graph SDK client and a real
 * @azure/identity ClientSecretCredential, against the emulator over HTTP.
 * Only the base URL and the authority host differ from production.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseIsoDate } from '../rules/index.ts';
import {
  emulatorConnection,
  startGraphEmulator,
  type GraphEmulator,
  type User,
} from './emulator/index.ts';
import {
  createCalendarAdapter,
  createDirectoryAdapter,
  createGraphClient,
  type CalendarPort,
  type GraphClient,
  type SeriesRequest,
} from './index.ts';

const TODAY = '2026-11-23';
const FROM = '2026-12-01T00:00:00';
const TO = '2027-03-10T00:00:00';

function connect(emulator: GraphEmulator): GraphClient {
  return createGraphClient({ ...emulatorConnection(emulator), retry: { delaySeconds: 0 } });
}

function pairs(users: User[]): { supervisor: User; supervisee: User }[] {
  const byId = new Map(users.map((user) => [user.id, user]));
  return users.flatMap((user) => {
    const manager = user.managerId ? byId.get(user.managerId) : undefined;
    return manager ? [{ supervisor: manager, supervisee: user }] : [];
  });
}

function series(
  supervisor: User,
  supervisee: User,
  key: string,
  day: 'tuesday' | 'wednesday' = 'tuesday',
  hour = '10',
): SeriesRequest {
  const first = day === 'tuesday' ? '2026-12-01' : '2026-12-02';
  return {
    organizer: { upn: supervisor.userPrincipalName, name: supervisor.displayName },
    attendee: { upn: supervisee.userPrincipalName, name: supervisee.displayName },
    relationshipTag: `rel-${supervisee.id}`,
    seriesKey: key,
    start: `${first}T${hour}:00:00`,
    end: `${first}T${hour}:45:00`,
    repeat: { kind: 'weekly', interval: 2, day },
    until: parseIsoDate('2027-03-01'),
  };
}

describe('Graph adapter against the emulator', () => {
  let emulator: GraphEmulator;
  let client: GraphClient;
  let calendar: CalendarPort;
  let users: User[];

  beforeAll(async () => {
    emulator = await startGraphEmulator({ latencyMs: 2 });
    users = emulator.seedDemoCouncil({ today: TODAY }).users;
    client = connect(emulator);
    calendar = createCalendarAdapter(client);
  });
  afterAll(() => emulator.close());

  it('reads people, managers and direct reports', async () => {
    const [{ supervisor, supervisee }] = pairs(users) as [{ supervisor: User; supervisee: User }];
    const directory = createDirectoryAdapter(client);
    const [found, nobody] = await directory.users([
      supervisee.userPrincipalName,
      'nobody@northdale.example',
    ]);
    expect(found).toMatchObject({
      id: supervisee.id,
      upn: supervisee.userPrincipalName,
      displayName: supervisee.displayName,
    });
    expect(nobody).toBeNull();
    expect((await directory.managers([supervisee.userPrincipalName]))[0]?.upn).toBe(
      supervisor.userPrincipalName,
    );
    const [reports] = await directory.directReports([supervisor.userPrincipalName]);
    expect(reports?.map((user) => user.upn)).toContain(supervisee.userPrincipalName);
  });

  it('reads free/busy and working hours for a window longer than getSchedule allows', async () => {
    const people = pairs(users).slice(0, 30);
    emulator.resetLog();
    const answers = await calendar.availability(
      people.map(({ supervisor, supervisee }) => ({
        mailboxes: [supervisor.userPrincipalName, supervisee.userPrincipalName],
        from: FROM,
        to: TO,
      })),
    );
    expect(answers).toHaveLength(30);
    const first = answers[0]![0]!;
    expect(first.problem).toBeUndefined();
    expect(first.busy.length).toBeGreaterThan(0);
    expect(first.workingHours?.days.length).toBeGreaterThan(0);
    expect(
      first.busy.every((span) => span.start >= '2026-11-30' && span.start < '2027-03-11'),
    ).toBe(true);
    const getSchedules = emulator.requestLog.filter((entry) => entry.path.endsWith('/getSchedule'));
    expect(getSchedules.every((entry) => entry.inBatch && entry.status === 200)).toBe(true);
    expect(emulator.counters.httpRoundTrips).toBeLessThanOrEqual(2);
  });

  it('creates a series once for one transactionId, finds it, lists, moves and cancels its occurrences', async () => {
    const { supervisor, supervisee } = pairs(users)[1]!;
    const request = series(supervisor, supervisee, 'it:create-once');
    const [first] = await calendar.createSeries([request]);
    const [again] = await calendar.createSeries([request]);
    expect(first?.ok && again?.ok).toBe(true);
    const id = first!.ok ? first!.value.seriesId : '';
    expect(again!.ok && again!.value.seriesId).toBe(id);

    const [found] = await calendar.findSeriesByRelationship([
      { organizer: supervisor.userPrincipalName, relationshipTag: request.relationshipTag },
    ]);
    expect(
      found?.filter((event) => event.type === 'seriesMaster').map((event) => event.id),
    ).toEqual([id]);
    expect(found?.[0]).toMatchObject({ until: '2027-03-01', start: '2026-12-01T10:00:00' });

    const range = { organizer: supervisor.userPrincipalName, seriesId: id, from: FROM, to: TO };
    const [occurrences] = await calendar.listInstances([range]);
    expect(occurrences?.map((occurrence) => occurrence.start.slice(0, 10))).toEqual([
      '2026-12-01',
      '2026-12-15',
      '2026-12-29',
      '2027-01-12',
      '2027-01-26',
      '2027-02-09',
      '2027-02-23',
    ]);

    const [toMove, toCancel] = occurrences!;
    const moved = await calendar.moveOccurrences([
      {
        organizer: supervisor.userPrincipalName,
        occurrenceId: toMove!.id,
        start: '2026-12-02T14:00:00',
        end: '2026-12-02T14:45:00',
      },
    ]);
    expect(moved).toEqual([{ ok: true, value: undefined }]);
    const cancelled = await calendar.cancelOccurrences([
      { organizer: supervisor.userPrincipalName, occurrenceId: toCancel!.id },
    ]);
    expect(cancelled).toEqual([{ ok: true, value: undefined }]);

    const [after] = await calendar.listInstances([range]);
    expect(after).toHaveLength(6);
    expect(after?.[0]).toMatchObject({
      type: 'exception',
      start: '2026-12-02T14:00:00',
      end: '2026-12-02T14:45:00',
    });

    const extended = await calendar.extendSeries([
      {
        organizer: supervisor.userPrincipalName,
        seriesId: id,
        repeat: request.repeat,
        firstDate: parseIsoDate('2026-12-01'),
        until: parseIsoDate('2027-04-01'),
      },
    ]);
    expect(extended[0]?.ok).toBe(true);
    const [longer] = await calendar.listInstances([{ ...range, to: '2027-04-02T00:00:00' }]);
    expect(longer?.at(-1)?.start.slice(0, 10)).toBe('2027-03-23');
  });

  it("sees a declined occurrence change in a bare delta, and reads the decline from the series' instances", async () => {
    const { supervisor, supervisee } = pairs(users)[2]!;
    const [created] = await calendar.createSeries([
      series(supervisor, supervisee, 'it:delta', 'wednesday', '11'),
    ]);
    const seriesId = created!.ok ? created!.value.seriesId : '';
    const [start] = await calendar.changesSince([
      { mailbox: supervisor.userPrincipalName, from: FROM, to: TO },
    ]);
    const [occurrences] = await calendar.listInstances([
      { organizer: supervisor.userPrincipalName, seriesId, from: FROM, to: TO },
    ]);
    emulator.declineOccurrence(
      supervisor.userPrincipalName,
      occurrences![0]!.id,
      supervisee.userPrincipalName,
    );
    const [next] = await calendar.changesSince([
      {
        mailbox: supervisor.userPrincipalName,
        deltaLink: start!.ok ? start!.value.nextDeltaLink : '',
      },
    ]);
    const change = next!.ok
      ? next!.value.changes.find((entry) => entry.id === occurrences![0]!.id)
      : undefined;
    // Only what Graph gives in a delta: no attendees, nothing to read a decline from.
    expect(change).toEqual({
      kind: 'changed',
      id: occurrences![0]!.id,
      type: 'occurrence',
      seriesId,
      start: occurrences![0]!.start,
      end: occurrences![0]!.end,
    });
    const [responses] = await calendar.seriesResponses([
      { organizer: supervisor.userPrincipalName, seriesId, from: FROM, to: TO },
    ]);
    expect(
      responses!.ok &&
        responses!.value.occurrences.find((o) => o.id === occurrences![0]!.id)?.attendees,
    ).toContainEqual({ address: supervisee.userPrincipalName, response: 'declined' });
    expect(responses!.ok && responses!.value.attendees).toContainEqual({
      address: supervisee.userPrincipalName,
      response: 'none',
    });
  });

  it('reports an expired delta link as expired, for that mailbox only', async () => {
    const [one, two] = [
      ...new Set(pairs(users).map((pair) => pair.supervisor.userPrincipalName)),
    ].slice(1, 3);
    const rounds = await calendar.changesSince(
      [one!, two!].map((mailbox) => ({ mailbox, from: FROM, to: TO })),
    );
    emulator.expireDeltaTokens(one);
    const next = await calendar.changesSince(
      rounds.map((round, index) => ({
        mailbox: [one!, two!][index]!,
        deltaLink: round.ok ? round.value.nextDeltaLink : '',
      })),
    );
    expect(next.map((outcome) => (outcome.ok ? 'ok' : outcome.failure))).toEqual(['expired', 'ok']);
  });

  it('never goes over 4 requests per mailbox, so Outlook never throttles it', () => {
    expect(emulator.requestLog.filter((entry) => entry.status === 429)).toEqual([]);
  });
});

describe('Graph adapter in a 429 and 5xx storm', () => {
  let emulator: GraphEmulator;
  afterAll(() => emulator.close());

  it('books every series once, retrying throttled requests inside $batch', async () => {
    emulator = await startGraphEmulator({
      latencyMs: 1,
      faults: {
        throttleEvery: 3,
        retryAfterSeconds: 1,
        serverErrorEvery: 7,
        serverErrorStatus: 503,
      },
    });
    const users = emulator.seedDemoCouncil({ today: TODAY }).users;
    const calendar = createCalendarAdapter(connect(emulator), { maxAttempts: 8 });
    const requests = pairs(users)
      .slice(0, 24)
      .map(({ supervisor, supervisee }, index) => series(supervisor, supervisee, `storm:${index}`));
    const outcomes = await calendar.createSeries(requests);
    expect(outcomes.filter((outcome) => !outcome.ok)).toEqual([]);
    expect(emulator.requestLog.some((entry) => entry.inBatch && entry.status === 429)).toBe(true);

    const found = await calendar.findSeriesByRelationship(
      requests.map((request) => ({
        organizer: request.organizer.upn,
        relationshipTag: request.relationshipTag,
      })),
    );
    for (const [index, events] of found.entries()) {
      expect(
        events.filter((event) => event.type === 'seriesMaster'),
        `series of ${requests[index]!.relationshipTag}`,
      ).toHaveLength(1);
    }
  }, 60_000);
});
