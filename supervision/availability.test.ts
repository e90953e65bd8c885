import { describe, expect, it } from 'vitest';
import { parseIsoDate } from '../rules/index.ts';
import { toAvailability } from './availability.ts';
import { proposeSlot } from './planner.ts';

const d = (text: string) => parseIsoDate(text);
const readable = { mailbox: 'sam@x.test', busy: [], workingHours: null };

describe('Outlook availability for the planner', () => {
  it('never finds a time with someone whose calendar Outlook would not show', () => {
    const ask = (supervisee: Parameters<typeof toAvailability>[0]) =>
      proposeSlot({
        wanted: { date: d('2026-12-01'), time: '10:00' },
        earliest: d('2026-12-01'),
        latest: d('2026-12-31'),
        durationMinutes: 60,
        supervisor: toAvailability(readable),
        supervisee: toAvailability(supervisee),
      });
    expect(ask({ mailbox: 'ada@x.test', busy: [], workingHours: null })).toBeDefined();
    expect(
      ask({ mailbox: 'ada@x.test', busy: [], workingHours: null, problem: 'Access is denied.' }),
    ).toBeUndefined();
  });

  it('plans in the London hours Outlook’s were converted to on each date', () => {
    // 09:00–17:00 kept in UTC: 10:00–18:00 in London on 1 July, 09:00–17:00 on 1 December.
    const utc = {
      mailbox: 'ada@x.test',
      busy: [],
      workingHours: {
        days: ['wednesday' as const],
        start: '09:00',
        end: '17:00',
        timeZone: 'UTC',
        london: {
          from: d('2026-07-01'),
          to: d('2026-12-02'),
          days: [
            { date: d('2026-07-01'), start: '10:00', end: '18:00' },
            { date: d('2026-12-02'), start: '09:00', end: '17:00' },
          ],
        },
      },
    };
    const supervisor = toAvailability({
      ...readable,
      workingHours: {
        ...utc.workingHours,
        london: {
          ...utc.workingHours.london,
          days: [
            { date: d('2026-07-01'), start: '08:00', end: '20:00' },
            { date: d('2026-12-02'), start: '08:00', end: '20:00' },
          ],
        },
      },
    });
    const at = (date: string, time: string) =>
      proposeSlot({
        wanted: { date: d(date), time },
        earliest: d(date),
        latest: d(date),
        durationMinutes: 60,
        supervisor,
        supervisee: toAvailability(utc),
      });
    expect(at('2026-07-01', '09:00')?.start.toISOString()).toBe('2026-07-01T09:00:00.000Z'); // 10:00 London
    expect(at('2026-12-02', '09:00')?.start.toISOString()).toBe('2026-12-02T09:00:00.000Z'); // 09:00 London
    expect(at('2026-07-01', '17:30')?.start.toISOString()).toBe('2026-07-01T16:00:00.000Z'); // 17:00 London, ends 18:00
  });
});
