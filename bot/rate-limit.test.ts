import { describe, expect, it } from 'vitest';
import {
  RateLimiter,
  TEAMS_APP_WINDOWS,
  TEAMS_THREAD_WINDOWS,
  type RateWindow,
} from './rate-limit.ts';

/** A clock that moves only when told; sleeps end as it passes them. */
class FakeTime {
  now = 0;
  private sleepers: { until: number; wake: () => void }[] = [];
  readonly sleep = (ms: number) =>
    new Promise<void>((wake) => this.sleepers.push({ until: this.now + ms, wake }));

  /** Moves on to `until`, waking each sleeper at its time and letting what it starts run. */
  async advanceTo(until: number): Promise<void> {
    for (;;) {
      await settle();
      const due = this.sleepers
        .filter((s) => s.until <= until)
        .sort((a, b) => a.until - b.until)[0];
      if (!due) break;
      this.now = Math.max(this.now, due.until);
      this.sleepers = this.sleepers.filter((s) => s !== due);
      due.wake();
    }
    this.now = until;
    await settle();
  }
}

const settle = async () => {
  for (let i = 0; i < 20; i += 1) await Promise.resolve();
};

/** Sends `count` messages to each conversation as fast as the limiter lets them, each taking `sendMs`; returns the grant times. */
async function grants(
  limiter: RateLimiter,
  time: FakeTime,
  conversations: string[],
  count: number,
  until: number,
): Promise<Map<string, number[]>> {
  const times = new Map<string, number[]>(conversations.map((c) => [c, []]));
  for (const conversation of conversations) {
    for (let i = 0; i < count; i += 1) {
      void limiter.acquire(conversation).then((release) => {
        times.get(conversation)!.push(time.now);
        release();
      });
    }
  }
  await time.advanceTo(until);
  return times;
}

/** The most grants inside any window of `ms` (windows are half-open: (t − ms, t]). */
function busiest(times: number[], ms: number): number {
  let most = 0;
  for (const t of times) most = Math.max(most, times.filter((u) => u > t - ms && u <= t).length);
  return most;
}

describe('the Teams rate limiter', () => {
  it('uses Microsoft’s figures: 7/1 s, 8/2 s, 60/30 s, 1800/h per conversation, 50/s per app', () => {
    expect(TEAMS_THREAD_WINDOWS).toEqual([
      { ms: 1000, limit: 7 },
      { ms: 2000, limit: 8 },
      { ms: 30000, limit: 60 },
      { ms: 3600000, limit: 1800 },
    ]);
    expect(TEAMS_APP_WINDOWS).toEqual([{ ms: 1000, limit: 50 }]);
  });

  it('lets 7 through at once to one conversation, the 8th after a second, the 9th after two', async () => {
    const time = new FakeTime();
    const limiter = new RateLimiter({ now: () => time.now, sleep: time.sleep });
    const times = (await grants(limiter, time, ['a'], 10, 5_000)).get('a')!;
    expect(times).toEqual([0, 0, 0, 0, 0, 0, 0, 1000, 2000, 2000]);
  });

  it('keeps one conversation to 60 in 30 s and 1800 in an hour', async () => {
    const time = new FakeTime();
    const limiter = new RateLimiter({ now: () => time.now, sleep: time.sleep });
    const times = (await grants(limiter, time, ['a'], 1_900, 7_300_000)).get('a')!;
    expect(times).toHaveLength(1_900);
    expect(busiest(times, 1_000)).toBe(7);
    expect(busiest(times, 2_000)).toBe(8);
    expect(busiest(times, 30_000)).toBe(60);
    expect(busiest(times, 3_600_000)).toBe(1_800);
    // 60 in the first 30 s (8 every 2 s: 0, 0 … 14 s), then the next 60 from 30 s.
    expect(times[59]).toBeLessThan(30_000);
    expect(times[60]).toBe(30_000);
    // The hour's 1800 are spent in the first 15 minutes (60 every 30 s); the 1801st waits for the first to leave the hour.
    expect(times[1_800]).toBe(3_600_000);
  });

  it('keeps all conversations together to 50 a second, without one busy conversation holding up the rest', async () => {
    const time = new FakeTime();
    const limiter = new RateLimiter({ now: () => time.now, sleep: time.sleep });
    const conversations = Array.from({ length: 40 }, (_, i) => `c${i}`);
    const byConversation = await grants(limiter, time, ['busy', ...conversations], 5, 10_000);
    const all = [...byConversation.values()].flat().sort((a, b) => a - b);
    expect(all).toHaveLength(205);
    expect(busiest(all, 1_000)).toBe(50);
    // 205 sends at 50 a second: the last goes at 4 s.
    expect(all.at(-1)).toBe(4_000);
  });

  it('does not let a conversation waiting for its own windows hold up the others', async () => {
    const time = new FakeTime();
    const limiter = new RateLimiter({ now: () => time.now, sleep: time.sleep });
    const conversations = Array.from({ length: 40 }, (_, i) => `c${i}`);
    const busy = (await grants(limiter, time, ['busy'], 20, 0)).get('busy')!;
    const others = await grants(limiter, time, conversations, 5, 10_000);
    // Busy asked first: 7 at once, then 1 a second and 7 every other second.
    expect(busy).toEqual([
      0, 0, 0, 0, 0, 0, 0, 1000, 2000, 2000, 2000, 2000, 2000, 2000, 2000, 3000, 4000, 4000, 4000,
      4000,
    ]);
    const rest = [...others.values()].flat();
    // The others filled the rest of each second's 50 while busy waited.
    expect(rest.filter((t) => t === 0)).toHaveLength(43);
    expect(rest.filter((t) => t === 1000)).toHaveLength(49);
    expect(Math.max(...rest)).toBe(4_000);
    expect(busiest([...busy, ...rest], 1_000)).toBe(50);
  });

  it('counts a send until its window has passed since it finished, so slow calls cannot land too close together', async () => {
    const time = new FakeTime();
    const windows: RateWindow[] = [{ ms: 1_000, limit: 2 }];
    const limiter = new RateLimiter({
      perConversation: windows,
      global: [],
      now: () => time.now,
      sleep: time.sleep,
    });
    const granted: number[] = [];
    const releases: (() => void)[] = [];
    for (let i = 0; i < 3; i += 1) {
      void limiter.acquire('a').then((release) => {
        granted.push(time.now);
        releases.push(release);
      });
    }
    await time.advanceTo(0);
    expect(granted).toEqual([0, 0]);
    // The first call takes 300 ms; the second is still in flight after 2 s.
    await time.advanceTo(300);
    releases[0]!();
    await time.advanceTo(1_299);
    expect(granted).toEqual([0, 0]);
    await time.advanceTo(1_300);
    expect(granted).toEqual([0, 0, 1_300]);
    expect(limiter.waiting).toBe(0);
  });

  it('waits for a send in flight when every slot is taken, and goes when it is released', async () => {
    const time = new FakeTime();
    const limiter = new RateLimiter({
      perConversation: [{ ms: 100, limit: 1 }],
      global: [],
      now: () => time.now,
      sleep: time.sleep,
    });
    const first = await limiter.acquire('a');
    let second = false;
    void limiter.run('a', async () => {
      second = true;
      return Promise.resolve();
    });
    await time.advanceTo(10_000);
    expect(second).toBe(false);
    first();
    await time.advanceTo(10_099);
    expect(second).toBe(false);
    await time.advanceTo(10_100);
    expect(second).toBe(true);
  });
});
