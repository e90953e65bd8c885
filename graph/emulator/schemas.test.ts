/* eslint-disable @typescript-eslint/no-unsafe-member-access -- tests read Graph's JSON untyped, over HTTP; schemas.test.ts checks its shape. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGraphEmulator, type GraphEmulator } from './index.ts';
import { validate } from './schema-check.ts';
import { client, london, PEOPLE, RELATIONSHIP_PROP } from '../../test/support/emulator-client.ts';

describe("responses match Microsoft's published schemas", () => {
  let em: GraphEmulator;
  let call: ReturnType<typeof client>;
  let master: Record<string, unknown>;
  beforeAll(async () => {
    em = await startGraphEmulator({ https: false });
    em.seed(PEOPLE);
    call = client(em);
    master = (
      await call('POST', '/users/sam@council.example/events', {
        subject: 'Supervision: Sam Lead / Ada Worker',
        body: { contentType: 'text', content: 'Booked by Cadence.' },
        start: london('2026-12-01T10:00:00'),
        end: london('2026-12-01T11:00:00'),
        recurrence: {
          pattern: {
            type: 'relativeMonthly',
            interval: 1,
            daysOfWeek: ['tuesday'],
            index: 'first',
          },
          range: { type: 'endDate', startDate: '2026-12-01', endDate: '2027-03-01' },
        },
        attendees: [
          {
            emailAddress: { address: 'ada@council.example', name: 'Ada Worker' },
            type: 'required',
          },
        ],
        sensitivity: 'private',
        showAs: 'busy',
        transactionId: 'tx-schema',
        isOnlineMeeting: true,
        onlineMeetingProvider: 'teamsForBusiness',
        singleValueExtendedProperties: [{ id: RELATIONSHIP_PROP, value: 'rel-9' }],
      })
    ).body as Record<string, unknown>;
  });
  afterAll(() => em.close());

  it('the validator catches a wrong enum, a bad date and an unknown property', () => {
    expect(
      validate(
        { start: { dateTime: 'x', timeZone: 'UTC' }, showAs: 'away', colour: 'red' },
        'event',
      ),
    ).toEqual([
      "event.showAs: 'away' not one of unknown, free, tentative, busy, oof, workingElsewhere",
      'event.colour: not in the schema',
    ]);
    expect(
      validate({ range: { type: 'endDate', startDate: '2026-13-01' } }, 'patternedRecurrence'),
    ).toHaveLength(1);
  });

  it('event: series master, single event with extended properties, occurrence and exception', async () => {
    expect(validate(master, 'event')).toEqual([]);
    const single = await call('POST', '/users/ada@council.example/events', {
      subject: 'One off',
      start: london('2026-12-02T10:00:00'),
      end: london('2026-12-02T10:30:00'),
    });
    expect(validate(single.body, 'event')).toEqual([]);
    const withProps = await call(
      'GET',
      `/users/sam@council.example/events/${String(master.id)}?$expand=singleValueExtendedProperties`,
    );
    expect(validate(withProps.body, 'event')).toEqual([]);
    const instances = await call(
      'GET',
      `/users/sam@council.example/events/${String(master.id)}/instances?startDateTime=2026-11-01T00:00:00Z&endDateTime=2027-04-01T00:00:00Z`,
    );
    expect(validate(instances.body, 'eventCollectionResponse')).toEqual([]);
    const moved = await call(
      'PATCH',
      `/users/sam@council.example/events/${String(instances.body.value[1].id)}`,
      { start: london('2027-01-07T10:00:00'), end: london('2027-01-07T11:00:00') },
    );
    expect(validate(moved.body, 'event')).toEqual([]);
    const delta = await call(
      'GET',
      '/users/sam@council.example/calendarView/delta?startDateTime=2026-11-01T00:00:00Z&endDateTime=2027-04-01T00:00:00Z',
    );
    for (const e of delta.body.value) expect(validate(e, 'event')).toEqual([]);
  });

  it('scheduleInformation, scheduleItem and workingHours from getSchedule', async () => {
    const res = await call('POST', '/users/sam@council.example/calendar/getSchedule', {
      schedules: ['ada@council.example', 'sam@council.example', 'x@council.example'],
      startTime: london('2026-12-01T00:00:00'),
      endTime: london('2026-12-08T00:00:00'),
      availabilityViewInterval: 30,
    });
    expect(res.body.value[1].scheduleItems.length).toBeGreaterThan(0);
    for (const s of res.body.value) expect(validate(s, 'scheduleInformation')).toEqual([]);
  });

  it('errors are ODataError', async () => {
    const res = await call('GET', '/users/sam@council.example/events/nope');
    expect(res.status).toBe(404);
    expect(validate(res.body, 'ODataErrors.ODataError')).toEqual([]);
  });
});
