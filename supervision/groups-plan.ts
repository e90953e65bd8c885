/**
 * The groups file against itself and Cadence: who is named must be known,
 * each member's policy must hold the group's type for their role (or as a team
 * session), and nobody may be in two groups of one type — their attendance
 * would count twice. Then what would change.
 */
import {
  CadenceError,
  findRoleType,
  loadShippedPack,
  roleFor,
  describeId,
} from '../rules/index.ts';
import type { GroupEntry } from './groups-file.ts';
import { fileChanges, hasNoChanges, type FileChanges } from './file-changes.ts';
import { FileProblemsError, type LineProblem } from './problems.ts';
import type { GroupCandidate, StoredGroup } from './ports/index.ts';

export interface GroupsSnapshot {
  /** Groups by lower-case name. */
  groups: ReadonlyMap<string, StoredGroup>;
  /** People by lower-case UPN. */
  people: ReadonlyMap<string, GroupCandidate>;
}

export type GroupsPlan = FileChanges<GroupEntry>;

export function planGroups(
  file: string,
  entries: GroupEntry[],
  rowProblems: LineProblem[],
  held: GroupsSnapshot,
): GroupsPlan {
  const problems = [...rowProblems, ...crossRowProblems(entries, held)];
  if (problems.length > 0) throw new FileProblemsError(file, problems);
  return fileChanges(entries, held.groups, (entry) => entry.name.toLowerCase(), changedFields);
}

export const groupsPlanIsEmpty = hasNoChanges;

function crossRowProblems(entries: GroupEntry[], held: GroupsSnapshot): LineProblem[] {
  const problems: LineProblem[] = [];
  const firstLine = new Map<string, number>();
  // Who is in a group of each type, by file or by a group held and not in the file.
  const memberOf = new Map<string, { group: string; line?: number }>();
  const inFile = new Set(entries.map((entry) => entry.name.toLowerCase()));
  for (const stored of held.groups.values())
    if (!inFile.has(stored.name.toLowerCase()))
      for (const upn of stored.memberUpns)
        memberOf.set(`${stored.type}|${upn}`, { group: stored.name });

  for (const entry of entries) {
    const problem = (message: string) => problems.push({ line: entry.line, message });
    const key = entry.name.toLowerCase();
    const seen = firstLine.get(key);
    if (seen !== undefined) problem(`group '${entry.name}' already appears on line ${seen}`);
    else firstLine.set(key, entry.line);

    if (entry.facilitatorUpn && !held.people.has(entry.facilitatorUpn))
      problem(
        `facilitator_upn '${entry.facilitatorUpn}' is not in Cadence; import the roster first (cadence roster import)`,
      );
    for (const upn of entry.memberUpns) {
      const person = held.people.get(upn);
      if (!person) {
        problem(
          `member '${upn}' is not in Cadence; import the roster first (cadence roster import)`,
        );
        continue;
      }
      const why = typeProblem(person, entry.type);
      if (why) problem(`member ${upn}: ${why}`);
      const other = memberOf.get(`${entry.type}|${upn}`);
      if (other)
        problem(
          `member ${upn} is already in '${other.group}'${other.line ? ` (line ${other.line})` : ''}, another ${describeId('type', entry.type)} group; a person is in one group of a type`,
        );
      else memberOf.set(`${entry.type}|${upn}`, { group: entry.name, line: entry.line });
    }
  }
  return problems;
}

/** Why a person cannot be in a group of this type under their policy, or undefined. */
function typeProblem(person: GroupCandidate, type: string): string | undefined {
  const pack = loadShippedPack(person.policy);
  if (pack.teamSessions.some((session) => session.type === type)) return undefined;
  try {
    findRoleType(pack, roleFor(pack, { role: person.role }, type), type);
    return undefined;
  } catch (error) {
    if (!(error instanceof CadenceError)) throw error;
    return error.message;
  }
}

function changedFields(entry: GroupEntry, stored: StoredGroup): [string, unknown, unknown][] {
  return [
    ['group', entry.name, stored.name],
    ['type', entry.type, stored.type],
    ['facilitator_upn', entry.facilitatorUpn, stored.facilitatorUpn],
    ['member_upns', entry.memberUpns.join(';'), stored.memberUpns.join(';')],
    ['quorum', entry.quorum, stored.quorum],
    ['booking', entry.booking, stored.booking],
  ];
}
