import { describe, expect, it } from 'vitest';
import { parseIsoDate } from '../rules/index.ts';
import { createCalendarAdapter } from './calendar.ts';
import {
  BASE,
  fakeClient,
  fakeGraph,
  noSleep,
  type InnerRequest,
} from '../test/support/fake-graph.ts';
import { GraphResponseError } from './errors.ts';

const london = (dateTime: string) => ({ dateTime, timeZone: 'Europe/London' });
const instance = (id: string, day: string, extra: object = {}) => ({
  id,
  type: 'occurrence',
  seriesMasterId: 'M1',
  start: london(`${day}T10:00:00.0000000`),
  end: london(`${day}T11:00:00.0000000`),
  ...extra,
});

describe('calendar adapter', () => {
  it('creates series in the organizer mailbox and returns their ids', async () => {
    const fake = fakeGraph((request) => ({
      status: 201,
      body: {
        id: `E-${request.id}`,
        type: 'seriesMaster',
        start: london('2026-12-01T10:00:00'),
        end: london('2026-12-01T11:00:00'),
        transactionId: (request.body as { transactionId: string }).transactionId,
      },
    }));
    const calendar = createCalendarAdapter(fakeClient(fake), noSleep);
    const base = {
      attendee: { upn: 'b@x.test', name: 'B' },
      start: '2026-12-01T10:00:00',
      end: '2026-12-01T11:00:00',
      repeat: { kind: 'weekly', interval: 2, day: 'tuesday' },
      until: parseIsoDate('2027-03-01'),
    } as const;
    const outcomes = await calendar.createSeries([
      {
        ...base,
        organizer: { upn: 'a@x.test', name: 'A' },
        relationshipTag: 'r1',
        seriesKey: 'k1',
      },
      {
        ...base,
        organizer: { upn: 'c@x.test', name: 'C' },
        relationshipTag: 'r2',
        seriesKey: 'k2',
      },
    ]);
    expect(fake.batches).toHaveLength(1);
    expect(fake.batches[0]!.map((request) => `${request.method} ${request.url}`)).toEqual([
      'POST /users/a@x.test/events',
      'POST /users/c@x.test/events',
    ]);
    expect(outcomes).toMatchObject([
      { ok: true, value: { seriesId: 'E-1' } },
      { ok: true, value: { seriesId: 'E-2' } },
    ]);
  });

  it('reports a created event it cannot read as that request failing, with the path', async () => {
    const fake = fakeGraph(() => ({
      status: 201,
      body: { id: 'E', start: london('2026-12-01T10:00:00') },
    }));
    const [outcome] = await createCalendarAdapter(fakeClient(fake), noSleep).createSeries([
      {
        organizer: { upn: 'a@x.test', name: 'A' },
        attendee: { upn: 'b@x.test', name: 'B' },
        relationshipTag: 'r',
        seriesKey: 'k',
        start: '2026-12-01T10:00:00',
        end: '2026-12-01T11:00:00',
        repeat: { kind: 'weekly', interval: 1, day: 'tuesday' },
        until: parseIsoDate('2027-01-01'),
      },
    ]);
    expect(outcome?.ok).toBe(false);
    expect(!outcome!.ok && outcome!.error).toBeInstanceOf(GraphResponseError);
    expect(!outcome!.ok && outcome!.error.message).toMatch(/at end: /);
  });

  it('says which failed creates may be in Outlook all the same: a refused repeat, a 5xx, no answer; not a refusal', async () => {
    const answers: Record<string, { status: number; body: unknown }> = {
      k1: {
        status: 400,
        body: { error: { code: 'ErrorDuplicateTransactionId', message: 'already used' } },
      },
      k2: { status: 503, body: { error: { code: 'ServiceUnavailable' } } },
      k3: { status: 403, body: { error: { code: 'ErrorAccessDenied' } } },
      k4: {
        status: 201,
        body: {
          id: 'E4',
          type: 'seriesMaster',
          start: london('2026-12-01T10:00:00'),
          end: london('2026-12-01T11:00:00'),
          onlineMeeting: { joinUrl: 'https://teams.microsoft.com/l/meetup-join/x' },
        },
      },
    };
    const fake = fakeGraph((request) => {
      const key = Object.keys(answers).find((k) =>
        JSON.stringify(request.body).includes(`"value":"${k}"`),
      )!;
      return answers[key]!;
    });
    const request = (key: string) =>
      ({
        organizer: { upn: 'a@x.test', name: 'A' },
        attendee: { upn: 'b@x.test', name: 'B' },
        relationshipTag: key,
        seriesKey: key,
        start: '2026-12-01T10:00:00',
        end: '2026-12-01T11:00:00',
        repeat: { kind: 'weekly', interval: 1, day: 'tuesday' },
        until: parseIsoDate('2027-01-01'),
        teamsMeeting: true,
      }) as const;
    const outcomes = await createCalendarAdapter(fakeClient(fake), {
      ...noSleep,
      maxAttempts: 1,
    }).createSeries(['k1', 'k2', 'k3', 'k4'].map(request));
    expect(outcomes.map((o) => (o.ok ? o.value.joinUrl : o.mayHaveLanded))).toEqual([
      true,
      true,
      false,
      'https://teams.microsoft.com/l/meetup-join/x',
    ]);
  });

  it('lists instances across pages, leaving out cancelled ones', async () => {
    const fake = fakeGraph((request) => {
      if (request.url.includes('skiptoken'))
        return {
          status: 200,
          body: { value: [instance('O3', '2026-12-29', { type: 'exception' })] },
        };
      return {
        status: 200,
        body: {
          value: [
            instance('O1', '2026-12-01'),
            instance('O2', '2026-12-15', { isCancelled: true }),
          ],
          '@odata.nextLink': `${BASE}/v1.0/users/a@x.test/events/M1/instances?$skiptoken=abc`,
        },
      };
    });
    const [occurrences] = await createCalendarAdapter(fakeClient(fake), noSleep).listInstances([
      {
        organizer: 'a@x.test',
        seriesId: 'M1',
        from: '2026-12-01T00:00:00',
        to: '2027-03-01T00:00:00',
      },
    ]);
    expect(fake.batches[0]![0]!.url).toBe(
      '/users/a@x.test/events/M1/instances?startDateTime=2026-12-01T00%3A00%3A00Z&endDateTime=2027-03-01T00%3A00%3A00Z&$select=id%2Ctype%2CseriesMasterId%2Cstart%2Cend%2CisCancelled',
    );
    expect(fake.batches[1]![0]!.url).toBe('/users/a@x.test/events/M1/instances?$skiptoken=abc');
    expect(occurrences).toEqual([
      {
        id: 'O1',
        seriesId: 'M1',
        type: 'occurrence',
        start: '2026-12-01T10:00:00',
        end: '2026-12-01T11:00:00',
      },
      {
        id: 'O3',
        seriesId: 'M1',
        type: 'exception',
        start: '2026-12-29T10:00:00',
        end: '2026-12-29T11:00:00',
      },
    ]);
  });

  it('moves, cancels (already gone counts) and extends', async () => {
    const seen: InnerRequest[] = [];
    const fake = fakeGraph((request) => {
      seen.push(request);
      if (request.method === 'DELETE' && request.url.endsWith('/gone'))
        return { status: 404, body: { error: { code: 'ErrorItemNotFound' } } };
      return {
        status: request.method === 'DELETE' ? 204 : 200,
        body: request.method === 'DELETE' ? undefined : { id: 'x' },
      };
    });
    const calendar = createCalendarAdapter(fakeClient(fake), noSleep);
    expect(
      await calendar.moveOccurrences([
        {
          organizer: 'a@x.test',
          occurrenceId: 'O/1+',
          start: '2026-12-02T14:00:00',
          end: '2026-12-02T15:00:00',
        },
      ]),
    ).toEqual([{ ok: true, value: undefined }]);
    expect(
      await calendar.cancelOccurrences([
        { organizer: 'a@x.test', occurrenceId: 'gone' },
        { organizer: 'a@x.test', occurrenceId: 'O2' },
      ]),
    ).toEqual([
      { ok: true, value: undefined },
      { ok: true, value: undefined },
    ]);
    await calendar.extendSeries([
      {
        organizer: 'a@x.test',
        seriesId: 'M1',
        repeat: { kind: 'weekly', interval: 1, day: 'monday' },
        firstDate: parseIsoDate('2026-12-07'),
        until: parseIsoDate('2027-06-01'),
      },
    ]);
    expect(seen[0]).toMatchObject({
      method: 'PATCH',
      url: '/users/a@x.test/events/O%2F1%2B',
      body: { start: london('2026-12-02T14:00:00'), end: london('2026-12-02T15:00:00') },
    });
    expect(seen[3]).toMatchObject({
      method: 'PATCH',
      url: '/users/a@x.test/events/M1',
      body: { recurrence: { range: { startDate: '2026-12-07', endDate: '2027-06-01' } } },
    });
  });

  it("finds a relationship's events by its extended property", async () => {
    const fake = fakeGraph(() => ({
      status: 200,
      body: {
        value: [
          {
            id: 'M1',
            type: 'seriesMaster',
            transactionId: 't',
            start: london('2026-12-01T10:00:00'),
            end: london('2026-12-01T11:00:00'),
            recurrence: { pattern: {}, range: { endDate: '2027-03-01' } },
          },
        ],
      },
    }));
    const [found] = await createCalendarAdapter(fakeClient(fake), noSleep).findSeriesByRelationship(
      [{ organizer: 'a@x.test', relationshipTag: 'r1' }],
    );
    expect(decodeURIComponent(fake.batches[0]![0]!.url)).toContain("ep/value eq 'r1'");
    expect(found).toEqual([
      {
        id: 'M1',
        type: 'seriesMaster',
        transactionId: 't',
        until: '2027-03-01',
        joinUrl: null,
        start: '2026-12-01T10:00:00',
        end: '2026-12-01T11:00:00',
      },
    ]);
  });

  it('reads changes from a bare delta, removed and moved alike, and continues from the deltaLink', async () => {
    const fake = fakeGraph((request) => ({
      status: 200,
      body: {
        value: [{ id: 'O1', '@removed': { reason: 'deleted' } }, instance('O2', '2026-12-15')],
        '@odata.deltaLink': `${BASE}/v1.0/users/a@x.test/calendarView/delta?$deltatoken=${request.url.includes('deltatoken') ? 'two' : 'one'}`,
      },
    }));
    const calendar = createCalendarAdapter(fakeClient(fake), noSleep);
    const [first] = await calendar.changesSince([
      { mailbox: 'a@x.test', from: '2026-12-01T00:00:00', to: '2027-03-01T00:00:00' },
    ]);
    expect(first).toEqual({
      ok: true,
      value: {
        mailbox: 'a@x.test',
        nextDeltaLink: `${BASE}/v1.0/users/a@x.test/calendarView/delta?$deltatoken=one`,
        changes: [
          { kind: 'removed', id: 'O1' },
          {
            kind: 'changed',
            id: 'O2',
            type: 'occurrence',
            seriesId: 'M1',
            start: '2026-12-15T10:00:00',
            end: '2026-12-15T11:00:00',
          },
        ],
      },
    });
    const [second] = await calendar.changesSince([
      { mailbox: 'a@x.test', deltaLink: first!.ok ? first!.value.nextDeltaLink : '' },
    ]);
    expect(fake.batches[1]![0]!.url).toBe('/users/a@x.test/calendarView/delta?$deltatoken=one');
    expect(second!.ok && second!.value.nextDeltaLink).toContain('deltatoken=two');
  });

  it("reads each mailbox's delta on its own: an expired link, a refused mailbox and a good one, each with its outcome", async () => {
    const fake = fakeGraph((request) => {
      if (request.url.startsWith('/users/gone@'))
        return { status: 410, body: { error: { code: 'syncStateNotFound', message: 'expired' } } };
      if (request.url.startsWith('/users/old@'))
        return { status: 400, body: { error: { code: 'SyncStateNotFound', message: 'expired' } } };
      if (request.url.startsWith('/users/out@'))
        return {
          status: 403,
          body: { error: { code: 'ErrorAccessDenied', message: 'Access is denied.' } },
        };
      return {
        status: 200,
        body: {
          value: [],
          '@odata.deltaLink': `${BASE}/v1.0/users/a@x.test/calendarView/delta?$deltatoken=one`,
        },
      };
    });
    const window = { from: '2026-12-01T00:00:00', to: '2027-03-01T00:00:00' };
    const outcomes = await createCalendarAdapter(fakeClient(fake), noSleep).changesSince(
      ['gone@x.test', 'old@x.test', 'out@x.test', 'a@x.test'].map((mailbox) => ({
        mailbox,
        ...window,
      })),
    );
    expect(outcomes.map((o) => (o.ok ? 'ok' : o.failure))).toEqual([
      'expired',
      'expired',
      'no-access',
      'ok',
    ]);
    expect(outcomes[2]).toMatchObject({
      ok: false,
      error: {
        name: 'GraphRequestError',
        status: 403,
        code: 'ErrorAccessDenied',
        request: { mailbox: 'out@x.test' },
      },
    });
  });

  it("reads attendees' responses from the series and its instances with $select=attendees, in one batch", async () => {
    const declined = { emailAddress: { address: 'b@x.test' }, status: { response: 'declined' } };
    const accepted = { emailAddress: { address: 'b@x.test' }, status: { response: 'accepted' } };
    const fake = fakeGraph((request) => {
      if (request.url.includes('/instances'))
        return {
          status: 200,
          body: { value: [{ id: 'O1', attendees: [declined] }, { id: 'O2' }] },
        };
      return { status: 200, body: { id: 'M1', attendees: [accepted] } };
    });
    const [read] = await createCalendarAdapter(fakeClient(fake), noSleep).seriesResponses([
      {
        organizer: 'a@x.test',
        seriesId: 'M1',
        from: '2026-12-01T00:00:00',
        to: '2027-03-01T00:00:00',
      },
    ]);
    expect(fake.batches[0]![0]!.url).toBe('/users/a@x.test/events/M1?$select=attendees');
    expect(fake.batches[1]![0]!.url).toContain(
      '/users/a@x.test/events/M1/instances?startDateTime=',
    );
    expect(fake.batches[1]![0]!.url).toContain('$select=attendees');
    expect(read).toEqual({
      ok: true,
      value: {
        attendees: [{ address: 'b@x.test', response: 'accepted' }],
        occurrences: [
          { id: 'O1', attendees: [{ address: 'b@x.test', response: 'declined' }] },
          { id: 'O2', attendees: null },
        ],
      },
    });
  });

  it('throws a read that failed for good', async () => {
    const fake = fakeGraph(() => ({
      status: 403,
      body: { error: { code: 'ErrorAccessDenied', message: 'Access is denied.' } },
    }));
    await expect(
      createCalendarAdapter(fakeClient(fake), noSleep).availability([
        { mailboxes: ['a@x.test'], from: '2026-12-01T00:00:00', to: '2026-12-08T00:00:00' },
      ]),
    ).rejects.toMatchObject({
      name: 'GraphRequestError',
      status: 403,
      code: 'ErrorAccessDenied',
      request: { method: 'POST', url: '/users/a@x.test/calendar/getSchedule' },
    });
  });
});
