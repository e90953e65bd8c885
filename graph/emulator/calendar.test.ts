/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-return -- tests read Graph's JSON untyped, over HTTP; schemas.test.ts checks its shape. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DELTA_TOKENS_PER_MAILBOX } from './delta.ts';
import { startGraphEmulator, type GraphEmulator } from './index.ts';
import { client, london, PEOPLE, RELATIONSHIP_PROP } from '../../test/support/emulator-client.ts';

const series = (transactionId: string, relationship: string) => ({
  subject: 'Supervision: Sam Lead / Ada Worker',
  body: { contentType: 'text', content: 'Booked by Cadence.' },
  start: london('2026-12-01T10:00:00'),
  end: london('2026-12-01T11:00:00'),
  recurrence: {
    pattern: { type: 'weekly', interval: 2, daysOfWeek: ['tuesday'], firstDayOfWeek: 'monday' },
    range: { type: 'endDate', startDate: '2026-12-01', endDate: '2027-03-01' },
  },
  attendees: [
    { emailAddress: { address: 'ada@council.example', name: 'Ada Worker' }, type: 'required' },
  ],
  sensitivity: 'private',
  showAs: 'busy',
  transactionId,
  isOnlineMeeting: true,
  onlineMeetingProvider: 'teamsForBusiness',
  singleValueExtendedProperties: [{ id: RELATIONSHIP_PROP, value: relationship }],
});

const WINDOW = 'startDateTime=2026-11-01T00:00:00Z&endDateTime=2027-04-01T00:00:00Z';

describe('events', () => {
  let em: GraphEmulator;
  let call: ReturnType<typeof client>;
  beforeAll(async () => {
    em = await startGraphEmulator({ https: false });
    em.seed(PEOPLE);
    call = client(em);
  });
  afterAll(() => em.close());

  it('de-duplicates a POST by transactionId within a mailbox', async () => {
    const a = await call('POST', '/users/sam@council.example/events', series('tx-1', 'rel-1'));
    const b = await call('POST', '/users/sam@council.example/events', series('tx-1', 'rel-1'));
    expect(a.status).toBe(201);
    expect(b.body.id).toBe(a.body.id);
    expect(a.body).toMatchObject({
      transactionId: 'tx-1',
      type: 'seriesMaster',
      sensitivity: 'private',
      isOnlineMeeting: true,
    });
    const other = await call('POST', '/users/ada@council.example/events', series('tx-1', 'rel-1'));
    expect(other.body.id).not.toBe(a.body.id);
    const found = await call(
      'GET',
      `/users/sam@council.example/events?$filter=${encodeURIComponent(`singleValueExtendedProperties/Any(ep: ep/id eq '${RELATIONSHIP_PROP}' and ep/value eq 'rel-1')`)}`,
    );
    expect(found.body.value.map((e: { id: string }) => e.id)).toEqual([a.body.id]);
    const none = await call(
      'GET',
      `/users/sam@council.example/events?$filter=${encodeURIComponent(`singleValueExtendedProperties/Any(ep: ep/id eq '${RELATIONSHIP_PROP}' and ep/value eq 'rel-2')`)}`,
    );
    expect(none.body.value).toEqual([]);
  });

  it('refuses a repeated transactionId with a different body (ErrorDuplicateTransactionId), and a PATCH changing it', async () => {
    const first = await call(
      'POST',
      '/users/sam@council.example/events',
      series('tx-strict', 'rel-strict'),
    );
    expect(first.status).toBe(201);
    // The same body in another key order is the same create.
    const reordered = Object.fromEntries(
      Object.entries(series('tx-strict', 'rel-strict')).reverse(),
    );
    expect((await call('POST', '/users/sam@council.example/events', reordered)).body.id).toBe(
      first.body.id,
    );
    const renamed = {
      ...series('tx-strict', 'rel-strict'),
      subject: 'Supervision: Sam Lead / Ada Renamed',
    };
    const refused = await call('POST', '/users/sam@council.example/events', renamed);
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe('ErrorDuplicateTransactionId');
    const found = await call(
      'GET',
      `/users/sam@council.example/events?$filter=${encodeURIComponent(`singleValueExtendedProperties/Any(ep: ep/id eq '${RELATIONSHIP_PROP}' and ep/value eq 'rel-strict')`)}`,
    );
    expect(found.body.value).toHaveLength(1);
    const patched = await call('PATCH', `/users/sam@council.example/events/${first.body.id}`, {
      transactionId: 'tx-other',
    });
    expect(patched.status).toBe(400);
    expect(
      (await call('GET', `/users/sam@council.example/events/${first.body.id}`)).body.transactionId,
    ).toBe('tx-strict');
  });

  it('makes a Teams link only where the calendar allows Teams; elsewhere 201 with provider "unknown" and no joinUrl', async () => {
    em.seed([
      {
        displayName: 'Nia Home',
        userPrincipalName: 'nia@council.example',
        onlineMeetingProviders: [],
      },
    ]);
    const teams = await call('GET', '/users/sam@council.example/calendar');
    expect(teams.body).toMatchObject({
      allowedOnlineMeetingProviders: ['teamsForBusiness'],
      defaultOnlineMeetingProvider: 'teamsForBusiness',
    });
    const none = await call('GET', '/users/nia@council.example/calendar');
    expect(none.body).toMatchObject({
      allowedOnlineMeetingProviders: ['unknown'],
      defaultOnlineMeetingProvider: 'unknown',
    });
    const made = await call(
      'POST',
      '/users/sam@council.example/events',
      series('tx-teams', 'rel-teams'),
    );
    expect(made.body).toMatchObject({
      isOnlineMeeting: true,
      onlineMeetingProvider: 'teamsForBusiness',
    });
    expect(made.body.onlineMeeting.joinUrl).toMatch(/^https:\/\/teams\.microsoft\.com\//);
    const quiet = await call(
      'POST',
      '/users/nia@council.example/events',
      series('tx-teams', 'rel-teams'),
    );
    expect(quiet.status).toBe(201);
    expect(quiet.body).toMatchObject({
      isOnlineMeeting: false,
      onlineMeetingProvider: 'unknown',
      onlineMeeting: null,
    });
    // The body as sent is what a repeat is compared with, so the same create is still the same.
    expect(
      (await call('POST', '/users/nia@council.example/events', series('tx-teams', 'rel-teams')))
        .body.id,
    ).toBe(quiet.body.id);
  });

  it('moves an occurrence (it becomes an exception), cancels another, and refuses a move past a neighbour', async () => {
    const master = await call('POST', '/users/sam@council.example/events', series('tx-2', 'rel-2'));
    const list = async () =>
      (
        await call(
          'GET',
          `/users/sam@council.example/events/${master.body.id}/instances?${WINDOW}&$top=50`,
        )
      ).body.value as { id: string; type: string; start: { dateTime: string } }[];
    const before = await list();
    expect(before).toHaveLength(7);
    const [first, second, third] = before as [
      (typeof before)[0],
      (typeof before)[0],
      (typeof before)[0],
    ];
    const moved = await call('PATCH', `/users/sam@council.example/events/${second.id}`, {
      start: london('2026-12-17T14:00:00'),
      end: london('2026-12-17T15:00:00'),
    });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({
      id: second.id,
      type: 'exception',
      seriesMasterId: master.body.id,
      start: { dateTime: '2026-12-17T14:00:00.0000000' },
    });
    expect((await call('DELETE', `/users/sam@council.example/events/${third.id}`)).status).toBe(
      204,
    );
    const after = await list();
    expect(after.map((i) => i.id)).toEqual(
      before.filter((i) => i.id !== third.id).map((i) => i.id),
    );
    expect(after[1]).toMatchObject({
      type: 'exception',
      start: { dateTime: '2026-12-17T14:00:00.0000000' },
    });
    expect((await call('GET', `/users/sam@council.example/events/${third.id}`)).status).toBe(404);
    const crossing = await call('PATCH', `/users/sam@council.example/events/${first.id}`, {
      start: london('2026-12-17T09:00:00'),
      end: london('2026-12-17T10:00:00'),
    });
    expect(crossing.status).toBe(400);
    expect(crossing.body.error.code).toBe('ErrorOccurrenceCrossingBoundary');
  });

  it('extends a series by PATCHing its range, and deleting the master removes it', async () => {
    const master = await call('POST', '/users/sam@council.example/events', series('tx-3', 'rel-3'));
    const longer = series('tx-3', 'rel-3').recurrence;
    longer.range.endDate = '2027-05-31';
    const patched = await call('PATCH', `/users/sam@council.example/events/${master.body.id}`, {
      recurrence: longer,
    });
    expect(patched.body.recurrence.range.endDate).toBe('2027-05-31');
    const count = await call(
      'GET',
      `/users/sam@council.example/events/${master.body.id}/instances?startDateTime=2026-11-01T00:00:00Z&endDateTime=2027-07-01T00:00:00Z&$top=100`,
    );
    expect(count.body.value).toHaveLength(13);
    expect(
      (await call('DELETE', `/users/sam@council.example/events/${master.body.id}`)).status,
    ).toBe(204);
    expect((await call('GET', `/users/sam@council.example/events/${master.body.id}`)).status).toBe(
      404,
    );
  });

  it('delta after a cancellation in Outlook returns only the removed occurrence', async () => {
    const master = await call('POST', '/users/ada@council.example/events', {
      ...series('tx-4', 'rel-4'),
      attendees: [],
    });
    const rounds: { value: { id: string; '@removed'?: unknown }[]; deltaLink: string }[] = [];
    const round = async (url: string) => {
      const value: { id: string; '@removed'?: unknown }[] = [];
      let next: string | undefined = url;
      let deltaLink = '';
      while (next) {
        const r = await call('GET', next);
        value.push(...r.body.value);
        next = r.body['@odata.nextLink'];
        deltaLink = r.body['@odata.deltaLink'] ?? deltaLink;
      }
      rounds.push({ value, deltaLink });
      return rounds[rounds.length - 1]!;
    };
    const initial = await round(`/users/ada@council.example/calendarView/delta?${WINDOW}`);
    expect(initial.value.filter((v) => v.id.startsWith(master.body.id))).toHaveLength(7);
    expect((await round(initial.deltaLink)).value).toEqual([]);
    const victim = initial.value.find((v) => v.id.startsWith(master.body.id))!.id;
    em.cancelOccurrence('ada@council.example', victim);
    const changed = await round(rounds[1]!.deltaLink);
    expect(changed.value).toEqual([{ id: victim, '@removed': { reason: 'deleted' } }]);
    const next = initial.value.filter((v) => v.id.startsWith(master.body.id))[1]!.id;
    em.moveOccurrence(
      'ada@council.example',
      next,
      london('2026-12-23T15:00:00'),
      london('2026-12-23T16:00:00'),
    );
    const movedRound = await round(changed.deltaLink);
    expect(movedRound.value).toMatchObject([
      { id: next, type: 'exception', start: { dateTime: '2026-12-23T15:00:00.0000000' } },
    ]);
  });

  it('keeps the newest delta tokens of a mailbox; an older one answers 410 and a new round starts', async () => {
    const adas = (await call('GET', `/users/ada@council.example/calendarView/delta?${WINDOW}`))
      .body;
    const links: string[] = [];
    for (let round = 0; round <= DELTA_TOKENS_PER_MAILBOX; round++) {
      const r = await call(
        'GET',
        links.at(-1) ?? `/users/ben@council.example/calendarView/delta?${WINDOW}`,
      );
      links.push(r.body['@odata.deltaLink']);
    }
    const oldest = await call('GET', links[0]!);
    expect(oldest.status).toBe(410);
    expect(oldest.body.error.code).toBe('syncStateNotFound');
    expect((await call('GET', links[1]!)).status).toBe(200);
    // The bound is per mailbox: Ben's rounds leave Ada's token alone.
    expect((await call('GET', adas['@odata.deltaLink'])).status).toBe(200);
  });

  it('an attendee declining an occurrence shows on the organizer copy and frees the attendee', async () => {
    const busyAt10 = async (): Promise<number> => {
      const schedule = await call('POST', '/users/sam@council.example/calendar/getSchedule', {
        schedules: ['ada@council.example'],
        startTime: london('2026-12-01T00:00:00'),
        endTime: london('2026-12-02T00:00:00'),
      });
      return schedule.body.value[0].scheduleItems.filter(
        (i: { start: { dateTime: string } }) => i.start.dateTime === '2026-12-01T10:00:00.0000000',
      ).length;
    };
    const master = await call('POST', '/users/sam@council.example/events', series('tx-5', 'rel-5'));
    const before = await busyAt10();
    const occurrences = (
      await call('GET', `/users/sam@council.example/events/${master.body.id}/instances?${WINDOW}`)
    ).body.value as { id: string }[];
    em.declineOccurrence('sam@council.example', occurrences[0]!.id, 'ada@council.example');
    const occ = await call('GET', `/users/sam@council.example/events/${occurrences[0]!.id}`);
    expect(occ.body.attendees[0].status.response).toBe('declined');
    expect(await busyAt10()).toBe(before - 1);
  });
});
