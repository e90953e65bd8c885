/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-argument -- tests read Graph's JSON untyped, over HTTP; schemas.test.ts checks its shape. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGraphEmulator, type GraphEmulator } from './index.ts';
import { occurrenceDates } from './recurrence.ts';
import { client, london, PEOPLE } from '../../test/support/emulator-client.ts';

describe('occurrenceDates', () => {
  it('weekly with an interval and several days counts weeks from the start week', () => {
    const dates = occurrenceDates(
      {
        pattern: {
          type: 'weekly',
          interval: 2,
          daysOfWeek: ['tuesday', 'thursday'],
          firstDayOfWeek: 'monday',
        },
        range: { type: 'endDate', startDate: '2026-03-17', endDate: '2026-04-16' },
      },
      '2026-01-01',
      '2026-12-31',
    );
    expect(dates).toEqual([
      '2026-03-17',
      '2026-03-19',
      '2026-03-31',
      '2026-04-02',
      '2026-04-14',
      '2026-04-16',
    ]);
  });

  it('relativeMonthly picks first…last, including a month-end day and an inclusive endDate', () => {
    const rec = (index: 'first' | 'fourth' | 'last') => ({
      pattern: {
        type: 'relativeMonthly' as const,
        interval: 1,
        daysOfWeek: ['friday' as const],
        index,
      },
      range: { type: 'endDate' as const, startDate: '2026-05-01', endDate: '2026-07-31' },
    });
    expect(occurrenceDates(rec('last'), '2026-01-01', '2026-12-31')).toEqual([
      '2026-05-29',
      '2026-06-26',
      '2026-07-31',
    ]);
    expect(occurrenceDates(rec('first'), '2026-01-01', '2026-12-31')).toEqual([
      '2026-05-01',
      '2026-06-05',
      '2026-07-03',
    ]);
    expect(occurrenceDates(rec('fourth'), '2026-01-01', '2026-12-31')).toEqual([
      '2026-05-22',
      '2026-06-26',
      '2026-07-24',
    ]);
  });

  it('relativeMonthly every second month, and numbered ranges count from the start', () => {
    const dates = occurrenceDates(
      {
        pattern: { type: 'relativeMonthly', interval: 2, daysOfWeek: ['tuesday'], index: 'second' },
        range: { type: 'numbered', startDate: '2026-01-01', numberOfOccurrences: 3 },
      },
      '2026-03-01',
      '2027-12-31',
    );
    expect(dates).toEqual(['2026-03-10', '2026-05-12']);
  });
});

describe('instances over HTTP', () => {
  let em: GraphEmulator;
  let call: ReturnType<typeof client>;
  beforeAll(async () => {
    em = await startGraphEmulator({ https: false });
    em.seed(PEOPLE);
    call = client(em);
  });
  afterAll(() => em.close());

  it('keeps 10:00 London across the March DST change: 10:00Z in winter, 09:00Z in summer', async () => {
    const created = await call('POST', '/users/sam@council.example/events', {
      subject: 'Supervision: Sam Lead / Ada Worker',
      start: london('2026-03-17T10:00:00'),
      end: london('2026-03-17T11:00:00'),
      recurrence: {
        pattern: {
          type: 'weekly',
          interval: 2,
          daysOfWeek: ['tuesday', 'thursday'],
          firstDayOfWeek: 'monday',
        },
        range: { type: 'endDate', startDate: '2026-03-17', endDate: '2026-04-16' },
      },
    });
    expect(created.status).toBe(201);
    expect(created.body.type).toBe('seriesMaster');
    const utc = await call(
      'GET',
      `/users/sam@council.example/events/${created.body.id}/instances?startDateTime=2026-03-01T00:00:00Z&endDateTime=2026-05-01T00:00:00Z`,
      undefined,
      { prefer: '' },
    );
    expect(utc.body.value.map((i: { start: { dateTime: string } }) => i.start.dateTime)).toEqual([
      '2026-03-17T10:00:00.0000000',
      '2026-03-19T10:00:00.0000000',
      '2026-03-31T09:00:00.0000000',
      '2026-04-02T09:00:00.0000000',
      '2026-04-14T09:00:00.0000000',
      '2026-04-16T09:00:00.0000000',
    ]);
    expect(utc.body.value[0]).toMatchObject({
      type: 'occurrence',
      seriesMasterId: created.body.id,
      isCancelled: false,
      start: { timeZone: 'UTC' },
    });
    const local = await call(
      'GET',
      `/users/sam@council.example/events/${created.body.id}/instances?startDateTime=2026-03-30T00:00:00Z&endDateTime=2026-04-01T00:00:00Z`,
    );
    expect(local.body.value).toHaveLength(1);
    expect(local.body.value[0].start).toEqual({
      dateTime: '2026-03-31T10:00:00.0000000',
      timeZone: 'Europe/London',
    });
  });

  it('pages instances with @odata.nextLink, honours $top, and keeps instance ids stable', async () => {
    const created = await call('POST', '/users/ada@council.example/events', {
      subject: 'Weekly',
      start: london('2026-01-05T14:00:00'),
      end: london('2026-01-05T15:00:00'),
      recurrence: {
        pattern: { type: 'weekly', interval: 1, daysOfWeek: ['monday'] },
        range: { type: 'endDate', startDate: '2026-01-05', endDate: '2026-07-27' },
      },
    });
    const url = `/users/ada@council.example/events/${created.body.id}/instances?startDateTime=2026-01-01T00:00:00Z&endDateTime=2026-12-31T00:00:00Z`;
    const collect = async (first: string): Promise<string[]> => {
      const ids: string[] = [];
      let next: string | undefined = first;
      while (next) {
        const page = await call('GET', next);
        expect(page.body.value.length).toBeLessThanOrEqual(10);
        ids.push(...page.body.value.map((i: { id: string }) => i.id));
        next = page.body['@odata.nextLink'];
      }
      return ids;
    };
    const first = await collect(url);
    expect(first).toHaveLength(30);
    expect(await collect(url)).toEqual(first);
    const top = await call('GET', `${url}&$top=25`);
    expect(top.body.value).toHaveLength(25);
    expect(top.body['@odata.nextLink']).toContain('%24top=25');
  });

  it('relativeMonthly last Friday lands on 31 July, a month end', async () => {
    const created = await call('POST', '/users/ben@council.example/events', {
      subject: 'Monthly',
      start: london('2026-05-29T09:30:00'),
      end: london('2026-05-29T10:30:00'),
      recurrence: {
        pattern: { type: 'relativeMonthly', interval: 1, daysOfWeek: ['friday'], index: 'last' },
        range: { type: 'endDate', startDate: '2026-05-29', endDate: '2026-07-31' },
      },
    });
    const res = await call(
      'GET',
      `/users/ben@council.example/events/${created.body.id}/instances?startDateTime=2026-05-01T00:00:00Z&endDateTime=2026-09-01T00:00:00Z`,
    );
    expect(
      res.body.value.map((i: { start: { dateTime: string } }) => i.start.dateTime.slice(0, 10)),
    ).toEqual(['2026-05-29', '2026-06-26', '2026-07-31']);
  });
});
