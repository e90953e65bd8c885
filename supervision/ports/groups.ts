/** What groups import writes with, inside one transaction (`supervision/groups-import.ts`; `store/groups.ts` implements it). */
import type { StoredPerson } from '../roster-plan.ts';
import type { BookingMode } from '../booking-mode.ts';
import type { GroupMeetingRow } from './assistant.ts';
import type { AuditEntry } from './common.ts';
import type { CaseForRecording, PersonRef, SessionRecord } from './recording.ts';

/** A group as Cadence holds it. */
export interface StoredGroup {
  id: number;
  name: string;
  type: string;
  /** Lower-case UPN; null when the peers take turns. */
  facilitatorUpn: string | null;
  /** Lower-case UPNs, in the order the file gave them. */
  memberUpns: string[];
  quorum: number;
  booking: BookingMode;
}

/** Who may be in a group: what the checks read of each person. */
export interface GroupCandidate {
  id: number;
  upn: string;
  role: string;
  policy: string;
}

/** A group's columns as written; members by person id, in order. */
export interface GroupFields {
  name: string;
  type: string;
  facilitatorId: number | null;
  memberIds: number[];
  quorum: number;
  booking: BookingMode;
}

/** A new group's columns: also the day it starts, which a member's first meeting is due from. */
export type NewGroupFields = GroupFields & { sinceOn: string };

export interface GroupsWriter {
  listGroups(): Promise<StoredGroup[]>;
  listPeople(): Promise<GroupCandidate[]>;
  insertGroup(fields: NewGroupFields): Promise<number>;
  /** Replaces the group's terms and its members with these. */
  updateGroup(id: number, fields: GroupFields): Promise<void>;
  audit(entry: AuditEntry): Promise<void>;
}

/** A member or facilitator as group planning reads them. */
export type GroupPerson = Pick<
  StoredPerson,
  'upn' | 'name' | 'role' | 'policy' | 'startedOn' | 'approvedOn'
>;

/** A group with what planning its sessions needs (`supervision/group-proposal.ts`). */
export interface PlannableGroup {
  id: number;
  name: string;
  type: string;
  /** Null when the peers take turns: the first member then organises. */
  facilitator: GroupPerson | null;
  members: GroupPerson[];
  quorum: number;
  /** The group's last held session and its last booked one still to come (London dates), which booking continues from. */
  lastHeldOn?: string | null;
  lastBookedOn?: string | null;
}

/** What recording a group meeting needs, inside one transaction (`supervision/group-recording.ts`; `store/group-recording.ts` implements it). */
export interface GroupRecordingWriter {
  peopleByUpn(upns: readonly string[]): Promise<PersonRef[]>;
  /** The meeting, locked until the transaction ends. */
  getGroupSessionForRecording(sessionId: number): Promise<GroupMeetingRow | null>;
  casesByReference(references: readonly string[]): Promise<CaseForRecording[]>;
  applyRecord(sessionId: number, record: SessionRecord): Promise<void>;
  /** Replaces the meeting's attendance with these. */
  saveAttendance(
    sessionId: number,
    attendance: readonly { personId: number; attended: boolean }[],
  ): Promise<void>;
  insertCaseDiscussions(sessionId: number, caseIds: readonly number[]): Promise<void>;
  audit(entry: AuditEntry): Promise<void>;
}
