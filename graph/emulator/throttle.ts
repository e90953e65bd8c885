/**
 * Graph's throttling, on demand: every Nth request answered 429 or a server
 * error, and Outlook's limit of 4 concurrent requests per mailbox
 * (https://learn.microsoft.com/graph/throttling-limits#outlook-service-limits),
 * past which Exchange answers 429 'ApplicationThrottled' / MailboxConcurrency.
 * Retry-After is in seconds (https://learn.microsoft.com/graph/throttling).
 */
import { GraphError } from './errors.ts';
import type { FaultOptions } from './types.ts';

export class Throttle {
  private requests = 0;
  private readonly inFlight = new Map<string, number>();

  constructor(
    private readonly faults: FaultOptions,
    private readonly mailboxConcurrency: number,
  ) {}

  /** Counts a Graph request and throws the fault it is due for, if any. */
  fault(): void {
    this.requests++;
    const { throttleEvery, serverErrorEvery } = this.faults;
    const retryAfter = String(this.faults.retryAfterSeconds ?? 1);
    if (throttleEvery && this.requests % throttleEvery === 0) {
      throw new GraphError(
        429,
        'TooManyRequests',
        'Too many requests; retry after the time given.',
        { 'Retry-After': retryAfter },
      );
    }
    if (serverErrorEvery && this.requests % serverErrorEvery === 0) {
      const status = this.faults.serverErrorStatus ?? 503;
      throw new GraphError(
        status,
        status === 503 ? 'ServiceUnavailable' : 'InternalServerError',
        'The service is temporarily unavailable.',
        status === 503 ? { 'Retry-After': retryAfter } : {},
      );
    }
  }

  /** Takes one of the mailbox's request slots; the caller must release it. */
  acquire(mailbox: string): () => void {
    const n = this.inFlight.get(mailbox) ?? 0;
    if (n >= this.mailboxConcurrency) {
      throw new GraphError(
        429,
        'ApplicationThrottled',
        'Application is over its MailboxConcurrency limit.',
        { 'Retry-After': String(this.faults.retryAfterSeconds ?? 1) },
      );
    }
    this.inFlight.set(mailbox, n + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.inFlight.get(mailbox) ?? 1) - 1;
      if (left <= 0) this.inFlight.delete(mailbox);
      else this.inFlight.set(mailbox, left);
    };
  }
}
