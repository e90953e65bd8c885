import { describe, expect, it } from 'vitest';
import { OverdueCache } from './overdue-cache.ts';

function clockAt(ms: number) {
  const clock = { t: ms, now: () => new Date(clock.t) };
  return clock;
}

describe('the overdue cache', () => {
  it('shares one computation between people asking at once, and answers again from it within the time-to-live', async () => {
    const clock = clockAt(0);
    const cache = new OverdueCache<number>(clock, 60_000);
    let computed = 0;
    const compute = () => Promise.resolve(++computed);
    expect(
      await Promise.all([cache.get('m|2026-11-23', compute), cache.get('m|2026-11-23', compute)]),
    ).toEqual([1, 1]);
    clock.t = 59_999;
    expect(await cache.get('m|2026-11-23', compute)).toBe(1);
    clock.t = 60_000;
    expect(await cache.get('m|2026-11-23', compute)).toBe(2);
    expect(await cache.get('other|2026-11-23', compute)).toBe(3);
  });

  it('works it out afresh after a change, and does not remember a failure', async () => {
    const cache = new OverdueCache<number>(clockAt(0));
    let computed = 0;
    await cache.get('m', () => Promise.resolve(++computed));
    cache.clear();
    expect(await cache.get('m', () => Promise.resolve(++computed))).toBe(2);
    await expect(cache.get('x', () => Promise.reject(new Error('database down')))).rejects.toThrow(
      'database down',
    );
    expect(await cache.get('x', () => Promise.resolve(7))).toBe(7);
  });
});
