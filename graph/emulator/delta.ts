/**
 * calendarView/delta: the first call returns every instance in the window and
 * a deltaLink; following the deltaLink returns only what changed since, with
 * removed instances as {id, '@removed': {reason: 'deleted'}}
 * (https://learn.microsoft.com/graph/delta-query-events?view=graph-rest-1.0).
 * Each deltaLink names a snapshot of the instance ids and change keys it
 * covered, kept in memory.
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

/** The delta tokens worth keeping across a restart, in plain JSON. */
export interface DeltaState {
  snapshots: [string, { mailboxId: string; fromMs: number; toMs: number; known: [string, string][] }][];
}

/**
 * Tokens kept per mailbox in the state file: the newest few. An older one
 * then answers 410 SyncStateNotFound, as Graph does for a sync state it no
 * longer holds (https://learn.microsoft.com/graph/delta-query-overview).
 */
const KEPT_PER_MAILBOX = 3;

interface Pending {
  items: unknown[];
  deltaToken: string;
}

const PAGE = 100;

export class DeltaTracker {
  private readonly snapshots = new Map<string, Snapshot>();
  private readonly pages = new Map<string, Pending>();
  /** Bumped whenever a token is issued: the state file has something new to keep. */
  revision = 0;

  constructor(private readonly store: CalendarStore) {}

  /**
   * The newest tokens of each mailbox. Skip tokens (a round's next pages) are
   * left out: they live for one round, and one followed after a restart
   * answers 410 like an expired one, which starts the round again.
   */
  exportState(): DeltaState {
    const kept = new Map<string, number>();
    const newestFirst = [...this.snapshots].reverse().filter(([, snapshot]) => {
      const n = kept.get(snapshot.mailboxId) ?? 0;
      kept.set(snapshot.mailboxId, n + 1);
      return n < KEPT_PER_MAILBOX;
    });
    return { snapshots: newestFirst.reverse().map(([token, snapshot]) => [token, { ...snapshot, known: [...snapshot.known] }]) };
  }

  importState(state: DeltaState): void {
    this.snapshots.clear();
    this.pages.clear();
    for (const [token, snapshot] of state.snapshots) this.snapshots.set(token, { ...snapshot, known: new Map(snapshot.known) });
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
      this.revision++;
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
