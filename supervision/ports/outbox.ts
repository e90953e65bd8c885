/**
 * Proactive messages, as the domain sees them: queued in an outbox (so none
 * is lost or sent twice across restarts and instances) and delivered by a
 * port the bot implements. A message names its recipient and what it is
 * about (ids and dates only); the card is built from the current state when
 * it is delivered.
 */

export const MESSAGE_KINDS = [
  'preparation', // N working days before a session, to the supervisee
  'record-prompt', // when a session ends, to the supervisor
  'group-record-prompt', // when a group meeting ends, to whoever records it (docs/roster.md#groups)
  'group-record-due', // on the day a group meeting's record falls due, to whoever records it
  'group-escalation', // after a group meeting's record deadline, to that person's manager
  'record-due', // on the day the record falls due, to the supervisor
  'escalation', // after the record deadline, to the supervisor's manager
  'digest', // weekly, to each manager
  'overdue-notice', // supervision overdue, to supervisor and supervisee
  'chase', // a manager pressed Chase
  'booked', // a schedule was booked, to the supervisee
  'relationship-ended', // a relationship ended and its sessions left Outlook, to supervisor and supervisee
  'sign-off', // a held session's record saved (or amended), to the supervisee to sign off
  'sign-off-due', // the day a record's sign-off falls due and it is not given, to the supervisee
  'sign-off-answer', // the supervisee commented on or disagreed with a record, to the supervisor
  'sign-off-disagreement', // the supervisee disagreed with a record, to the supervisor's manager
  'agreement', // a supervision agreement (or its review) to sign, to both people
  'told-manager', // a supervisee pressed "Tell my manager" on their overdue supervision, to their supervisor's manager
  'ladder', // what stays overdue climbs: once a day at most, the items that have reached this person (supervision/escalation-ladder.ts)
  'session-lost', // a session cancelled, declined or moved past its due date in Outlook, or recorded as not held, to the supervisor with a replacement
] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];

export interface OutboxMessage {
  /** Unique per message meant, e.g. `preparation:123`: enqueueing the same key again adds nothing. */
  key: string;
  recipientId: number;
  kind: MessageKind;
  /** Ids and dates only: never record text or a child's name. */
  payload: Record<string, string | number | boolean | null>;
  /** Not sent before this instant (and then only in the recipient's working hours). */
  notBefore: Date;
}

export interface OutboxItem extends OutboxMessage {
  id: number;
  attempts: number;
}

/** What the outbox needs from the store. */
export interface OutboxStore {
  /** Adds the messages whose keys are new; returns how many were added. */
  enqueue(messages: readonly OutboxMessage[]): Promise<number>;
  /** Claims up to `limit` pending messages due by `now` for `instance` until `now + leaseMs` (FOR UPDATE SKIP LOCKED). */
  claim(instance: string, now: Date, limit: number, leaseMs: number): Promise<OutboxItem[]>;
  markSent(id: number, at: Date, activityId: string | null): Promise<void>;
  /** Puts a claimed message back, not before `at`, counting the attempt. */
  retryLater(id: number, at: Date, error: string): Promise<void>;
  /**
   * Puts a claimed message back, not before `at`, without counting an attempt:
   * a message held back until working hours, or left for the next drain, has
   * not been tried.
   */
  defer(id: number, at: Date, reason: string): Promise<void>;
  /** Gives up on a message (Teams refused it for good, or too many attempts). */
  markUndeliverable(id: number, reason: string): Promise<void>;
  /**
   * Holds a message whose recipient has no conversation with Cadence yet (the
   * app not installed, or removed): it is not claimed again until
   * `wakeRecipient` (they installed the app). No attempt is counted.
   */
  waitForRecipient(id: number, reason: string): Promise<void>;
  /**
   * The recipient can be reached now: their waiting messages become due, except
   * those that waited since before `staleBefore`, which are given up as too old
   * to be worth sending. Returns how many became due.
   */
  wakeRecipient(recipientId: number, staleBefore: Date): Promise<number>;
  /** The message enqueued under `key`, whatever its status: a card's refresh builds it again from the current state. */
  byKey(key: string): Promise<OutboxItem | null>;
  /** Releases everything `instance` holds (graceful shutdown). */
  release(instance: string): Promise<number>;
}

export type DeliveryResult =
  | { ok: true; activityId: string | null }
  /** Throttled or a passing failure: try again after `retryAfterMs`. */
  | { ok: false; retry: true; retryAfterMs: number; reason: string }
  /** Will not work however often tried (Teams refused the message itself, say). */
  | { ok: false; retry: false; reason: string }
  /** The recipient cannot be reached until they install the app: keep it for then. */
  | { ok: false; retry: false; wait: true; reason: string };

/** Delivers one message: the bot builds the card and sends it to the recipient's conversation. */
export interface Delivery {
  deliver(item: OutboxItem): Promise<DeliveryResult>;
}
