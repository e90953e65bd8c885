/**
 * The ports the domain is written against. `store/` provides them over
 * PostgreSQL; `app/` wires them. Structural types, so `store/` need not import
 * from here.
 */
import type { Duration, Interval, IsoDate } from '../rules/index.ts';
import type { BookingMode } from './booking-mode.ts';
import type { Venue } from './venue.ts';
import type { StoredPerson } from './roster-plan.ts';
import type { CaseWorker, StoredCase } from './cases-plan.ts';

export interface PersonFields {
  upn: string;
  name: string;
  role: string;
  policy: string;
  startedOn: IsoDate | null;
  approvedOn: IsoDate | null;
  entraObjectId: string | null;
  jobTitle: string | null;
  team: string | null;
  usesTeams: boolean;
}

export interface RelationshipTerms {
  types: string[];
  agreedPeriods: Record<string, Duration>;
  agreedFrequency: Record<string, Interval>;
  booking: BookingMode;
  /** Where the sessions are held (venue.ts). */
  venue: Venue;
}

export interface AuditEntry {
  actor: string;
  action: string;
  entity: string;
  entityId: string | number | null;
  detail?: Record<string, unknown>;
}

/** What roster import needs, inside one transaction. */
export interface RosterWriter {
  listPeople(): Promise<StoredPerson[]>;
  insertPerson(person: PersonFields): Promise<number>;
  updatePerson(id: number, person: PersonFields): Promise<void>;
  setManager(personId: number, managerId: number | null): Promise<void>;
  startRelationship(
    supervisorId: number,
    superviseeId: number,
    fromOn: IsoDate,
    terms: RelationshipTerms,
  ): Promise<number>;
  endRelationship(relationshipId: number, toOn: IsoDate): Promise<void>;
  /**
   * After `endRelationship`: cancels its sessions after its last day (reason
   * `relationship-ended`, an audit row each) and queues the ending of its
   * Outlook series, done later by `endRelationshipsInOutlook`. Returns how many
   * sessions were withdrawn.
   */
  queueEnding(relationshipId: number, successorId: number | null, actor: string): Promise<number>;
  updateRelationshipTerms(relationshipId: number, terms: RelationshipTerms): Promise<void>;
  /** Records a session held before Cadence kept records, one per type, on `heldOn`. */
  recordPastSession(relationshipId: number, types: string[], heldOn: IsoDate): Promise<void>;
  setAgreementSigned(relationshipId: number, signedOn: IsoDate): Promise<void>;
  audit(entry: AuditEntry): Promise<void>;
}

/** The clock port: the only way the domain learns the time. */
export interface Clock {
  now(): Date;
}

/** Runs `work` in one transaction: all of it is written, or none. */
export type InTransaction<Port> = <T>(work: (port: Port) => Promise<T>) => Promise<T>;

/** A case's columns as written: by reference only, never a child's name. */
export interface CaseFields {
  reference: string;
  status: string;
  sinceOn: IsoDate;
  workerId: number;
  closedOn: IsoDate | null;
  /** Last discussed before Cadence kept records, from the cases file. */
  lastDiscussedBeforeCadence: IsoDate | null;
}

/** What case import needs, inside one transaction. */
export interface CasesWriter {
  listCases(): Promise<StoredCase[]>;
  /** Everyone a case may be allocated to; only id, upn and policy are read. */
  listPeople(): Promise<CaseWorker[]>;
  insertCase(fields: CaseFields): Promise<number>;
  updateCase(id: number, fields: CaseFields): Promise<void>;
  audit(entry: AuditEntry): Promise<void>;
}

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
  status: SessionStatus;
  startsAt: Date | null;
  supervisor: PersonRef;
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
}

export interface NewAction {
  text: string;
  ownerId: number;
  dueOn: IsoDate | null;
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
  audit(entry: AuditEntry): Promise<void>;
}
