/** What recording a session reads and writes, inside one transaction (`supervision/recording.ts`; `store/sessions.ts` implements it). */
import type { IsoDate } from '../../rules/index.ts';
import type { AuditEntry } from './common.ts';
import type { NewLostSession } from './lost.ts';
import type { OutboxMessage } from './outbox.ts';

export type SessionStatus = 'planned' | 'booked' | 'held' | 'not-held' | 'cancelled';

export type NotHeldReason = 'annual-leave' | 'sickness' | 'court' | 'other';

/** A person as recording names them. */
export interface PersonRef {
  id: number;
  upn: string;
  name: string;
}

/** A session as recording reads it: locked until the transaction ends. */
export interface SessionForRecording {
  id: number;
  relationshipId: number;
  type: string;
  /** The other types one meeting for several types covers (migration 018). */
  alsoTypes: string[];
  /** Types it was booked for that its record says it did not cover (migration 024). */
  notCovered: string[];
  status: SessionStatus;
  startsAt: Date | null;
  supervisor: PersonRef;
  /** The supervisor's line manager, whom a supervisee's disagreement with the record reaches. */
  supervisorManagerId: number | null;
  supervisee: PersonRef;
  notHeldReason: NotHeldReason | null;
  /** The short fields (summary, nextDate; note when not held). */
  record: Record<string, unknown> | null;
  recordLocation: string | null;
  recordedBy: PersonRef | null;
  recordedAt: Date | null;
}

export interface StoredAction {
  id: number;
  text: string;
  ownerId: number;
  /** YYYY-MM-DD text, as the store holds it. */
  dueOn: string | null;
  reviewOn: string | null;
  doneOn: string | null;
}

/** A child's case as recording checks it. */
export interface CaseForRecording {
  id: number;
  reference: string;
  workerId: number | null;
  closedOn: string | null;
}

/** What a session's row holds once it is recorded. */
export interface SessionRecord {
  status: 'held' | 'not-held';
  notHeldReason: NotHeldReason | null;
  record: Record<string, unknown>;
  recordLocation: string | null;
  recordedBy: number;
  recordedAt: Date;
  /**
   * A meeting for several types: the types it counts for (`type` leading) and
   * those it did not cover (migration 024). Absent: left as they are.
   */
  types?: { type: string; alsoTypes: string[]; notCovered: string[] };
  /** A direct observation of practice, or not; null when not asked (migration 027). */
  observed: boolean | null;
}

export interface NewAction {
  text: string;
  ownerId: number;
  dueOn: IsoDate | null;
  /** When it will be reviewed (Lambeth's "This will be reviewed on", migration 030). */
  reviewOn: IsoDate | null;
}

export type SignOffOutcome = 'agreed' | 'commented' | 'disagreed';

/**
 * A supervisee's sign-off of a held session's record (migration 026): asked
 * when the record is saved, answered once per version of the record.
 */
export interface SignOff {
  sessionId: number;
  superviseeId: number;
  /** The version of the record asked about: the session's recordedAt then. */
  recordAt: Date;
  /** The London date it was asked: the awaiting sign-off deadline counts from it. */
  requestedOn: IsoDate;
  outcome: SignOffOutcome | null;
  /** The supervisee's comment, or reason for disagreeing: record content, never logged. */
  comment: string | null;
  signedAt: Date | null;
}

/** What recording a session needs, inside one transaction. */
export interface RecordingWriter {
  peopleByUpn(upns: readonly string[]): Promise<PersonRef[]>;
  getSessionForRecording(sessionId: number): Promise<SessionForRecording | null>;
  listActions(sessionId: number): Promise<StoredAction[]>;
  listDiscussedCases(sessionId: number): Promise<CaseForRecording[]>;
  casesByReference(references: readonly string[]): Promise<CaseForRecording[]>;
  applyRecord(sessionId: number, record: SessionRecord): Promise<void>;
  insertActions(sessionId: number, actions: readonly NewAction[]): Promise<number[]>;
  deleteActions(sessionId: number, actionIds: readonly number[]): Promise<void>;
  insertCaseDiscussions(sessionId: number, caseIds: readonly number[]): Promise<void>;
  deleteCaseDiscussions(sessionId: number, caseIds: readonly number[]): Promise<void>;
  /** The session's sign-off, locked until the transaction ends. */
  signOffOf(sessionId: number): Promise<SignOff | null>;
  /** Asks the supervisee to sign off this version of the record, replacing any earlier request or answer. */
  requestSignOff(request: Omit<SignOff, 'outcome' | 'comment' | 'signedAt'>): Promise<void>;
  /** A record that became "not held": nothing left to sign. */
  withdrawSignOff(sessionId: number): Promise<void>;
  answerSignOff(
    sessionId: number,
    answer: { outcome: SignOffOutcome; comment: string | null; signedAt: Date },
  ): Promise<void>;
  /** A session recorded as not held: kept as lost, its supervisor sent a card to rebook it (supervision/lost-sessions.ts). */
  noteLost(lost: readonly NewLostSession[], now: Date): Promise<number[]>;
  /** The outbox, inside the transaction: a sign-off card is sent if, and only if, the record is saved. */
  enqueue(messages: readonly OutboxMessage[]): Promise<number>;
  audit(entry: AuditEntry): Promise<void>;
}
