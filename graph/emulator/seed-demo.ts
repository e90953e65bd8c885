/**
 * The demo council: the people in app/demo/roster.csv (with their managers),
 * each with a believable calendar for the coming months — team meetings as
 * weekly series, a monthly practice forum, ad-hoc meetings, court days for
 * social workers, days at another office, and annual leave. Deterministic:
 * the same seed and start date give the same calendars.
 *
 * Working hours vary as a real council's do: most are 09:00–17:00 in GMT
 * Standard Time (Outlook's default for UK mailboxes); about one in five were
 * set in UTC (09:00–17:00 UTC, so 10:00–18:00 in London in summer); one
 * person's are in a custom zone (Central European rules, 10:00–18:00 there,
 * so 09:00–17:00 in London all year); and part-timers work Monday to Thursday
 * or Monday to Wednesday.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import type { CalendarStore } from './calendar-store.ts';
import type { Directory } from './directory.ts';
import { addDays, dayOfWeek, DAY_NAMES, partsIn } from './time.ts';
import type { CustomTimeZone, EventInput, SeedUser, User, WorkingHours } from './types.ts';

export interface DemoOptions {
  /** First day of the calendars (YYYY-MM-DD); defaults to today in London. */
  today?: string;
  months?: number;
  seed?: number;
  rosterPath?: string | URL;
}

const ROSTER = new URL('../../app/demo/roster.csv', import.meta.url);
const CASEWORK = new Set([
  'social-worker',
  'asye',
  'supervising-social-worker',
  'returning-social-worker',
  'team-manager',
  'personal-adviser',
]);
/**
 * Mailboxes whose calendar allows no Teams meetings: the children's home (its
 * registered manager and residential staff, on a licence without Teams) and
 * everyone the roster says does not use Teams. A Teams meeting they organise
 * comes back without a link (online-meeting.ts).
 */
const NO_TEAMS_ROLES = new Set(['registered-manager', 'residential-staff']);
const MEETINGS = [
  'Strategy meeting',
  'Child protection conference',
  'Core group',
  'Looked-after child review',
  'Team huddle',
  'Training: trauma-informed practice',
  'Panel',
  'Case discussion',
  'Audit moderation',
  'One to one',
];

/**
 * Three weeks' leave for the student's onsite supervisor, from the fourth week
 * on: the demo's cover period (docs/roster.md#cover). The embedded demo names
 * Jack Price as her cover for these days (app/embedded/stack.ts), so her
 * sessions in them are booked with him rather than cancelled.
 */
export const DEMO_LONG_LEAVE = {
  upn: 'c.evans@northdale.example',
  cover: 'j.price@northdale.example',
  /** Days from the demo's first day to the first day of leave. */
  fromDay: 21,
  days: 21,
} as const;

/** mulberry32: small, fast and good enough for demo data. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function hash(s: string): number {
  let h = 2166136261;
  for (const c of s) h = Math.imul(h ^ c.charCodeAt(0), 16777619);
  return h >>> 0;
}

interface RosterRow {
  upn: string;
  name: string;
  role: string;
  supervisor_upn: string;
  manager_upn: string;
  job_title: string;
  entra_object_id: string;
  uses_teams?: string;
}

/**
 * A custom zone as Outlook writes one: Central European rules (UTC+1, +2 from the last Sunday in
 * March to the last Sunday in October), with Graph's sign for bias (UTC = local + bias).
 */
const CUSTOM_ZONE: CustomTimeZone = {
  '@odata.type': '#microsoft.graph.customTimeZone',
  name: 'Customized Time Zone',
  bias: -60,
  standardOffset: {
    time: '03:00:00.0000000',
    dayOccurrence: 5,
    dayOfWeek: 'sunday',
    month: 10,
    year: 0,
  },
  daylightOffset: {
    time: '02:00:00.0000000',
    dayOccurrence: 5,
    dayOfWeek: 'sunday',
    month: 3,
    year: 0,
    daylightBias: -60,
  },
};

/** Whose hours are in which zone: a fixed share in UTC, one person in the custom zone. */
function hoursFor(seed: number, upn: string, customUpn: string): WorkingHours {
  if (upn === customUpn) return { start: '10:00', end: '18:00', timeZone: CUSTOM_ZONE };
  return prng(hash(`${seed}:tz:${upn}`))() < 0.2
    ? { start: '09:00', end: '17:00', timeZone: { name: 'UTC' } }
    : { start: '09:00', end: '17:00', timeZone: { name: 'GMT Standard Time' } };
}

const at = (date: string, hhmm: string): { dateTime: string; timeZone: string } => ({
  dateTime: `${date}T${hhmm}:00`,
  timeZone: 'Europe/London',
});
const hhmm = (minutes: number): string =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

export function seedDemoCouncil(
  directory: Directory,
  store: CalendarStore,
  options: DemoOptions = {},
): { users: User[]; events: number } {
  const rows = parse<RosterRow>(readFileSync(options.rosterPath ?? ROSTER, 'utf8'), {
    columns: true,
    skip_empty_lines: true,
    trim: true,
  });
  const seed = options.seed ?? 1;
  const today = options.today ?? partsIn(Date.now(), 'Europe/London').date;
  const days = Math.round((options.months ?? 6) * 30.5);
  const customUpn = rows[hash(`${seed}:custom-zone`) % rows.length]?.upn ?? '';
  const seeds: SeedUser[] = rows.map((r) => {
    const roll = prng(hash(`${seed}:pt:${r.upn}`));
    const partTime = roll() < 0.15;
    const threeDays = roll() < 0.5;
    return {
      ...(r.entra_object_id ? { id: r.entra_object_id } : {}),
      displayName: r.name,
      userPrincipalName: r.upn,
      jobTitle: r.job_title || null,
      manager: r.manager_upn || r.supervisor_upn || null,
      workingDays: partTime ? DAY_NAMES.slice(1, threeDays ? 4 : 5) : DAY_NAMES.slice(1, 6),
      workingHours: hoursFor(seed, r.upn, customUpn),
      ...((NO_TEAMS_ROLES.has(r.role) || r.uses_teams?.toLowerCase() === 'no') && {
        onlineMeetingProviders: [],
      }),
    };
  });
  const users = directory.add(seeds);
  let events = 0;
  const add = (u: User, e: EventInput): void => {
    store.create(u.id, e);
    events++;
  };
  rows.forEach((row, n) => {
    const u = users[n]!;
    const rand = prng(hash(`${seed}:${u.userPrincipalName}`));
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
    const works = (d: string): boolean => u.workingDays.includes(DAY_NAMES[dayOfWeek(d)]!);
    const teamDay = pick(u.workingDays);
    add(u, {
      subject: 'Team meeting',
      start: at(today, '10:00'),
      end: at(today, '11:00'),
      showAs: 'busy',
      recurrence: {
        pattern: { type: 'weekly', interval: 1, daysOfWeek: [teamDay], firstDayOfWeek: 'monday' },
        range: { type: 'endDate', startDate: today, endDate: addDays(today, days) },
      },
    });
    add(u, {
      subject: 'Practice forum',
      start: at(today, '14:00'),
      end: at(today, '15:30'),
      showAs: rand() < 0.5 ? 'tentative' : 'busy',
      recurrence: {
        pattern: {
          type: 'relativeMonthly',
          interval: 1,
          daysOfWeek: ['wednesday'],
          index: pick(['first', 'third', 'last'] as const),
        },
        range: { type: 'endDate', startDate: today, endDate: addDays(today, days) },
      },
    });
    const leave = new Set<string>();
    for (let b = 0; b < 2; b++) {
      const start = addDays(today, 14 + Math.floor(rand() * (days - 30)));
      const len = 3 + Math.floor(rand() * 8);
      for (let k = 0; k < len; k++) leave.add(addDays(start, k));
      add(u, {
        subject: 'Annual leave',
        isAllDay: true,
        showAs: 'oof',
        start: at(start, '00:00'),
        end: at(addDays(start, len), '00:00'),
      });
    }
    const casework = CASEWORK.has(row.role);
    for (let d = 0; d < days; d++) {
      const date = addDays(today, d);
      if (!works(date) || leave.has(date)) continue;
      const r = rand();
      if (casework && r < 0.07) {
        add(u, {
          subject: 'Court: family proceedings',
          location: { displayName: 'Family Court' },
          showAs: 'busy',
          sensitivity: 'private',
          start: at(date, '09:30'),
          end: at(date, '16:30'),
        });
        continue;
      }
      if (r < 0.12)
        add(u, {
          subject: 'Working from the Ashfield hub',
          isAllDay: true,
          showAs: 'workingElsewhere',
          start: at(date, '00:00'),
          end: at(addDays(date, 1), '00:00'),
        });
      const meetings = 1 + Math.floor(rand() * 4);
      for (let m = 0; m < meetings; m++) {
        const startMin = 9 * 60 + 30 * Math.floor(rand() * 14);
        const len = pick([30, 60, 60, 90]);
        const subject = casework && rand() < 0.3 ? 'Home visit' : pick(MEETINGS);
        add(u, {
          subject,
          start: at(date, hhmm(startMin)),
          end: at(date, hhmm(Math.min(startMin + len, 17 * 60))),
          showAs: rand() < 0.1 ? 'tentative' : 'busy',
          sensitivity: subject === 'Home visit' ? 'private' : 'normal',
        });
      }
      if (rand() < 0.2)
        add(u, {
          subject: 'Focus time',
          showAs: 'free',
          start: at(date, '13:00'),
          end: at(date, '14:00'),
        });
    }
  });
  // Added after everyone's own calendar, so the rest of the demo's random calendars stay as they were.
  const onLeave = users.find((u) => u.userPrincipalName === DEMO_LONG_LEAVE.upn);
  if (onLeave) {
    const start = addDays(today, DEMO_LONG_LEAVE.fromDay);
    add(onLeave, {
      subject: 'Annual leave',
      isAllDay: true,
      showAs: 'oof',
      start: at(start, '00:00'),
      end: at(addDays(start, DEMO_LONG_LEAVE.days), '00:00'),
    });
  }
  return { users, events };
}
