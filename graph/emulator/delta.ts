/**
 * calendarView/delta: the first call returns every instance in the window and
 * a deltaLink; following the deltaLink returns only what changed since, with
 * removed instances as {id, '@removed': {reason: 'deleted'}}
 * (https://learn.microsoft.com/graph/delta-query-events?view=graph-rest-1.0).
 * Each deltaLink names a snapshot of the instance ids and change keys it
 * covered. The snapshots go into the state file when there is one, so a
 * deltaLink taken before a restart still works after it; the pages of a round
 * in progress (skip tokens) do not: they live for seconds, and a skiptoken
 * after a restart answers 410 syncStateNotFound like an expired one, which a
 * client must handle by starting a new round.
 *
 * What a round returns is what Graph returns, no more: calendarView/delta
 * expands a series into bare occurrences — `id`, `type`, `seriesMasterId`,
 * `start`, `end` and `@odata.*`, no subject, no attendees — and never returns
 * the series master (microsoft-graph-docs-contrib issue 5602,
 * https://github.com/microsoftgraph/microsoft-graph-docs-contrib/issues/5602;
 * keeper.sh's fix for the same, https://github.com/ridafkih/keeper.sh/pull/409).
 * A client that wants attendees' responses reads the series and its instances.
 */
import { randomBytes } from 'node:crypto';
import type { CalendarStore } from './calendar-store.ts';
import { GraphError } from './errors.ts';
import type { Instance } from './types.ts';

interface Snapshot {
  mailboxId: string;
  fromMs: number;
  toMs: number;
  known: Map<string, string>;
  /** When the token was issued (absent in a state file from before expiry by age: never too old). */
  createdMs?: number;
}

/** The delta tokens as plain data, for the state file (state-file.ts). */
export interface DeltaState {
  /** deltaToken → the window it covers and the instances it saw (id → change key). */
  snapshots: [
    string,
    {
      mailboxId: string;
      fromMs: number;
      toMs: number;
      known: [string, string][];
      createdMs?: number;
    },
  ][];
}

/**
 * When delta tokens expire. Outlook's have no fixed lifetime: a token lives
 * while it is in a bounded cache, and an expired one is answered with a 4xx
 * whose code is `syncStateNotFound` ("Token duration",
 * https://learn.microsoft.com/graph/delta-query-overview#token-duration); a
 * synchronization reset answers `410 Gone` with a Location header holding the
 * initial query ("Synchronization reset", same page). A client must handle
 * both by starting a new round.
 */
export interface DeltaExpiry {
  /** Tokens kept per mailbox, newest first: a token expires after this many newer rounds (default 10). */
  tokensPerMailbox?: number;
  /** A token older than this expires (default: never by age). */
  maxAgeMs?: number;
  /** The status an expired token is answered with: 410 Gone (default) or 400, both with code `syncStateNotFound`. */
  status?: 410 | 400;
  /** The clock ages are measured by (default Date.now). */
  now?: () => number;
}

const EXPIRED = 'syncStateNotFound';
const EXPIRED_MESSAGE =
  'The sync state generation is not found. The delta token is expired and data must be synchronized again.';
/** Expired tokens remembered, to answer them with the Location of their initial query. */
const GONE_REMEMBERED = 10_000;

/** An occurrence as calendarView/delta gives it: the bare fields of issue 5602, nothing else. */
export function bareOccurrence(full: Record<string, unknown>): Record<string, unknown> {
  if (full['type'] === 'singleInstance') return full;
  const { id, type, seriesMasterId, start, end } = full;
  return {
    '@odata.type': '#microsoft.graph.event',
    '@odata.etag': full['@odata.etag'],
    id,
    type,
    seriesMasterId,
    start,
    end,
  };
}

interface Pending {
  items: unknown[];
  deltaToken: string;
}

const PAGE = 100;

/**
 * Delta tokens kept per mailbox. Exchange keeps delta tokens in a cache of
 * bounded size and drops the oldest once it is full; the dropped token then
 * answers 410 and the client must start a new round
 * (https://learn.microsoft.com/graph/delta-query-overview#synchronization-reset).
 * Without a bound every sync would add a snapshot of the whole window for
 * good: a daily sync of the demo council grows the state file by about
 * 15 KB a mailbox a day. Microsoft does not publish the cache's size; ten is
 * far more than a client that keeps only its latest deltaLink needs.
 */
export const DELTA_TOKENS_PER_MAILBOX = 10;

export class DeltaTracker {
  // Not readonly: restore() replaces it whole.
  private snapshots = new Map<string, Snapshot>();
  private readonly pages = new Map<string, Pending>();
  /** Expired tokens → the window of their round, for the 410's Location. */
  private readonly gone = new Map<string, { mailboxId: string; fromMs: number; toMs: number }>();
  /** Called after every new delta token; the state file's saver listens. */
  onChange: () => void = () => undefined;
  private readonly now: () => number;

  constructor(
    private readonly store: CalendarStore,
    private readonly expiry: DeltaExpiry = {},
  ) {
    this.now = expiry.now ?? Date.now;
  }

  /** Expires every delta token (and round in progress) of one mailbox, or of all: what Exchange may do at any time. */
  expire(mailboxId?: string): number {
    let expired = 0;
    for (const [token, s] of this.snapshots) {
      if (mailboxId !== undefined && s.mailboxId !== mailboxId) continue;
      this.forget(token, s);
      expired++;
    }
    if (mailboxId === undefined) this.pages.clear();
    this.onChange();
    return expired;
  }

  private forget(token: string, s: Snapshot): void {
    this.snapshots.delete(token);
    this.gone.set(token, { mailboxId: s.mailboxId, fromMs: s.fromMs, toMs: s.toMs });
    if (this.gone.size > GONE_REMEMBERED) this.gone.delete(this.gone.keys().next().value!);
  }

  private expired(
    token: string,
    initialLink?: (fromMs: number, toMs: number) => string,
  ): GraphError {
    const window = this.gone.get(token);
    const status = this.expiry.status ?? 410;
    const headers =
      status === 410 && window && initialLink
        ? { Location: initialLink(window.fromMs, window.toMs) }
        : undefined;
    return new GraphError(status, EXPIRED, EXPIRED_MESSAGE, headers);
  }

  /** Every delta token's snapshot, without the skip-token pages (see above). */
  snapshot(): DeltaState {
    return {
      snapshots: [...this.snapshots].map(([token, s]) => [token, { ...s, known: [...s.known] }]),
    };
  }

  /** Replaces the delta tokens with a snapshot's, as the emulator starts. */
  restore(state: DeltaState): void {
    this.snapshots = new Map(
      state.snapshots.map(([token, s]) => [token, { ...s, known: new Map(s.known) }]),
    );
  }

  /** Forgets the mailbox's oldest tokens past the bound (a Map keeps insertion order: oldest first). */
  private dropOldest(mailboxId: string): void {
    const tokens = [...this.snapshots].filter(([, s]) => s.mailboxId === mailboxId);
    for (const [token, s] of tokens.slice(
      0,
      -(this.expiry.tokensPerMailbox ?? DELTA_TOKENS_PER_MAILBOX),
    ))
      this.forget(token, s);
  }

  /** The token's snapshot, unless it has expired by age (then it is forgotten). */
  private live(token: string): Snapshot | undefined {
    const s = this.snapshots.get(token);
    if (
      s &&
      this.expiry.maxAgeMs !== undefined &&
      s.createdMs !== undefined &&
      this.now() - s.createdMs > this.expiry.maxAgeMs
    ) {
      this.forget(token, s);
      return undefined;
    }
    return s;
  }

  /** One page of a delta round: items to return and the link that follows. */
  page(
    mailboxId: string,
    q: {
      fromMs?: number;
      toMs?: number;
      deltaToken?: string;
      skipToken?: string;
      pageSize?: number;
    },
    render: (i: Instance) => unknown,
    /** The initial query of a window, for the Location of a 410. */
    initialLink?: (fromMs: number, toMs: number) => string,
  ): { items: unknown[]; next?: { skiptoken: string }; delta?: { deltatoken: string } } {
    const size = q.pageSize ?? PAGE;
    let pending: Pending;
    if (q.skipToken) {
      const p = this.pages.get(q.skipToken);
      if (!p) throw this.expired(q.skipToken, initialLink);
      this.pages.delete(q.skipToken);
      pending = p;
    } else {
      const base = q.deltaToken ? this.live(q.deltaToken) : undefined;
      if (q.deltaToken && !base) throw this.expired(q.deltaToken, initialLink);
      if (base && base.mailboxId !== mailboxId)
        throw new GraphError(
          400,
          'ErrorInvalidParameter',
          'The delta token belongs to another mailbox.',
        );
      const fromMs = base?.fromMs ?? q.fromMs;
      const toMs = base?.toMs ?? q.toMs;
      if (fromMs === undefined || toMs === undefined)
        throw new GraphError(
          400,
          'ErrorInvalidParameter',
          'startDateTime and endDateTime are required.',
        );
      const current = this.store.calendarView(mailboxId, fromMs, toMs);
      const items: unknown[] = [];
      const known = new Map<string, string>();
      for (const i of current) {
        known.set(i.id, i.changeKey);
        if (base?.known.get(i.id) !== i.changeKey) items.push(render(i));
      }
      for (const id of base?.known.keys() ?? [])
        if (!known.has(id)) items.push({ id, '@removed': { reason: 'deleted' } });
      const deltaToken = randomBytes(12).toString('base64url');
      this.snapshots.set(deltaToken, { mailboxId, fromMs, toMs, known, createdMs: this.now() });
      this.dropOldest(mailboxId);
      this.onChange();
      pending = { items, deltaToken };
    }
    const items = pending.items.slice(0, size);
    const rest = pending.items.slice(size);
    if (rest.length === 0) return { items, delta: { deltatoken: pending.deltaToken } };
    const skiptoken = randomBytes(12).toString('base64url');
    this.pages.set(skiptoken, { items: rest, deltaToken: pending.deltaToken });
    return { items, next: { skiptoken } };
  }
}
