/**
 * What the Teams assistant reads and writes, as the store provides it. Rows
 * carry people by id, UPN and name, children by case reference only.
 */
import type { AuditEntry } from './common.ts';
import type { OutboxMessage } from './outbox.ts';
import type { PersonRef, SignOff } from './recording.ts';

export interface Actor extends PersonRef {
  role: string;
  policy: string;
  /** How many people they supervise now. */
  supervises: number;
  /** How many people have them as manager. */
  reports: number;
}

export interface SessionRow {
  sessionId: number;
  relationshipId: number;
  type: string;
  /** Other types the session covers, where the policy lets types share one (rules/combined-types.ts). */
  alsoTypes: string[];
  /** Of those, the ones its record says it did not cover (migration 024). */
  notCovered: string[];
  status: 'planned' | 'booked' | 'held' | 'not-held' | 'cancelled';
  startsAt: Date | null;
  endsAt: Date | null;
  supervisor: PersonRef;
  supervisee: PersonRef;
  policy: string;
  recordedAt: Date | null;
}

export interface SuperviseeRow {
  relationshipId: number;
  supervisee: PersonRef;
  role: string;
  nextBookedOn: string | null;
}

export interface RelationshipRow {
  relationshipId: number;
  supervisor: PersonRef;
  supervisee: PersonRef;
  current: boolean;
}

export interface PreviousActionRow {
  actionId: number;
  text: string;
  owner: PersonRef;
  dueOn: string | null;
  reviewOn: string | null;
  doneOn: string | null;
}

export interface AssistantStore {
  actorByAadObjectId(aadObjectId: string): Promise<Actor | null>;
  actorById(id: number): Promise<Actor | null>;
  upcomingSessions(personId: number, from: Date, to: Date): Promise<SessionRow[]>;
  awaitingRecord(supervisorId: number, now: Date): Promise<SessionRow[]>;
  sessionById(sessionId: number): Promise<SessionRow | null>;
  currentSupervisees(supervisorId: number, now: Date): Promise<SuperviseeRow[]>;
  relationshipById(relationshipId: number): Promise<RelationshipRow | null>;
  /** Last time's actions (done or not), and those of earlier sessions of the relationship still open. */
  previousActions(sessionId: number): Promise<PreviousActionRow[]>;
  setActionsDone(
    changes: readonly { actionId: number; done: boolean }[],
    on: string,
  ): Promise<number>;
  personByUpn(upn: string): Promise<PersonRef | null>;
  /** People whose name or UPN holds `text` (case-insensitive), names starting with it first, at most `limit` from `skip`. */
  searchPeople(
    text: string,
    limit: number,
    skip: number,
  ): Promise<(PersonRef & { team: string | null })[]>;
  personById(id: number): Promise<PersonRef | null>;
  /** The person's line manager (people.manager_id), if recorded. */
  managerOf(personId: number): Promise<PersonRef | null>;
  /** The session's record as stored (short fields only) and its actions. */
  recordOf(sessionId: number): Promise<{
    notHeldReason: string | null;
    record: Record<string, unknown> | null;
    recordLocation: string | null;
    /** A direct observation of practice, or not; null when not asked (migration 027). */
    observed: boolean | null;
    recordedBy: PersonRef | null;
    actions: { text: string; owner: PersonRef; dueOn: string | null; reviewOn: string | null }[];
  } | null>;
  openCasesOf(workerId: number): Promise<
    {
      caseId: number;
      reference: string;
      status: string;
      sinceOn: string;
      lastDiscussedOn: string | null;
    }[]
  >;
  /** A held session's sign-off by its supervisee, as it stands (migration 026). */
  signOffOf(sessionId: number): Promise<SignOff | null>;
  agendaOf(sessionId: number): Promise<string[]>;
  addAgendaItem(sessionId: number, authorId: number, text: string): Promise<void>;
  /** True if this call is the first to use the nonce (inside the caller's transaction). */
  claimNonce(nonce: string, verb: string, actorId: number): Promise<boolean>;
  releaseNonce(nonce: string): Promise<void>;
  snooze(personId: number, subject: string, until: Date): Promise<void>;
  /** People who use Teams and have no conversation with the bot: reminders cannot reach them. */
  listWithoutApp(): Promise<PersonRef[]>;
  /** The outbox, inside the caller's transaction. */
  enqueue(messages: readonly OutboxMessage[]): Promise<number>;
  audit(entry: AuditEntry): Promise<void>;
  snoozedUntil(personId: number, subject: string, now: Date): Promise<Date | null>;
}

/** A group meeting as the Teams bot shows it (docs/roster.md#groups). */
export interface GroupMeetingRow {
  sessionId: number;
  groupId: number;
  groupName: string;
  type: string;
  status: string;
  startsAt: Date | null;
  endsAt: Date | null;
  /** Null when the peers take turns: then any member may record. */
  facilitatorId: number | null;
  members: { id: number; upn: string; name: string }[];
  /** Who came, once recorded. */
  attendedIds: number[];
}

/** The group meetings the Teams bot reads; `store/group-queries.ts` implements it. */
export interface GroupMeetingReader {
  /** Meetings that have ended without a record, which this person may record. */
  groupMeetingsAwaitingRecord(personId: number, now: Date): Promise<GroupMeetingRow[]>;
  groupMeeting(sessionId: number): Promise<GroupMeetingRow | null>;
  /** Booked meetings starting in (now, to) of the groups this person facilitates or is in. */
  upcomingGroupMeetings(personId: number, now: Date, to: Date): Promise<GroupMeetingRow[]>;
}
