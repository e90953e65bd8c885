/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-assignment -- tests read Graph's JSON untyped, over HTTP; schemas.test.ts checks its shape. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGraphEmulator, type GraphEmulator } from './index.ts';
import { client, london, PEOPLE } from '../../test/support/emulator-client.ts';

describe('getSchedule', () => {
  let em: GraphEmulator;
  let call: ReturnType<typeof client>;
  let seriesId = '';
  beforeAll(async () => {
    em = await startGraphEmulator({ https: false });
    em.seed(PEOPLE, [
      {
        mailbox: 'ada@council.example',
        subject: 'Court',
        start: london('2026-06-02T09:30:00'),
        end: london('2026-06-02T12:00:00'),
        showAs: 'oof',
      },
      {
        mailbox: 'ada@council.example',
        subject: 'Focus',
        start: london('2026-06-02T13:00:00'),
        end: london('2026-06-02T14:00:00'),
        showAs: 'free',
      },
      {
        mailbox: 'ada@council.example',
        subject: 'Maybe',
        start: london('2026-06-02T15:00:00'),
        end: london('2026-06-02T15:30:00'),
        showAs: 'tentative',
        sensitivity: 'private',
      },
    ]);
    call = client(em);
    const series = await call('POST', '/users/ada@council.example/events', {
      subject: 'Team meeting',
      start: london('2026-06-01T10:00:00'),
      end: london('2026-06-01T11:00:00'),
      recurrence: {
        pattern: { type: 'weekly', interval: 1, daysOfWeek: ['monday', 'wednesday'] },
        range: { type: 'endDate', startDate: '2026-06-01', endDate: '2026-06-30' },
      },
    });
    seriesId = series.body.id;
  });
  afterAll(() => em.close());

  const ask = (start: string, end: string, schedules = ['ada@council.example'], interval = 60) =>
    call('POST', '/users/sam@council.example/calendar/getSchedule', {
      schedules,
      startTime: london(start),
      endTime: london(end),
      availabilityViewInterval: interval,
    });

  it('derives items and availabilityView from events, expanded series included, showAs free left out', async () => {
    const res = await ask('2026-06-01T09:00:00', '2026-06-03T17:00:00');
    expect(res.status).toBe(200);
    const ada = res.body.value[0];
    expect(ada.scheduleId).toBe('ada@council.example');
    expect(
      ada.scheduleItems.map(
        (i: { status: string; start: { dateTime: string } }) =>
          `${i.status}@${i.start.dateTime.slice(0, 16)}`,
      ),
    ).toEqual([
      'busy@2026-06-01T10:00',
      'oof@2026-06-02T09:30',
      'tentative@2026-06-02T15:00',
      'busy@2026-06-03T10:00',
    ]);
    expect(ada.scheduleItems[2]).not.toHaveProperty('subject');
    // 56 hourly slots from Mon 09:00 to Wed 17:00; Tuesday 09:00 starts 24 slots in.
    expect(ada.availabilityView).toHaveLength(56);
    expect(ada.availabilityView.slice(0, 3)).toBe('020');
    expect(ada.availabilityView.slice(24, 32)).toBe('33300010');
    expect(ada.workingHours).toEqual({
      daysOfWeek: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'],
      startTime: '09:00:00.0000000',
      endTime: '17:00:00.0000000',
      timeZone: { name: 'GMT Standard Time' },
    });
  });

  it('skips a cancelled occurrence and follows a moved one', async () => {
    const occ = (
      await call(
        'GET',
        `/users/ada@council.example/events/${seriesId}/instances?startDateTime=2026-06-08T00:00:00Z&endDateTime=2026-06-11T00:00:00Z`,
      )
    ).body.value as { id: string }[];
    em.cancelOccurrence('ada@council.example', occ[0]!.id);
    em.moveOccurrence(
      'ada@council.example',
      occ[1]!.id,
      london('2026-06-11T16:00:00'),
      london('2026-06-11T17:00:00'),
    );
    const res = await ask('2026-06-08T00:00:00', '2026-06-13T00:00:00');
    expect(
      res.body.value[0].scheduleItems.map((i: { start: { dateTime: string } }) => i.start.dateTime),
    ).toEqual(['2026-06-11T16:00:00.0000000']);
  });

  it('gives part-timers their own working days and reports unknown mailboxes per schedule', async () => {
    const res = await ask('2026-06-01T00:00:00', '2026-06-02T00:00:00', [
      'ben@council.example',
      'nobody@council.example',
    ]);
    expect(res.body.value[0].workingHours.daysOfWeek).toEqual([
      'monday',
      'tuesday',
      'wednesday',
      'thursday',
    ]);
    expect(res.body.value[1].error).toEqual({
      message:
        'Unable to resolve e-mail address nobody@council.example to an Active Directory object.',
      responseCode: '5009',
    });
  });

  it('refuses a window over 62 days and more than 20 schedules, with Graph’s codes', async () => {
    expect((await ask('2026-06-01T00:00:00', '2026-08-02T00:00:00')).status).toBe(200);
    const tooLong = await ask('2026-06-01T00:00:00', '2026-08-02T01:00:00');
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.error).toMatchObject({
      code: 'ErrorTimeIntervalTooBig',
      message:
        'The requested time duration specified for FreeBusyViewOptions.TimeWindow is too long. The allowed limit = 62 days; the actual limit = 63 days.',
    });
    const tooMany = await ask(
      '2026-06-01T00:00:00',
      '2026-06-02T00:00:00',
      Array.from({ length: 21 }, (_, i) => `p${i}@council.example`),
    );
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error).toMatchObject({
      code: 'ErrorMailboxDataArrayTooBig',
      message:
        'There are too many target users in the EmailAddress array. The allowed size = 20; the actual size = 21.',
    });
  });

  it('refuses an availabilityViewInterval outside 5–1440 minutes or not shorter than the window (ErrorInvalidMergedFreeBusyInterval)', async () => {
    const message =
      'The specified merged free/busy interval is not valid. Specify an interval that is less than the free/busy time window and  between 5 and 1440 minutes.';
    // Cadence's old tail piece: 23 h 59 min asked for with a day-long interval.
    for (const [start, end, interval] of [
      ['2026-06-01T00:00:00', '2026-06-01T23:59:00', 1440],
      ['2026-06-01T00:00:00', '2026-06-02T00:00:00', 1440],
      ['2026-06-01T00:00:00', '2026-06-03T00:00:00', 1441],
      ['2026-06-01T00:00:00', '2026-06-03T00:00:00', 4],
    ] as const) {
      const res = await ask(start, end, ['ada@council.example'], interval);
      expect(res.status, `${start}–${end} every ${interval}`).toBe(400);
      expect(res.body.error).toMatchObject({ code: 'ErrorInvalidMergedFreeBusyInterval', message });
    }
    expect(
      (await ask('2026-06-01T00:00:00', '2026-06-02T00:01:00', ['ada@council.example'], 1440))
        .status,
    ).toBe(200);
    expect(
      (await ask('2026-06-01T09:00:00', '2026-06-01T09:06:00', ['ada@council.example'], 5)).status,
    ).toBe(200);
  });

  it('gives working hours in each mailbox’s own zone, a name or a customTimeZone, whatever the Prefer header', async () => {
    const custom = {
      '@odata.type': '#microsoft.graph.customTimeZone' as const,
      name: 'Customized Time Zone',
      bias: -60,
      standardOffset: {
        time: '03:00:00.0000000',
        dayOccurrence: 5,
        dayOfWeek: 'sunday' as const,
        month: 10,
        year: 0,
      },
      daylightOffset: {
        time: '02:00:00.0000000',
        dayOccurrence: 5,
        dayOfWeek: 'sunday' as const,
        month: 3,
        year: 0,
        daylightBias: -60,
      },
    };
    em.seed([
      {
        displayName: 'Uma Utc',
        userPrincipalName: 'uma@council.example',
        workingDays: ['monday', 'tuesday', 'wednesday'],
        workingHours: { start: '09:00', end: '13:00', timeZone: { name: 'UTC' } },
      },
      {
        displayName: 'Cy Custom',
        userPrincipalName: 'cy@council.example',
        workingHours: { start: '10:00', end: '18:00', timeZone: custom },
      },
    ]);
    const res = await ask('2026-07-01T00:00:00', '2026-07-02T00:00:00', [
      'uma@council.example',
      'cy@council.example',
    ]);
    expect(res.body.value[0].workingHours).toEqual({
      daysOfWeek: ['monday', 'tuesday', 'wednesday'],
      startTime: '09:00:00.0000000',
      endTime: '13:00:00.0000000',
      timeZone: { name: 'UTC' },
    });
    expect(res.body.value[1].workingHours.timeZone).toEqual(custom);
    expect(res.body.value[1].workingHours.startTime).toBe('10:00:00.0000000');
  });

  it('answers a mailbox whose free/busy is not shared with a per-schedule ErrorAccessDenied, the others as usual', async () => {
    em.hideFreeBusy('ben@council.example');
    try {
      const res = await ask('2026-06-01T00:00:00', '2026-06-02T00:00:00', [
        'ben@council.example',
        'ada@council.example',
      ]);
      expect(res.status).toBe(200);
      expect(res.body.value[0]).toMatchObject({
        scheduleId: 'ben@council.example',
        scheduleItems: [],
        error: { responseCode: 'ErrorAccessDenied' },
      });
      expect(res.body.value[0]).not.toHaveProperty('workingHours');
      expect(res.body.value[1]).not.toHaveProperty('error');
    } finally {
      em.hideFreeBusy('ben@council.example', false);
    }
  });
});
