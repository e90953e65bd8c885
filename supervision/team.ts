/**
 * A manager's team as the overdue and compliance views see it, read through
 * the `TeamReader` port, and the bridge from a stored person to the rules.
 */
import {
  loadShippedPack,
  type Duration,
  type Interval,
  type IsoDate,
  type PolicyPack,
  type Supervisee,
} from '../rules/index.ts';

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
}

export interface TeamSnapshot {
  members: TeamMember[];
  sessions: {
    personId: number;
    type: string;
    lastHeldOn: string | null;
    nextBookedOn: string | null;
  }[];
  unrecorded: { sessionId: number; personId: number; type: string; heldOn: string }[];
  cases: {
    caseId: number;
    reference: string;
    status: string;
    sinceOn: string;
    workerId: number;
    lastDiscussedOn: string | null;
  }[];
}

/** What the overdue and compliance views read; `store/` implements it. */
export interface TeamReader {
  findPersonByUpn(upn: string): Promise<{ id: number; upn: string; name: string } | undefined>;
  listTeamBelow(managerId: number): Promise<TeamMember[]>;
  summariseSessions(personIds: number[], now: Date): Promise<TeamSnapshot['sessions']>;
  listUnrecorded(personIds: number[], now: Date): Promise<TeamSnapshot['unrecorded']>;
  listOpenCases(workerIds: number[]): Promise<TeamSnapshot['cases']>;
  listHeldSince(
    personIds: number[],
    from: IsoDate,
  ): Promise<{ personId: number; type: string; heldOn: string; imported: boolean }[]>;
}

/** The person as the rules engine sees them. */
export function superviseeOf(member: TeamMember): Supervisee {
  const person: Supervisee = {
    role: member.role,
    agreed: (member.agreedPeriods ?? {}) as Record<string, Duration>,
    agreedFrequency: (member.agreedFrequency ?? {}) as Record<string, Interval>,
  };
  if (member.startedOn) person.started = member.startedOn as IsoDate;
  if (member.approvedOn) person.approved = member.approvedOn as IsoDate;
  return person;
}

export function packOf(member: { policy: string }): PolicyPack {
  return loadShippedPack(member.policy);
}

/** Groups rows by a key, keeping first-seen order. */
export function groupBy<T, K>(rows: readonly T[], key: (row: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const row of rows) {
    const k = key(row);
    const list = groups.get(k);
    if (list) list.push(row);
    else groups.set(k, [row]);
  }
  return groups;
}
