/**
 * Which of a person's supervision types share one session, where the policy
 * allows it (`combinedSessions`; Lambeth 2.2: "separate supervision sessions
 * or the allocation of time and space within the session to focus on each
 * specific area").
 *
 * Two types share a session when, for this person:
 * - the document names the same kind of supervisor for both (Lambeth: a team
 *   manager's case management and professional supervision are both the
 *   Service Manager's; peer reflection, "facilitated by the peers", is not);
 * - they fall due at the same frequency on every day from `from` through
 *   `through`, phase changes included (an agreed frequency for one type
 *   counts). A session of one then always falls due when the other's does, so
 *   the shared session keeps both on time; types at different frequencies
 *   (an ASYE's 4-weekly case management and weekly professional supervision)
 *   stay separate sessions.
 * A type whose frequency cannot be worked out (no start date) stays alone, so
 * its own plan reports why.
 */
import type { IsoDate } from './calendar-date.ts';
import { InputError } from './errors.ts';
import { findRoleType } from './lookup.ts';
import type { PolicyPack } from './schema.ts';
import { frequencyOn, roleFor, type Supervisee } from './staff-frequency.ts';

/** The person's types in classes that share a session, each class in the order given; every type alone without the pack setting. */
export function combinedTypes(
  pack: PolicyPack,
  person: Supervisee,
  types: readonly string[],
  from: IsoDate,
  through: IsoDate,
): string[][] {
  if (!pack.combinedSessions) return types.map((type) => [type]);
  const classes: string[][] = [];
  for (const type of types) {
    const shared = classes.find((c) => mayShare(pack, person, c[0]!, type, from, through));
    if (shared) shared.push(type);
    else classes.push([type]);
  }
  return classes;
}

function mayShare(
  pack: PolicyPack,
  person: Supervisee,
  a: string,
  b: string,
  from: IsoDate,
  through: IsoDate,
): boolean {
  try {
    const role = roleFor(pack, person, a);
    const whoA = findRoleType(pack, role, a).supervisor;
    const whoB = findRoleType(pack, roleFor(pack, person, b), b).supervisor;
    if (whoA === undefined || whoA !== whoB) return false;
    for (let on = from; ;) {
      const fa = frequencyOn(pack, person, on, a);
      const fb = frequencyOn(pack, person, on, b);
      if (fa.every !== fb.every || fa.unit !== fb.unit || fa.phaseEndsOn !== fb.phaseEndsOn)
        return false;
      if (!fa.phaseEndsOn || fa.phaseEndsOn > through) return true;
      on = fa.phaseEndsOn;
    }
  } catch (error) {
    if (error instanceof InputError) return false;
    throw error;
  }
}
