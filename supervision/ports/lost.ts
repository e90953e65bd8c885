/** Sessions lost and their replacement (supervision/lost-sessions.ts; `store/lost-sessions.ts` implements it, migration 028). */
import type { NotHeldReason, PersonRef } from './recording.ts';

export type LostHow = 'cancelled' | 'declined' | 'moved-after-due' | 'not-held';

/** A session just noticed lost. */
export interface NewLostSession {
  sessionId: number;
  how: LostHow;
  /** Who did it, where Outlook says: the organiser cancels, the supervisee declines. */
  lostByUpn: string | null;
  /** Known when the record gave it (not held). */
  reason: NotHeldReason | null;
}

export interface LostSessionRow {
  sessionId: number;
  relationshipId: number;
  type: string;
  alsoTypes: string[];
  startsAt: Date;
  endsAt: Date;
  /** The latest date it was due by (booking's), if known. */
  dueOn: string | null;
  how: LostHow;
  noticedAt: Date;
  lostBy: PersonRef | null;
  reason: NotHeldReason | null;
  /** The session booked instead, once booked. */
  replacedBy: { sessionId: number; startsAt: Date | null } | null;
  /** Who is sent the card and books the replacement: the session's supervisor. */
  supervisor: PersonRef;
  supervisee: PersonRef;
}

export interface LostSessionStore {
  /** Keeps what was lost (once per session) and queues the supervisor's card for each one new; returns the new ones. */
  noteLost(lost: readonly NewLostSession[], noticedAt: Date): Promise<number[]>;
  lostSession(sessionId: number): Promise<LostSessionRow | null>;
  setLostReason(sessionId: number, reason: NotHeldReason): Promise<void>;
  setReplacedBy(sessionId: number, replacement: number): Promise<void>;
  /** Sessions lost in [since, until) by the people below `managerId` (people.manager_id), by how and why: the weekly digest's counts. */
  countLostBelow(
    managerId: number,
    since: Date,
    until: Date,
  ): Promise<{ how: LostHow; reason: NotHeldReason | null; count: number }[]>;
}
