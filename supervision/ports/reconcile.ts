/** What reconciling Outlook's changes reads and writes (`supervision/reconcile.ts`; `store/reconcile.ts` implements it). */
import type { SyncWindow } from '../reconcile-window.ts';
import type { NewLostSession } from './lost.ts';

export interface SyncedSession {
  id: number;
  calendarEventId: string;
  /** The Outlook series it belongs to; null when Cadence did not book it in a series. */
  seriesId: string | null;
  /** The relationship whose session it is; null for a group's meeting. */
  relationshipId: number | null;
  /** The group whose meeting it is (docs/roster.md#groups); null for a one-to-one. */
  groupId: number | null;
  type: string;
  startsAt: Date;
  endsAt: Date;
  dueOn: string | null;
  /** Whose calendar holds it: the organiser (a group's facilitator, or first peer). */
  supervisorUpn: string;
  /** Empty for a group's meeting. */
  superviseeUpn: string;
  /** The supervisee's name, or the group's. */
  superviseeName: string;
}

/** Why a mailbox could not be reconciled, kept until a run reconciles it. */
export interface MailboxProblem {
  kind: 'no-access' | 'failed';
  /** What Graph said (status, code, request), never a body. */
  detail: string;
  since: Date;
  /** Failed runs in a row with this problem. */
  attempts: number;
  /** Not asked again before this (null: next run). */
  retryAfter: Date | null;
}

export interface MailboxSync {
  mailbox: string;
  deltaLink: string | null;
  /** The window the link's rounds cover; null without a link, or for a link kept before windows were. */
  windowFrom: Date | null;
  windowTo: Date | null;
  /** The end of the mailbox's last booked session. */
  lastEndsAt: Date;
  problem: MailboxProblem | null;
}

export interface ReconcileStore {
  mailboxesToSync(now: Date): Promise<MailboxSync[]>;
  bookedSessionsOf(mailbox: string, now: Date): Promise<SyncedSession[]>;
  cancelFromOutlook(
    sessionId: number,
    reason: 'cancelled-in-outlook' | 'declined-in-outlook',
  ): Promise<void>;
  moveFromOutlook(sessionId: number, startsAt: Date, endsAt: Date): Promise<void>;
  /** Keeps the sessions lost (once each) and queues each supervisor's card (supervision/lost-sessions.ts). */
  noteLost(lost: readonly NewLostSession[], now: Date): Promise<number[]>;
  /** A round read to its end: keep its link and window, and clear the mailbox's problem. */
  saveDeltaLink(mailbox: string, deltaLink: string, window: SyncWindow, now: Date): Promise<void>;
  /** Outlook no longer has the link's state. */
  dropDeltaLink(mailbox: string): Promise<void>;
  recordProblem(
    mailbox: string,
    problem: { kind: MailboxProblem['kind']; detail: string },
    now: Date,
    retryAfter: Date | null,
  ): Promise<void>;
}
