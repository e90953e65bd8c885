import { describe, expect, it } from 'vitest';
import { isWithinWorkingHours, nextWorkingInstant } from './working-hours.ts';

const at = (iso: string) => new Date(iso);
const next = (iso: string, hours?: { start: string; end: string }) =>
  nextWorkingInstant(at(iso), hours).toISOString();

describe('the next instant inside working hours (09:00–17:00 London, working days)', () => {
  it('is the instant itself inside working hours', () => {
    expect(next('2026-11-24T10:00:00.000Z')).toBe('2026-11-24T10:00:00.000Z');
    expect(next('2026-11-24T16:59:59.000Z')).toBe('2026-11-24T16:59:59.000Z');
    expect(next('2026-11-24T09:00:00.000Z')).toBe('2026-11-24T09:00:00.000Z');
  });

  it('is 09:00 the same day before it starts, and the next working day at 17:00 or later', () => {
    expect(next('2026-11-24T07:15:00.000Z')).toBe('2026-11-24T09:00:00.000Z');
    expect(next('2026-11-24T17:00:00.000Z')).toBe('2026-11-25T09:00:00.000Z');
    expect(next('2026-11-24T23:30:00.000Z')).toBe('2026-11-25T09:00:00.000Z');
  });

  it('goes from Friday 17:30 to Monday 09:00, and from the weekend to Monday', () => {
    expect(next('2026-11-27T17:30:00.000Z')).toBe('2026-11-30T09:00:00.000Z');
    expect(next('2026-11-28T11:00:00.000Z')).toBe('2026-11-30T09:00:00.000Z');
    expect(next('2026-11-29T23:59:00.000Z')).toBe('2026-11-30T09:00:00.000Z');
  });

  it('skips Christmas Day, Boxing Day and its substitute Monday 28 December 2026', () => {
    expect(next('2026-12-24T17:30:00.000Z')).toBe('2026-12-29T09:00:00.000Z');
    expect(next('2026-12-25T10:00:00.000Z')).toBe('2026-12-29T09:00:00.000Z');
    expect(next('2026-12-28T10:00:00.000Z')).toBe('2026-12-29T09:00:00.000Z');
    expect(isWithinWorkingHours(at('2026-12-28T10:00:00.000Z'))).toBe(false);
  });

  it('keeps London hours across the change from BST to GMT (25 October 2026)', () => {
    // Friday 23 October, 17:30 BST is 16:30Z: outside, though inside in UTC.
    expect(isWithinWorkingHours(at('2026-10-23T16:30:00.000Z'))).toBe(false);
    expect(next('2026-10-23T16:30:00.000Z')).toBe('2026-10-26T09:00:00.000Z');
    // Friday 23 October, 08:30Z is 09:30 BST: inside.
    expect(next('2026-10-23T08:30:00.000Z')).toBe('2026-10-23T08:30:00.000Z');
    expect(next('2026-10-23T07:30:00.000Z')).toBe('2026-10-23T08:00:00.000Z');
  });

  it('keeps London hours across the change from GMT to BST (28 March 2027), after Easter', () => {
    // Thursday 25 March 2027, 17:30 GMT; Good Friday 26 March and Easter Monday 29 March are bank holidays.
    expect(next('2027-03-25T17:30:00.000Z')).toBe('2027-03-30T08:00:00.000Z');
    // Tuesday 30 March, 08:30Z is 09:30 BST: inside; 16:30Z is 17:30 BST: outside.
    expect(next('2027-03-30T08:30:00.000Z')).toBe('2027-03-30T08:30:00.000Z');
    expect(next('2027-03-30T16:30:00.000Z')).toBe('2027-03-31T08:00:00.000Z');
  });

  it('takes other hours', () => {
    expect(next('2026-11-24T07:15:00.000Z', { start: '08:00', end: '18:00' })).toBe(
      '2026-11-24T08:00:00.000Z',
    );
    expect(next('2026-11-24T17:30:00.000Z', { start: '08:00', end: '18:00' })).toBe(
      '2026-11-24T17:30:00.000Z',
    );
    expect(() => next('2026-11-24T17:30:00.000Z', { start: '18:00', end: '08:00' })).toThrow(
      RangeError,
    );
  });
});
