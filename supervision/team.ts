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
import type { TeamMember } from './ports/index.ts';

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
