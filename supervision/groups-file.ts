/**
 * The groups file: supervision held in a group rather than one to one — a
 * team's reflective case discussion (Lambeth 002, 2.2: a "facilitated group
 * supervision model"), a peer forum "facilitated by the peers", an ASYE
 * cohort. One row per group. Checked whole before anything is written; every
 * problem is reported with its line.
 *
 * Columns (docs/roster.md, "Groups", has the full description):
 *   required  group, type, facilitator_upn, member_upns
 *   optional  quorum (members who must be free for a time to be chosen),
 *             booking (who books the meetings: the daily job, or the facilitator from Teams)
 */
import { SUPERVISION_TYPES } from '../rules/index.ts';
import { readBooking, type BookingMode } from './booking-mode.ts';
import { cellsOf, readCsv, UPN_PATTERN, type CsvRow } from './csv.ts';
import { FileProblemsError, type LineProblem } from './problems.ts';

export const GROUPS_COLUMNS = {
  required: ['group', 'type', 'facilitator_upn', 'member_upns'],
  optional: ['quorum', 'booking'],
} as const;

/** The facilitator_upn of a group whose members take turns to facilitate (Lambeth's peer reflection forums). */
export const PEERS = 'peers';

export interface GroupEntry {
  line: number;
  /** The group's name as the council calls it; also how a later file names the same group. */
  name: string;
  type: string;
  /** Lower-case UPN of the facilitator, or null when the peers take turns. */
  facilitatorUpn: string | null;
  /** Lower-case UPNs, in the file's order; with peers, the first organises the Outlook series. */
  memberUpns: string[];
  /** Members who must be free at a time for it to be chosen, the facilitator aside. */
  quorum: number;
  /** Who books the meetings: the daily job, or the facilitator from the proposal card in Teams. */
  booking: BookingMode;
}

export const GROUP_NAME_MAX_LENGTH = 80;

/**
 * At most this many members: each meeting is one Outlook event with every
 * member invited, and Exchange Online takes at most 500 attendees on an event
 * (https://learn.microsoft.com/graph/api/resources/event: "The maximum number
 * of attendees included in an event … is 500"); the facilitator is one.
 */
export const MAX_GROUP_MEMBERS = 499;

/** More than half the members, when the file gives no quorum: a discussion most of the group can join. */
export function defaultQuorum(members: number): number {
  return Math.floor(members / 2) + 1;
}

/** Reads and checks every row on its own; checks against the file as a whole and against Cadence are in groups-plan.ts. */
export function readGroupsFile(
  text: string,
  file: string,
): { entries: GroupEntry[]; problems: LineProblem[] } {
  const rows = readCsv(text, file, GROUPS_COLUMNS);
  if (rows.length === 0)
    throw new FileProblemsError(file, [
      { line: 2, message: 'the file has a header but no groups' },
    ]);
  const entries: GroupEntry[] = [];
  const problems: LineProblem[] = [];
  for (const row of rows) {
    const rowProblems: string[] = [];
    const entry = readEntry(row, rowProblems);
    if (entry && rowProblems.length === 0) entries.push(entry);
    else problems.push(...rowProblems.map((message) => ({ line: row.line, message })));
  }
  return { entries, problems };
}

function readEntry(row: CsvRow, problems: string[]): GroupEntry | undefined {
  const { value } = cellsOf(row, problems);
  const name = value('group');
  if (!name)
    problems.push("group is empty; give the group's name, e.g. Assessment team case discussion");
  else if (name.length > GROUP_NAME_MAX_LENGTH)
    problems.push(`group is longer than ${GROUP_NAME_MAX_LENGTH} characters`);

  const type = value('type');
  if (!type) problems.push('type is empty; give the supervision type the group holds');
  else if (!(type in SUPERVISION_TYPES))
    problems.push(
      `type '${type}' is not a supervision type; use one of: ${Object.keys(SUPERVISION_TYPES).join(', ')}`,
    );

  const facilitator = value('facilitator_upn').toLowerCase();
  if (!facilitator)
    problems.push(
      `facilitator_upn is empty; give the facilitator's UPN, or '${PEERS}' when the members take turns`,
    );
  else if (facilitator !== PEERS && !UPN_PATTERN.test(facilitator))
    problems.push(`facilitator_upn '${facilitator}' is not a UPN (or '${PEERS}')`);

  const memberUpns = value('member_upns')
    .split(';')
    .map((upn) => upn.trim().toLowerCase())
    .filter(Boolean);
  for (const upn of memberUpns)
    if (!UPN_PATTERN.test(upn)) problems.push(`member_upns: '${upn}' is not a UPN`);
  const repeated = memberUpns.filter((upn, i) => memberUpns.indexOf(upn) !== i);
  if (repeated.length > 0)
    problems.push(`member_upns names ${[...new Set(repeated)].join(', ')} more than once`);
  if (memberUpns.length < 2)
    problems.push('member_upns needs at least two members, separated by ";"');
  if (memberUpns.length > MAX_GROUP_MEMBERS)
    problems.push(
      `member_upns names ${memberUpns.length} members; an Outlook meeting takes at most ${MAX_GROUP_MEMBERS} besides its organiser: split the group`,
    );
  if (facilitator !== PEERS && memberUpns.includes(facilitator))
    problems.push(
      `the facilitator ${facilitator} is also listed as a member; list them once, as facilitator, or use '${PEERS}'`,
    );

  const quorumText = value('quorum');
  let quorum = defaultQuorum(memberUpns.length);
  if (quorumText) {
    quorum = Number(quorumText);
    if (!Number.isInteger(quorum) || quorum < 1 || quorum > memberUpns.length)
      problems.push(
        `quorum '${quorumText}' must be a whole number from 1 to the ${memberUpns.length} members`,
      );
  }
  const booking = readBooking(value('booking'), problems);
  return {
    line: row.line,
    name,
    type,
    facilitatorUpn: facilitator === PEERS ? null : facilitator,
    memberUpns,
    quorum,
    booking,
  };
}
