import { describe, expect, it } from 'vitest';
import { instantOf, londonFromGraph, splitWindow } from './london-time.ts';

describe('London times', () => {
  it('reads Graph times in London as they are and converts UTC', () => {
    expect(
      londonFromGraph({ dateTime: '2026-12-01T10:00:00.0000000', timeZone: 'Europe/London' }),
    ).toBe('2026-12-01T10:00:00');
    expect(londonFromGraph({ dateTime: '2026-07-01T09:00:00.0000000', timeZone: 'UTC' })).toBe(
      '2026-07-01T10:00:00',
    );
    expect(londonFromGraph({ dateTime: '2026-12-01T09:00:00', timeZone: 'UTC' })).toBe(
      '2026-12-01T09:00:00',
    );
    expect(
      londonFromGraph({ dateTime: '2026-12-01T09:00:00', timeZone: 'Pacific Standard Time' }),
    ).toBeNull();
  });

  it('turns a London time into the instant query parameters take', () => {
    expect(instantOf('2026-07-01T10:00:00')).toBe('2026-07-01T09:00:00Z');
    expect(instantOf('2026-12-01T10:00:00')).toBe('2026-12-01T10:00:00Z');
  });

  it('splits a window into as few pieces of one length as keep each within 61 days', () => {
    expect(splitWindow('2026-12-01T00:00:00', '2027-03-03T00:00:00')).toEqual([
      { from: '2026-12-01T00:00:00', to: '2027-01-16T00:00:00' },
      { from: '2027-01-16T00:00:00', to: '2027-03-03T00:00:00' },
    ]);
    // 61 days and 23 h 59 min: two halves, not 61 days and a 23 h 59 min tail.
    expect(splitWindow('2026-12-01T00:00:00', '2027-01-31T23:59:00')).toEqual([
      { from: '2026-12-01T00:00:00', to: '2027-01-01T00:00:00' },
      { from: '2027-01-01T00:00:00', to: '2027-01-31T23:59:00' },
    ]);
    expect(splitWindow('2026-12-01T00:00:00', '2027-01-31T00:00:00')).toHaveLength(1);
    expect(splitWindow('2026-12-01T00:00:00', '2026-12-02T00:00:00')).toHaveLength(1);
  });
});
