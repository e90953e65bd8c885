/**
 * Keeps at most 4 requests in flight per mailbox. Outlook allows an app 4
 * concurrent requests against one mailbox and answers a fifth with 429
 * "MailboxConcurrency" (https://learn.microsoft.com/graph/throttling-limits#outlook-service-limits),
 * so waiting here costs less than a throttle and its Retry-After.
 *
 * A `$batch` carries requests for several mailboxes, and the limit applies to
 * each of them inside a batch too: the sender says how many per mailbox with
 * `MailboxLoad`, and the handler takes all of a request's slots at once (so
 * two batches cannot each hold half of what the other needs). It sits inside
 * the SDK's RetryHandler, so a request sleeping out a Retry-After holds no slot.
 */
import type { Context, Middleware, MiddlewareOptions } from '@microsoft/microsoft-graph-client';

export const MAILBOX_CONCURRENCY = 4;

/** How many requests one HTTP call makes to each mailbox (keys in lower case). */
export class MailboxLoad implements MiddlewareOptions {
  constructor(readonly perMailbox: ReadonlyMap<string, number>) {}
}

/** The mailbox a plain `/users/{id}/…` request addresses, or none (a directory call, a `$batch` without a load). */
export function mailboxOfPath(url: string): string | null {
  const match = /\/users\/([^/?]+)\//.exec(new URL(url, 'http://unused').pathname + '/');
  return match?.[1] ? decodeURIComponent(match[1]).toLowerCase() : null;
}

export class MailboxConcurrencyHandler implements Middleware {
  private readonly inFlight = new Map<string, number>();
  private waiting: (() => void)[] = [];
  private next: Middleware | undefined;

  constructor(private readonly limit = MAILBOX_CONCURRENCY) {}

  setNext(next: Middleware): void {
    this.next = next;
  }

  async execute(context: Context): Promise<void> {
    if (!this.next)
      throw new Error(
        'MailboxConcurrencyHandler is the last middleware; put the fetch handler after it',
      );
    const load = this.loadOf(context);
    while (!this.fits(load)) await new Promise<void>((resolve) => this.waiting.push(resolve));
    for (const [mailbox, count] of load)
      this.inFlight.set(mailbox, (this.inFlight.get(mailbox) ?? 0) + count);
    try {
      await this.next.execute(context);
    } finally {
      for (const [mailbox, count] of load) {
        const left = (this.inFlight.get(mailbox) ?? 0) - count;
        if (left > 0) this.inFlight.set(mailbox, left);
        else this.inFlight.delete(mailbox);
      }
      const woken = this.waiting;
      this.waiting = [];
      for (const wake of woken) wake();
    }
  }

  /** Requests in flight now, per mailbox: for tests. */
  current(mailbox: string): number {
    return this.inFlight.get(mailbox.toLowerCase()) ?? 0;
  }

  private loadOf(context: Context): Map<string, number> {
    const option = context.middlewareControl?.getMiddlewareOptions(MailboxLoad) as
      MailboxLoad | undefined;
    const load = new Map<string, number>();
    if (option) {
      // More than the limit could never fit; batch.ts never sends that, so clamp rather than hang.
      for (const [mailbox, count] of option.perMailbox)
        load.set(mailbox.toLowerCase(), Math.min(count, this.limit));
      return load;
    }
    const url = typeof context.request === 'string' ? context.request : context.request.url;
    const mailbox = mailboxOfPath(url);
    if (mailbox) load.set(mailbox, 1);
    return load;
  }

  private fits(load: Map<string, number>): boolean {
    for (const [mailbox, count] of load)
      if ((this.inFlight.get(mailbox) ?? 0) + count > this.limit) return false;
    return true;
  }
}
