/**
 * calendarView/delta: the first call returns every instance in the window and
 * a deltaLink; following the deltaLink returns only what changed since, with
 * removed instances as {id, '@removed': {reason: 'deleted'}}
 * (https://learn.microsoft.com/graph/delta-query-events?view=graph-rest-1.0).
 * Each deltaLink names a snapshot of the instance ids and change keys it
 * covered. The snapshots go into the state file when there is one, so a
 * deltaLink taken before a restart still works after it; the pages of a round
 * in progress (skip tokens) do not: they live for seconds, and a skiptoken
 * after a restart answers 410 SyncStateNotFound like an expired one, which a
 * client must handle by starting a new round.
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
}

/** The delta tokens as plain data, for the state file (state-file.ts). */
export interface DeltaState {
  /** deltaToken → the window it covers and the instances it saw (id → change key). */
  snapshots: [string, { mailboxId: string; fromMs: number; toMs: number; known: [string, string][] }][];
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
  /** Called after every new delta token; the state file's saver listens. */
  onChange: () => void = () => undefined;

  constructor(private readonly store: CalendarStore) {}

  /** Every delta token's snapshot, without the skip-token pages (see above). */
  snapshot(): DeltaState {
    return { snapshots: [...this.snapshots].map(([token, s]) => [token, { ...s, known: [...s.known] }]) };
  }

  /** Replaces the delta tokens with a snapshot's, as the emulator starts. */
  restore(state: DeltaState): void {
    this.snapshots = new Map(state.snapshots.map(([token, s]) => [token, { ...s, known: new Map(s.known) }]));
  }

  /** Forgets the mailbox's oldest tokens past the bound (a Map keeps insertion order: oldest first). */
  private dropOldest(mailboxId: string): void {
    const tokens = [...this.snapshots].filter(([, s]) => s.mailboxId === mailboxId).map(([token]) => token);
    for (const token of tokens.slice(0, -DELTA_TOKENS_PER_MAILBOX)) this.snapshots.delete(token);
  }

  /** One page of a delta round: items to return and the link that follows. */
  page(
    mailboxId: string,
    q: { fromMs?: number; toMs?: number; deltaToken?: string; skipToken?: string; pageSize?: number },
    render: (i: Instance) => unknown,
  ): { items: unknown[]; next?: { skiptoken: string }; delta?: { deltatoken: string } } {
    const size = q.pageSize ?? PAGE;
    let pending: Pending;
    if (q.skipToken) {
      const p = this.pages.get(q.skipToken);
      if (!p) throw new GraphError(410, 'SyncStateNotFound', 'The sync state is not found; start a new delta round.');
      this.pages.delete(q.skipToken);
      pending = p;
    } else {
      const base = q.deltaToken ? this.snapshots.get(q.deltaToken) : undefined;
      if (q.deltaToken && !base) throw new GraphError(410, 'SyncStateNotFound', 'The sync state is not found; start a new delta round.');
      if (base && base.mailboxId !== mailboxId) throw new GraphError(400, 'ErrorInvalidParameter', 'The delta token belongs to another mailbox.');
      const fromMs = base?.fromMs ?? q.fromMs;
      const toMs = base?.toMs ?? q.toMs;
      if (fromMs === undefined || toMs === undefined) throw new GraphError(400, 'ErrorInvalidParameter', 'startDateTime and endDateTime are required.');
      const current = this.store.calendarView(mailboxId, fromMs, toMs);
      const items: unknown[] = [];
      const known = new Map<string, string>();
      for (const i of current) {
        known.set(i.id, i.changeKey);
        if (base?.known.get(i.id) !== i.changeKey) items.push(render(i));
      }
      for (const id of base?.known.keys() ?? []) if (!known.has(id)) items.push({ id, '@removed': { reason: 'deleted' } });
      const deltaToken = randomBytes(12).toString('base64url');
      this.snapshots.set(deltaToken, { mailboxId, fromMs, toMs, known });
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
