/**
 * Teams' limits on what a bot may send, kept on our side so proactive
 * messages are paced rather than refused.
 *
 * The figures are Microsoft's, from "Optimize your bot with rate limiting in
 * Teams" (https://learn.microsoft.com/en-us/microsoftteams/platform/bots/how-to/rate-limit):
 * - per bot per thread (a 1:1 chat, a group chat or a channel), "Send to
 *   conversation": 7 operations in 1 s, 8 in 2 s, 60 in 30 s, 1800 in 3600 s;
 * - the global limit per app per tenant: 50 requests per second (older
 *   versions of the page said 30).
 * The page warns that the values "are subject to change" and that apps must
 * still back off on HTTP 429, which bot/teams-delivery.ts does; this limiter
 * only keeps one instance from causing them. Several instances each pace
 * themselves to the whole global limit, so together they may exceed it and
 * meet 429s; the outbox retries those.
 *
 * Each window is a sliding window over the sends' completion times: a send
 * counts from when it is granted until the end of its window measured from
 * when its HTTP call finished (while in flight it counts in every window).
 * Measuring from completion rather than from the grant means a request that
 * was slow on the wire cannot land inside a window the server still counts,
 * so a lone instance should never see a 429 however the latency varies; the
 * cost is one round trip per window, about 1% of the throughput at 10 ms.
 */

export interface RateWindow {
  /** The window's length. */
  ms: number;
  /** At most this many sends inside any window of that length. */
  limit: number;
}

/** Per bot per thread, "Send to conversation". */
export const TEAMS_THREAD_WINDOWS: readonly RateWindow[] = [
  { ms: 1_000, limit: 7 },
  { ms: 2_000, limit: 8 },
  { ms: 30_000, limit: 60 },
  { ms: 3_600_000, limit: 1_800 },
];

/** Per app per tenant, every request. */
export const TEAMS_APP_WINDOWS: readonly RateWindow[] = [{ ms: 1_000, limit: 50 }];

/** Call when the send has finished (whether it worked or not). */
export type Release = () => void;

export interface RateLimiterOptions {
  perConversation?: readonly RateWindow[];
  global?: readonly RateWindow[];
  /**
   * Milliseconds; `performance.now` unless given (tests pass a fake clock).
   * Monotonic and finer than a millisecond: with `Date.now`, a send's end
   * truncated to the millisecond let the next one land just inside a window.
   */
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

interface Send {
  /** When its HTTP call finished; Infinity while it is in flight. */
  end: number;
}

interface Waiter {
  conversationId: string;
  grant: (release: Release) => void;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Grants sends in the order asked, except that one conversation waiting for
 * its own windows does not hold up the others. One timer at most is pending,
 * set for the earliest moment a waiter could go.
 */
export class RateLimiter {
  private readonly perConversation: readonly RateWindow[];
  private readonly global: readonly RateWindow[];
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly sends = new Map<string, Send[]>();
  private readonly globalSends: Send[] = [];
  private queue: Waiter[] = [];
  private timerAt = Infinity;
  private sweptAt = -Infinity;
  private readonly longestConversationWindow: number;
  private readonly longestGlobalWindow: number;

  constructor(options: RateLimiterOptions = {}) {
    this.perConversation = options.perConversation ?? TEAMS_THREAD_WINDOWS;
    this.global = options.global ?? TEAMS_APP_WINDOWS;
    this.now = options.now ?? (() => performance.now());
    this.sleep = options.sleep ?? realSleep;
    this.longestConversationWindow = Math.max(0, ...this.perConversation.map((w) => w.ms));
    this.longestGlobalWindow = Math.max(0, ...this.global.map((w) => w.ms));
  }

  /** How many sends are waiting for a grant. */
  get waiting(): number {
    return this.queue.length;
  }

  /** Waits until a send to `conversationId` is allowed under every window; call the release when the send has finished. */
  acquire(conversationId: string): Promise<Release> {
    return new Promise<Release>((grant) => {
      this.queue.push({ conversationId, grant });
      this.pump();
    });
  }

  /** Runs `send` once it is allowed, and counts it until it finishes. */
  async run<T>(conversationId: string, send: () => Promise<T>): Promise<T> {
    const release = await this.acquire(conversationId);
    try {
      return await send();
    } finally {
      release();
    }
  }

  private pump(): void {
    const now = this.now();
    this.prune(now);
    let wakeAt = Infinity;
    const blocked = new Map<string, number>();
    const left: Waiter[] = [];
    let globalAt = this.allowedAt(this.globalSends, this.global, now);
    for (const [index, waiter] of this.queue.entries()) {
      if (globalAt > now) {
        // Nobody may go before the global window opens (or a send in flight finishes).
        left.push(...this.queue.slice(index));
        wakeAt = Math.min(wakeAt, globalAt);
        break;
      }
      // Later waiters for a blocked conversation stay behind it, in order.
      let conversationAt = blocked.get(waiter.conversationId);
      if (conversationAt === undefined) {
        const sends = this.sends.get(waiter.conversationId) ?? [];
        dropBefore(sends, now - this.longestConversationWindow);
        conversationAt = this.allowedAt(sends, this.perConversation, now);
      }
      if (conversationAt > now) {
        blocked.set(waiter.conversationId, conversationAt);
        wakeAt = Math.min(wakeAt, conversationAt);
        left.push(waiter);
        continue;
      }
      const send: Send = { end: Infinity };
      let list = this.sends.get(waiter.conversationId);
      if (!list) this.sends.set(waiter.conversationId, (list = []));
      list.push(send);
      this.globalSends.push(send);
      let released = false;
      waiter.grant(() => {
        if (released) return;
        released = true;
        send.end = this.now();
        this.pump();
      });
      globalAt = this.allowedAt(this.globalSends, this.global, now);
    }
    this.queue = left;
    // Infinity: every waiter is held by sends in flight, and their release pumps again.
    if (wakeAt !== Infinity && wakeAt < this.timerAt) {
      this.timerAt = wakeAt;
      void this.sleep(Math.max(0, wakeAt - now)).then(() => {
        if (this.timerAt === wakeAt) this.timerAt = Infinity;
        this.pump();
      });
    }
  }

  /** The earliest instant a new send fits every window, given `sends` (Infinity if that waits on sends in flight). */
  private allowedAt(sends: readonly Send[], windows: readonly RateWindow[], now: number): number {
    let at = now;
    if (windows.length === 0 || sends.length === 0) return at;
    const ends = sends.map((s) => s.end).sort((a, b) => a - b);
    for (const window of windows) {
      // Sends still inside the window at `now` (those in flight always are).
      const inside = ends.length - firstAbove(ends, now - window.ms);
      if (inside < window.limit) continue;
      // The window opens when the oldest sends that must leave it have left.
      const mustLeave = ends[ends.length - window.limit]!;
      at = Math.max(at, mustLeave + window.ms);
    }
    return at;
  }

  /** The global list every time; conversations as they are looked at, and all of them once per longest window (so idle ones are forgotten). */
  private prune(now: number): void {
    dropBefore(this.globalSends, now - this.longestGlobalWindow);
    if (now - this.sweptAt < Math.max(this.longestConversationWindow, 1_000)) return;
    this.sweptAt = now;
    for (const [id, list] of this.sends) {
      dropBefore(list, now - this.longestConversationWindow);
      if (list.length === 0) this.sends.delete(id);
    }
  }
}

/** Removes finished sends that ended at or before `cutoff` (they count in no window any more). */
function dropBefore(sends: Send[], cutoff: number): void {
  let kept = 0;
  for (const send of sends) if (send.end > cutoff) sends[kept++] = send;
  sends.length = kept;
}

/** The first index whose value is above `value` in a sorted array. */
function firstAbove(values: readonly number[], value: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (values[mid]! <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
