import { describe, expect, it } from 'vitest';
import { mergeSchedules, planScheduleCalls, viewInterval } from './availability.ts';
import type { AvailabilityRequest } from './types.ts';

const people = (count: number) => Array.from({ length: count }, (_, i) => `p${i}@x.test`);

describe('getSchedule plan', () => {
  it('asks for each person once per window, 20 at most per call, in pieces under 62 days', () => {
    const everyone = people(45);
    const requests: AvailabilityRequest[] = everyone.slice(1).map((p) => ({
      mailboxes: [everyone[0]!, p],
      from: '2026-12-01T00:00:00',
      to: '2027-03-10T00:00:00',
    }));
    const plan = planScheduleCalls(requests);
    expect(plan.calls).toHaveLength(3 * 2);
    for (const call of plan.calls) {
      const body = call.body as {
        schedules: string[];
        startTime: { dateTime: string };
        endTime: { dateTime: string };
      };
      expect(body.schedules.length).toBeLessThanOrEqual(20);
      expect(call.url).toBe(`/users/${body.schedules[0]}/calendar/getSchedule`);
      expect(call.headers).toEqual({ Prefer: 'outlook.timezone="Europe/London"' });
      expect(
        Date.parse(body.endTime.dateTime + 'Z') - Date.parse(body.startTime.dateTime + 'Z'),
      ).toBeLessThan(62 * 86_400_000);
    }
    expect(
      new Set(plan.calls.flatMap((call) => (call.body as { schedules: string[] }).schedules)).size,
    ).toBe(45);
  });

  it('merges the pieces back per request, in London time, without repeats', () => {
    const requests: AvailabilityRequest[] = [
      {
        mailboxes: ['A@x.test', 'b@x.test'],
        from: '2026-06-01T00:00:00',
        to: '2026-09-01T00:00:00',
      },
    ];
    const plan = planScheduleCalls(requests);
    expect(plan.calls).toHaveLength(2);
    const crossing = {
      status: 'busy',
      start: { dateTime: '2026-07-31T08:00:00.0000000', timeZone: 'UTC' },
      end: { dateTime: '2026-08-01T16:00:00.0000000', timeZone: 'UTC' },
    };
    const hours = {
      daysOfWeek: ['Monday', 'tuesday'],
      startTime: '08:30:00.0000000',
      endTime: '16:30:00.0000000',
      timeZone: { name: 'GMT Standard Time' },
    };
    const replies = [
      {
        status: 200,
        headers: {},
        body: {
          value: [
            {
              scheduleId: 'a@x.test',
              scheduleItems: [
                crossing,
                {
                  status: 'Tentative',
                  start: { dateTime: '2026-06-02T10:00:00', timeZone: 'Europe/London' },
                  end: { dateTime: '2026-06-02T11:00:00', timeZone: 'Europe/London' },
                },
                { ...crossing, status: 'free' },
              ],
              workingHours: hours,
            },
            {
              scheduleId: 'b@x.test',
              error: { message: 'The user was not found', responseCode: 'UserNotFound' },
            },
          ],
        },
      },
      {
        status: 200,
        headers: {},
        body: {
          value: [
            { scheduleId: 'a@x.test', scheduleItems: [crossing] },
            { scheduleId: 'b@x.test', error: { responseCode: 'UserNotFound' } },
          ],
        },
      },
    ];
    const [result] = mergeSchedules(requests, plan, replies);
    expect(result).toMatchObject([
      {
        mailbox: 'A@x.test',
        busy: [
          { status: 'tentative', start: '2026-06-02T10:00:00', end: '2026-06-02T11:00:00' },
          { status: 'busy', start: '2026-07-31T09:00:00', end: '2026-08-01T17:00:00' },
        ],
        workingHours: {
          days: ['monday', 'tuesday'],
          start: '08:30',
          end: '16:30',
          timeZone: 'GMT Standard Time',
          london: { from: '2026-06-01', to: '2026-09-01' },
        },
      },
      { mailbox: 'b@x.test', busy: [], workingHours: null, problem: 'UserNotFound' },
    ]);
    // Mondays and Tuesdays of the whole window, in London as the mailbox states them.
    const london = result![0]!.workingHours!.london.days;
    expect(london).toHaveLength(28);
    expect(london[0]).toEqual({ date: '2026-06-01', start: '08:30', end: '16:30' });
  });

  it('sends an availabilityViewInterval Graph accepts: under every piece, 5 to 1440 minutes, no short tail piece', () => {
    // Booking's window: today 00:00 to the horizon's 23:59, here 61 days and 23 h 59 min, which
    // 61-day pieces would have cut into a 61-day piece and a 23 h 59 min tail that 1440 does not fit.
    const windows = [
      ['2026-12-01T00:00:00', '2027-01-31T23:59:00'],
      ['2026-12-01T00:00:00', '2027-03-02T23:59:00'],
      ['2026-12-01T00:00:00', '2026-12-01T23:59:59'],
      ['2026-12-01T09:00:00', '2026-12-01T10:00:00'],
    ] as const;
    for (const [from, to] of windows) {
      const plan = planScheduleCalls([{ mailboxes: ['a@x.test'], from, to }]);
      const lengths = plan.calls.map((call) => {
        const body = call.body as {
          startTime: { dateTime: string };
          endTime: { dateTime: string };
          availabilityViewInterval: number;
        };
        const minutes =
          (Date.parse(`${body.endTime.dateTime}Z`) - Date.parse(`${body.startTime.dateTime}Z`)) /
          60_000;
        expect(body.availabilityViewInterval).toBeGreaterThanOrEqual(5);
        expect(body.availabilityViewInterval).toBeLessThanOrEqual(1440);
        expect(body.availabilityViewInterval).toBeLessThan(minutes);
        return minutes;
      });
      expect(Math.max(...lengths) - Math.min(...lengths)).toBeLessThanOrEqual(1);
    }
    expect(viewInterval('2026-12-01T00:00:00', '2026-12-01T23:59:59')).toBe(720);
    expect(() => viewInterval('2026-12-01T09:00:00', '2026-12-01T09:05:00')).toThrow(RangeError);
  });

  it('refuses an answer it cannot read, naming the path', () => {
    const requests: AvailabilityRequest[] = [
      { mailboxes: ['a@x.test'], from: '2026-06-01T00:00:00', to: '2026-06-02T00:00:00' },
    ];
    const plan = planScheduleCalls(requests);
    expect(() =>
      mergeSchedules(requests, plan, [
        {
          status: 200,
          headers: {},
          body: {
            value: [{ scheduleId: 'a@x.test', scheduleItems: [{ status: 'busy', start: {} }] }],
          },
        },
      ]),
    ).toThrow(/getSchedule: at value\.0\.scheduleItems\.0\.start\.dateTime/);
  });
});
