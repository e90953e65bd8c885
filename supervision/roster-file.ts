/**
 * The roster file: who works here, in which role under which policy, since
 * when, and who supervises them. Checked whole before anything is written;
 * every problem is reported with its line.
 *
 * Columns (docs/roster.md has the full description):
 *   required  upn, name, role, policy, started, supervisor_upn
 *   optional  manager_upn, approved, entra_object_id, job_title, team,
 *             uses_teams, supervised_since, agreed_every, agreed_periods,
 *             last_supervised, agreement_signed (history from before Cadence),
 *             booking (who books the sessions), venue, alternate_upn,
 *             alternate_types, type_supervisors (roster-supervisors.ts)
 */
import {
  CadenceError,
  loadShippedPack,
  roleFor,
  type Duration,
  type Interval,
  type IsoDate,
  type PolicyPack,
  type Unit,
} from '../rules/index.ts';
import { readBooking, type BookingMode } from './booking-mode.ts';
import { defaultVenue, VENUES, type Venue } from './venue.ts';
import { cellsOf, readCsv, UPN_PATTERN, type CsvRow, type ReadingDay } from './csv.ts';
import { FileProblemsError, type LineProblem } from './problems.ts';
import { readAlternate, readTypeSupervisors } from './roster-supervisors.ts';

export const ROSTER_COLUMNS = {
  required: ['upn', 'name', 'role', 'policy', 'started', 'supervisor_upn'],
  optional: [
    'manager_upn',
    'approved',
    'entra_object_id',
    'job_title',
    'team',
    'uses_teams',
    'supervised_since',
    'agreed_every',
    'agreed_periods',
    'last_supervised',
    'agreement_signed',
    'booking',
    'venue',
    'alternate_upn',
    'alternate_types',
    'type_supervisors',
    'separate_sessions',
  ],
} as const;

export interface RosterEntry {
  line: number;
  upn: string;
  name: string;
  role: string;
  policy: string;
  started: IsoDate;
  approved?: IsoDate;
  /** Who supervises them; empty at the top of the organisation. */
  supervisorUpn?: string;
  /** Their line manager where it is not their supervisor (e.g. a foster carer's). */
  managerUpn?: string;
  entraObjectId?: string;
  jobTitle?: string;
  team?: string;
  usesTeams: boolean;
  supervisedSince?: IsoDate;
  /** The supervision types the policy gives the role. */
  types: string[];
  agreedPeriods: Record<string, Duration>;
  agreedFrequency: Record<string, Interval>;
  /** The last supervision held before Cadence kept records (so a first import is not all overdue). */
  lastSupervised?: IsoDate;
  /** When the current supervision agreement was signed, if before Cadence. */
  agreementSigned?: IsoDate;
  /** Who books the sessions: the daily job (`automatic`), or the supervisor from Teams. */
  booking: BookingMode;
  /** Where the sessions are held: a Teams meeting or in person. */
  venue: Venue;
  /** The supervision agreement asks for a session per type, where the policy would let types share one. */
  separateSessions: boolean;
  /** A second supervisor the sessions of `types` alternate with (docs/roster.md#alternating-supervisors). */
  alternate?: { upn: string; types: string[] };
  /** Types supervised by someone other than `supervisorUpn`, type → UPN (docs/roster.md#a-supervisor-per-type). */
  typeSupervisors?: Record<string, string>;
}

const UPN = UPN_PATTERN;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const UNITS: Record<string, Unit> = { d: 'day', wd: 'working-day', w: 'week', m: 'month' };

/** Reads and checks every row on its own; cross-row checks are in roster-plan.ts. */
export function readRosterFile(
  text: string,
  file: string,
  day: ReadingDay,
): { entries: RosterEntry[]; problems: LineProblem[] } {
  const rows = readCsv(text, file, ROSTER_COLUMNS);
  const entries: RosterEntry[] = [];
  const problems: LineProblem[] = [];
  for (const row of rows) {
    const rowProblems: string[] = [];
    const entry = readEntry(row, rowProblems, day);
    if (rowProblems.length > 0)
      problems.push(...rowProblems.map((message) => ({ line: row.line, message })));
    else if (entry) entries.push(entry);
  }
  if (rows.length === 0)
    throw new FileProblemsError(file, [
      { line: 2, message: 'the file has a header but no people' },
    ]);
  return { entries, problems };
}

function readEntry(row: CsvRow, problems: string[], day: ReadingDay): RosterEntry | undefined {
  const { value, optional, date } = cellsOf(row, problems, day);
  const upn = value('upn').toLowerCase();
  if (!UPN.test(upn))
    problems.push(`upn '${value('upn')}' is not a user principal name like name@council.gov.uk`);
  const name = value('name');
  if (!name) problems.push('name is empty');
  const supervisorUpn = optional('supervisor_upn')?.toLowerCase();
  if (supervisorUpn && !UPN.test(supervisorUpn))
    problems.push(`supervisor_upn '${supervisorUpn}' is not a user principal name`);
  if (supervisorUpn === upn) problems.push('a person cannot supervise themselves');
  const managerUpn = optional('manager_upn')?.toLowerCase();
  if (managerUpn && !UPN.test(managerUpn))
    problems.push(`manager_upn '${managerUpn}' is not a user principal name`);
  const entraObjectId = optional('entra_object_id');
  if (entraObjectId && !GUID.test(entraObjectId))
    problems.push(`entra_object_id '${entraObjectId}' is not an Entra object id (a GUID)`);
  const usesTeamsText = (optional('uses_teams') ?? 'yes').toLowerCase();
  if (!['yes', 'no', 'true', 'false', 'y', 'n'].includes(usesTeamsText))
    problems.push(`uses_teams '${usesTeamsText}' must be yes or no`);
  const started = date('started', true, 'start');
  const approved = date('approved', false, 'start');
  const supervisedSince = date('supervised_since', false, 'start');
  const lastSupervised = date('last_supervised', false, 'past');
  const agreementSigned = date('agreement_signed', false, 'past');
  const agreedEvery = readAgreedEvery(optional('agreed_every'), problems);
  const agreedPeriods = readAgreedPeriods(optional('agreed_periods'), problems);
  const booking = readBooking(optional('booking'), problems);
  const separateText = (optional('separate_sessions') ?? 'no').toLowerCase();
  if (!['yes', 'no', 'true', 'false', 'y', 'n'].includes(separateText))
    problems.push(`separate_sessions '${separateText}' must be yes or no`);
  const venue = readVenue(
    optional('venue'),
    ['yes', 'true', 'y'].includes(usesTeamsText),
    problems,
  );

  const policy = value('policy');
  const role = value('role');
  let types: string[] = [];
  let pack: PolicyPack | undefined;
  try {
    pack = loadShippedPack(policy);
  } catch (error) {
    if (!(error instanceof CadenceError)) throw error;
    problems.push(error.message);
  }
  if (pack) {
    // A setting the policy does not use would be kept and never read: the person's phase would never change.
    const settings = agreedSettingsOf(pack);
    for (const named of Object.keys(agreedPeriods))
      if (!settings.includes(named))
        problems.push(
          settings.length === 0
            ? `agreed_periods names '${named}', but ${policy} leaves no period to agreement; leave agreed_periods empty`
            : `agreed_periods names '${named}', which ${policy} does not use; the settings it uses are ${settings.join(', ')}`,
        );
    try {
      const rule = roleFor(pack, {
        role,
        agreedFrequency:
          agreedEvery.byType ?? (agreedEvery.first ? { 'one-to-one': agreedEvery.first } : {}),
      });
      types = rule.types.map((type) => type.type);
      for (const named of Object.keys(agreedEvery.byType ?? {}))
        if (!types.includes(named))
          problems.push(
            `agreed_every names '${named}', which the role ${role} under ${policy} does not have; its supervision types are ${types.join(', ')}`,
          );
      if (rule.phasesFrom === 'approved' && !approved)
        problems.push(
          `approved is empty; a ${role}'s supervision under ${policy} counts from the approval date`,
        );
    } catch (error) {
      if (!(error instanceof CadenceError)) throw error;
      problems.push(error.message);
    }
  }
  const typeSupervisors = readTypeSupervisors(
    optional('type_supervisors'),
    { upn, supervisorUpn, types },
    problems,
  );
  const alternate = readAlternate(
    optional('alternate_upn')?.toLowerCase(),
    optional('alternate_types'),
    { upn, supervisorUpn, types, typeSupervisors },
    problems,
  );
  if (problems.length > 0 || !started) return undefined;
  return {
    line: row.line,
    upn,
    name,
    role,
    policy,
    started,
    ...(approved && { approved }),
    ...(supervisorUpn && { supervisorUpn }),
    ...(managerUpn && { managerUpn }),
    ...(entraObjectId && { entraObjectId: entraObjectId.toLowerCase() }),
    ...(optional('job_title') && { jobTitle: value('job_title') }),
    ...(optional('team') && { team: value('team') }),
    ...(supervisedSince && { supervisedSince }),
    ...(lastSupervised && { lastSupervised }),
    ...(agreementSigned && { agreementSigned }),
    usesTeams: ['yes', 'true', 'y'].includes(usesTeamsText),
    booking,
    venue,
    separateSessions: ['yes', 'true', 'y'].includes(separateText),
    ...(alternate && { alternate }),
    ...(Object.keys(typeSupervisors).length > 0 && { typeSupervisors }),
    types,
    agreedPeriods,
    agreedFrequency:
      agreedEvery.byType ??
      (agreedEvery.first ? { [types[0] ?? 'one-to-one']: agreedEvery.first } : {}),
  };
}

/** Empty means Teams where the supervisee uses Teams, else in person (venue.ts). */
function readVenue(text: string | undefined, usesTeams: boolean, problems: string[]): Venue {
  if (!text) return defaultVenue(usesTeams);
  const venue = VENUES.find((known) => known === text.toLowerCase());
  if (!venue) problems.push(`venue '${text}' must be ${VENUES.join(' or ')}`);
  return venue ?? defaultVenue(usesTeams);
}

/**
 * `4w` → every 4 weeks, for the role's first supervision type (as rosters
 * always said it); `professional=4w; case-management=2w` → a frequency per
 * type, for roles with several (a Lambeth ASYE).
 */
function readAgreedEvery(
  text: string | undefined,
  problems: string[],
): { first?: Interval; byType?: Record<string, Interval> } {
  if (!text) return {};
  const interval = (part: string) => {
    const match = /^(\d+)(d|wd|w|m)$/.exec(part);
    return match && Number(match[1]) >= 1
      ? { every: Number(match[1]), unit: UNITS[match[2]!]! }
      : undefined;
  };
  if (!text.includes('=')) {
    const first = interval(text.trim());
    if (!first)
      problems.push(
        `agreed_every '${text}' must be a number and a unit, e.g. 4w (d days, wd working days, w weeks, m months), or one per supervision type, e.g. professional=4w; case-management=2w`,
      );
    return first ? { first } : {};
  }
  const byType: Record<string, Interval> = {};
  for (const part of text
    .split(';')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const match = /^([a-z0-9-]+)=(.+)$/.exec(part);
    const every = match && interval(match[2]!.trim());
    if (!match || !every) {
      problems.push(
        `agreed_every '${part}' must be a supervision type and a frequency, e.g. professional=4w (d days, wd working days, w weeks, m months)`,
      );
      continue;
    }
    if (match[1]! in byType)
      problems.push(`agreed_every names '${match[1]}' twice; give each type one frequency`);
    byType[match[1]!] = every;
  }
  return { byType };
}

/** `returner-period=12w; other=3m` → the lengths agreed for phases left to agreement. */
/** The agreed-period settings a pack's phases end on (`until: { agreed }`), e.g. Solihull's returner-period. */
function agreedSettingsOf(pack: PolicyPack): string[] {
  const found = new Set<string>();
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) for (const item of node) walk(item);
    else if (node && typeof node === 'object')
      for (const [key, value] of Object.entries(node))
        if (key === 'agreed' && typeof value === 'string') found.add(value);
        else walk(value);
  };
  walk(pack.roles);
  return [...found].sort();
}

function readAgreedPeriods(text: string | undefined, problems: string[]): Record<string, Duration> {
  const periods: Record<string, Duration> = {};
  for (const part of (text ?? '')
    .split(';')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const match = /^([a-z0-9-]+)=(\d+)(d|wd|w|m)$/.exec(part);
    if (!match || Number(match[2]) < 1) {
      problems.push(
        `agreed_periods '${part}' must be a setting and a length, e.g. returner-period=12w`,
      );
      continue;
    }
    periods[match[1]!] = { amount: Number(match[2]), unit: UNITS[match[3]!]! };
  }
  return periods;
}
