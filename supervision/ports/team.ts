/** What the overdue and compliance views read (`supervision/overdue.ts`, `compliance.ts`; `store/team-reader.ts` implements it). */
import type { IsoDate } from '../../rules/index.ts';

export interface TeamMember {
  id: number;
  upn: string;
  name: string;
  role: string;
  policy: string;
  team: string | null;
  startedOn: string | null;
  approvedOn: string | null;
  relationshipFrom: string | null;
  supervisorUpn: string | null;
  supervisorName: string | null;
  types: string[] | null;
  agreedPeriods: Record<string, unknown> | null;
  agreedFrequency: Record<string, unknown> | null;
  agreementSignedOn: string | null;
  agreementReviewedOn: string | null;
  /** The day a roster import changed the agreed frequency: the agreement is to be updated (migration 031). Absent where a reader does not say. */
  agreementChangedOn?: string | null;
  /**
   * The groups they are in (docs/roster.md#groups): a type the policy sets
   * per team is judged from these. Absent where a reader does not say.
   */
  groups?: MemberGroup[] | null;
  /**
   * Read for the types they are supervised in by someone other than the
   * relationship's supervisor (a type's own supervisor, an alternate), for whom
   * `types` is only those: what else is overdue (agreements, records, cases) is
   * the relationship supervisor's to act on and not shown.
   */
  typesOnly?: boolean;
  /** Read as supervised by the one who covers their supervisor today (docs/roster.md#cover). */
  covering?: boolean;
}

/** A group the member is in, as the overdue view and the prompts read it. */
export interface MemberGroup {
  type: string;
  sinceOn: string;
  /** The group (readers that say): its organiser is told when members are overdue for its type. */
  id?: number;
  name?: string;
  /** Who organises its meetings (the facilitator, or the first of the peers), and whether they use Teams. */
  organiser?: { id: number; usesTeams: boolean } | null;
}

/** Per person and supervision type: the last session held and the next one booked. */
export interface SessionSummary {
  personId: number;
  type: string;
  lastHeldOn: string | null;
  nextBookedOn: string | null;
}

/** A session that has ended and is not recorded yet. */
export interface UnrecordedSession {
  sessionId: number;
  personId: number;
  type: string;
  heldOn: string;
}

/** An open case on a worker's caseload, by reference only. */
export interface OpenCase {
  caseId: number;
  reference: string;
  status: string;
  sinceOn: string;
  workerId: number;
  lastDiscussedOn: string | null;
}

/** A session held on a date, for compliance over a period. */
export interface HeldSession {
  personId: number;
  type: string;
  heldOn: string;
  /** Recorded from the roster's last_supervised: Cadence's records of the person begin here. */
  imported: boolean;
}

/** A held one-to-one's record as compliance judges it: when it was held and when it was recorded. */
export interface RecordedSession {
  personId: number;
  heldOn: string;
  recordedOn: string;
}

/** A record the supervisee was asked to sign off, and whether they have answered (migration 026). */
export interface SignOffAsked {
  personId: number;
  requestedOn: string;
  answered: boolean;
}

/** A held session's record its supervisee has not signed off (migration 026). */
export interface AwaitingSignOff {
  sessionId: number;
  personId: number;
  type: string;
  heldOn: string;
  /** When sign-off was asked (the record saved): its deadline counts from here. */
  requestedOn: string;
  /** The record's version asked about (its recordedAt, in milliseconds). */
  version: number;
}

/**
 * A person's sessions of a type whose records said whether they were a
 * direct observation of practice (migration 027): the dates of those that
 * were not since the last that was, oldest first.
 */
export interface ObservationStreak {
  personId: number;
  type: string;
  lastObservedOn: string | null;
  unobservedOn: string[];
}

export interface TeamSnapshot {
  members: TeamMember[];
  sessions: SessionSummary[];
  unrecorded: UnrecordedSession[];
  cases: OpenCase[];
  /** Absent: not read (the reminders' scan, which does not chase sign-off from the snapshot). */
  awaitingSignOff?: AwaitingSignOff[];
  /** Absent: not read (the reminders' scan). */
  observations?: ObservationStreak[];
}

/** What the overdue and compliance views read; `store/` implements it. */
export interface TeamReader {
  findPersonByUpn(upn: string): Promise<{ id: number; upn: string; name: string } | undefined>;
  listTeamBelow(managerId: number): Promise<TeamMember[]>;
  /**
   * Those `supervisorId` supervises now: as the relationship's supervisor, or
   * as the cover on the London date `on` of a supervisor away (every type,
   * with them as the supervisor; docs/roster.md#cover), or as a type's own
   * supervisor or an alternate (only those types).
   */
  listSupervisedBy(supervisorId: number, on: string): Promise<TeamMember[]>;
  summariseSessions(personIds: number[], now: Date): Promise<SessionSummary[]>;
  listUnrecorded(personIds: number[], now: Date): Promise<UnrecordedSession[]>;
  listOpenCases(workerIds: number[]): Promise<OpenCase[]>;
  listAwaitingSignOff(personIds: number[]): Promise<AwaitingSignOff[]>;
  /** Of these people, for these types: observation of practice since the last (supervision/observation.ts). */
  listObservationStreaks(personIds: number[], types: string[]): Promise<ObservationStreak[]>;
  listHeldSince(personIds: number[], from: IsoDate): Promise<HeldSession[]>;
  /** Held sessions from `from` recorded in Cadence (not the roster's history), with the day each was recorded. */
  listRecordedSince(personIds: number[], from: IsoDate): Promise<RecordedSession[]>;
  /** Sign-offs asked from `from`, answered or not. */
  listSignOffsSince(personIds: number[], from: IsoDate): Promise<SignOffAsked[]>;
}
