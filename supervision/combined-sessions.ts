/**
 * One session for several types (rules/combined-types.ts): booking turns a
 * relationship's rows (one per type) into one row per session kind. Where the
 * policy lets types share a session, the first type leads and the others ride
 * along in `alsoTypes`; the shared session is due when the earliest of them
 * is, so none is late.
 */
import {
  combinedTypes,
  loadShippedPack,
  type IsoDate,
  type PolicyPack,
  type Supervisee,
} from '../rules/index.ts';
import { agreedTermsOf } from './team.ts';
import type { BookableRelationship } from './ports/index.ts';

/** A relationship's session kind as booking plans it: the leading type, and the others its sessions cover. */
export interface PlannableRelationship extends BookableRelationship {
  alsoTypes: string[];
}

/** The person a relationship's rows describe, for the rules. */
export function superviseeOf(r: BookableRelationship): Supervisee {
  return {
    role: r.role,
    ...agreedTermsOf({ ...r, upn: r.superviseeUpn }),
    ...(r.startedOn && { started: r.startedOn as IsoDate }),
    ...(r.approvedOn && { approved: r.approvedOn as IsoDate }),
  };
}

export function combineSessions(
  rows: readonly BookableRelationship[],
  today: IsoDate,
  horizonOf: (r: BookableRelationship) => IsoDate,
): PlannableRelationship[] {
  // Types share a session only with the same supervisors: a type that alternates does not join one
  // that does not, nor a type with a supervisor of its own one with the relationship's supervisor.
  const byRelationship = new Map<string, BookableRelationship[]>();
  for (const row of rows) {
    const key = `${row.relationshipId}/${row.supervisorId}/${row.alternate?.upn ?? ''}`;
    const list = byRelationship.get(key) ?? [];
    list.push(row);
    byRelationship.set(key, list);
  }
  return [...byRelationship.values()].flatMap((list) => {
    const first = list[0]!;
    // The supervision agreement asks for separate sessions (Lambeth leaves "the details of the
    // arrangement" to it, 002, 2.2): each type is its own series.
    if (list.length === 1 || first.separateSessions)
      return list.map((r) => ({ ...r, alsoTypes: [] }));
    let person: Supervisee;
    let pack: PolicyPack;
    try {
      person = superviseeOf(first);
      pack = loadShippedPack(first.policy);
    } catch {
      // Unreadable agreed terms, an unknown policy: each type is planned alone and reports it.
      return list.map((r) => ({ ...r, alsoTypes: [] }));
    }
    const types = list.map((r) => r.type);
    const classes = combinedTypes(pack, person, types, today, horizonOf(first));
    return classes.map((types) => {
      const members = types.map((type) => list.find((r) => r.type === type)!);
      return {
        ...members[0]!,
        alsoTypes: types.slice(1),
        lastHeldOn: earliest(members.map((r) => r.lastHeldOn)),
        lastBookedOn: earliest(members.map((r) => r.lastBookedOn)),
      };
    });
  });
}

/**
 * The earliest of the types' dates, none if any type has none: the shared
 * session follows the type that is due first, and a type never held (or not
 * booked ahead) sets the pace. A type booked further ahead than another (its
 * sessions booked separately before the policy combined them) gets the
 * shared sessions as well as its own; one more session, never a late one.
 */
function earliest(dates: (string | null)[]): string | null {
  if (dates.some((d) => d === null)) return null;
  return [...(dates as string[])].sort()[0] ?? null;
}
