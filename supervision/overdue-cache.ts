/**
 * A short-lived cache of "who is overdue?" per manager and day, shared by
 * everyone asking at once. Managers ask in bursts (a team meeting, a Monday
 * morning), and one answer costs a handful of queries over their whole line
 * of management; asked again within the time-to-live, the answer is the one
 * just computed, and twenty people asking at once share one computation.
 *
 * It is emptied by every change this process makes through the assistant
 * (recording, booking) and after each job run; a change made elsewhere (a
 * roster import, another instance) shows within the time-to-live.
 */
import type { Clock } from './ports/index.ts';

export class OverdueCache<T> {
  private readonly entries = new Map<string, { at: number; value: Promise<T> }>();

  constructor(
    private readonly clock: Clock,
    readonly ttlMs = 60_000,
  ) {}

  get(key: string, compute: () => Promise<T>): Promise<T> {
    const now = this.clock.now().getTime();
    const entry = this.entries.get(key);
    if (entry && now - entry.at < this.ttlMs) return entry.value;
    const value = compute();
    this.entries.set(key, { at: now, value });
    // A failure is not remembered: the next ask tries again.
    value.catch(() => {
      if (this.entries.get(key)?.value === value) this.entries.delete(key);
    });
    return value;
  }

  clear(): void {
    this.entries.clear();
  }
}
