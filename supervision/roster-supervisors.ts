/**
 * The roster's columns for supervision by more than one person: an alternate
 * supervisor who takes turns (docs/roster.md#alternating-supervisors) and a
 * supervisor per type (docs/roster.md#a-supervisor-per-type). Each reader
 * adds its problems to the row's and returns nothing when there are any.
 */
import { UPN_PATTERN } from './csv.ts';

interface RowPerson {
  upn: string;
  supervisorUpn: string | undefined;
  /** The supervision types the policy gives the role. */
  types: string[];
}

/**
 * `type_supervisors`: `professional=pdl@council.gov.uk; case-management=sm@council.gov.uk`.
 * A type named with the row's own supervisor is theirs already and is left out, so an HR
 * export that fills in every type imports the same as one that names only the exceptions.
 */
export function readTypeSupervisors(
  text: string | undefined,
  person: RowPerson,
  problems: string[],
): Record<string, string> {
  if (!text) return {};
  const before = problems.length;
  if (!person.supervisorUpn)
    problems.push(
      'type_supervisors is set but supervisor_upn is empty: the supervisor holds the types not named',
    );
  const bySupervisor: Record<string, string> = {};
  const named = new Set<string>();
  for (const part of text
    .split(';')
    .map((p) => p.trim())
    .filter((p) => p !== '')) {
    const match = /^([^=\s]+)\s*=\s*(\S+)$/.exec(part);
    if (!match) {
      problems.push(
        `type_supervisors '${part}' must be type=upn, several separated by ';' (e.g. professional=pdl@council.gov.uk)`,
      );
      continue;
    }
    const type = match[1]!;
    const upn = match[2]!.toLowerCase();
    if (named.has(type)) problems.push(`type_supervisors names '${type}' twice`);
    named.add(type);
    if (person.types.length > 0 && !person.types.includes(type))
      problems.push(
        `type_supervisors names '${type}', which the role does not have; its supervision types are ${person.types.join(', ')}`,
      );
    if (!UPN_PATTERN.test(upn))
      problems.push(
        `type_supervisors gives '${upn}' for ${type}, which is not a user principal name`,
      );
    else if (upn === person.upn) problems.push(`a person cannot supervise themselves (${type})`);
    if (upn !== person.supervisorUpn) bySupervisor[type] = upn;
  }
  return problems.length > before ? {} : bySupervisor;
}

/** The alternate supervisor and the types that alternate (every type of the role when empty). */
export function readAlternate(
  upnText: string | undefined,
  typesText: string | undefined,
  person: RowPerson & { typeSupervisors: Record<string, string> },
  problems: string[],
): { upn: string; types: string[] } | undefined {
  if (!upnText) {
    if (typesText) problems.push('alternate_types is set but alternate_upn is empty');
    return undefined;
  }
  const before = problems.length;
  if (!UPN_PATTERN.test(upnText))
    problems.push(`alternate_upn '${upnText}' is not a user principal name`);
  if (!person.supervisorUpn)
    problems.push(
      'alternate_upn is set but supervisor_upn is empty: sessions alternate between two supervisors',
    );
  if (upnText === person.upn) problems.push('a person cannot be their own alternate supervisor');
  if (upnText === person.supervisorUpn)
    problems.push('alternate_upn is the supervisor; name the second supervisor');
  const types = typesText
    ? typesText
        .split(';')
        .map((t) => t.trim())
        .filter((t) => t !== '')
    : person.types;
  for (const type of types) {
    if (!person.types.includes(type))
      problems.push(
        `alternate_types names '${type}', which the role does not have; its supervision types are ${person.types.join(', ')}`,
      );
    // With a supervisor of its own, the type alternates between that supervisor and the alternate.
    if (person.typeSupervisors[type] === upnText)
      problems.push(
        `alternate_upn supervises ${type} already (type_supervisors); name a second supervisor to take turns with`,
      );
  }
  return problems.length > before ? undefined : { upn: upnText, types };
}
