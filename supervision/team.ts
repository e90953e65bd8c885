/**
 * A manager's team as the overdue and compliance views see it, read through
 * the `TeamReader` port, and the bridge from a stored person to the rules.
 */
import { z } from 'zod';
import {
  durationSchema,
  intervalSchema,
  loadShippedPack,
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

export interface TeamSnapshot {
  members: TeamMember[];
  sessions: SessionSummary[];
  unrecorded: UnrecordedSession[];
  cases: OpenCase[];
}

/** What the overdue and compliance views read; `store/` implements it. */
export interface TeamReader {
  findPersonByUpn(upn: string): Promise<{ id: number; upn: string; name: string } | undefined>;
  listTeamBelow(managerId: number): Promise<TeamMember[]>;
  summariseSessions(personIds: number[], now: Date): Promise<SessionSummary[]>;
  listUnrecorded(personIds: number[], now: Date): Promise<UnrecordedSession[]>;
  listOpenCases(workerIds: number[]): Promise<OpenCase[]>;
  listHeldSince(personIds: number[], from: IsoDate): Promise<HeldSession[]>;
}

/** The person as the rules engine sees them. */
export function superviseeOf(member: TeamMember): Supervisee {
  const person: Supervisee = {
    role: member.role,
    ...agreedTermsOf(member),
  };
  if (member.startedOn) person.started = member.startedOn as IsoDate;
  if (member.approvedOn) person.approved = member.approvedOn as IsoDate;
  return person;
}

const storedTerms = z.object({
  agreedPeriods: z.record(z.string(), durationSchema).nullable(),
  agreedFrequency: z.record(z.string(), intervalSchema).nullable(),
});

/**
 * A person's agreed periods and frequencies as stored (jsonb), parsed with the
 * rules' schemas: a stored shape the rules cannot read is an error naming the
 * person and the field, never a guess.
 */
export function agreedTermsOf(member: {
  upn: string;
  agreedPeriods: unknown;
  agreedFrequency: unknown;
}): Pick<Supervisee, 'agreed' | 'agreedFrequency'> {
  const parsed = storedTerms.safeParse({
    agreedPeriods: member.agreedPeriods ?? null,
    agreedFrequency: member.agreedFrequency ?? null,
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(
      `the stored agreed terms of ${member.upn} are not readable at ${issue?.path.join('.') || '(top)'}: ${issue?.message ?? 'unknown problem'}`,
    );
  }
  return {
    agreed: parsed.data.agreedPeriods ?? {},
    agreedFrequency: parsed.data.agreedFrequency ?? {},
  };
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
