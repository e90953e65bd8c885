/**
 * Realistic view data for the card tests: a Northdale children's services
 * team. Children appear by case reference only, as in the real views.
 */
import type {
  AwaitingRecordView,
  BookedView,
  CoverView,
  GroupBookedView,
  GroupProposalView,
  ChaseView,
  ComplianceView,
  DigestView,
  EscalationView,
  HelpView,
  MySessionsView,
  NoticeView,
  OverdueItemView,
  OverdueView,
  PersonView,
  PreparationView,
  ProposalView,
  RecordView,
  SeriesView,
  SessionView,
  SuperviseePickerView,
  TeamView,
  LadderView,
} from '../../cards/types.ts';

export const sara: PersonView = { upn: 's.iqbal@northdale.example', name: 'Sara Iqbal' };
export const tom: PersonView = { upn: 't.reed@northdale.example', name: 'Tom Reed' };
export const priya: PersonView = { upn: 'p.shah@northdale.example', name: 'Priya Shah' };
export const daniel: PersonView = { upn: 'd.okafor@northdale.example', name: 'Daniel Okafor' };

export const NONCE = 'n0nce-7f3a9c21';

export function session(overrides: Partial<SessionView> = {}): SessionView {
  return {
    sessionId: 4187,
    type: 'one-to-one',
    date: '2026-12-01',
    time: '10:00',
    durationMinutes: 60,
    supervisor: tom,
    supervisee: sara,
    status: 'booked',
    ...overrides,
  };
}

export const helpView: HelpView = {
  name: 'Tom Reed',
  commands: ['my sessions', 'book', 'record', 'team', 'overdue', 'compliance', 'help'],
};

export const noticeView: NoticeView = {
  title: 'Record saved',
  text: 'The record for Sara Iqbal on Tue 1 Dec 2026 is saved.',
  tone: 'good',
  next: 'record',
};

export const mySessionsView: MySessionsView = {
  person: tom,
  upcoming: [
    session({ sessionId: 4201, date: '2026-12-15' }),
    session({ sessionId: 4202, date: '2026-12-29', supervisee: daniel }),
  ],
  awaitingRecord: [session({ status: 'booked', recordDueOn: '2026-12-08' })],
};

export const pickerView: SuperviseePickerView = {
  supervisees: [
    { relationshipId: 311, supervisee: sara, role: 'asye', nextBookedOn: '2026-12-15' },
    { relationshipId: 312, supervisee: daniel, role: 'social-worker', nextBookedOn: null },
  ],
  groups: [
    {
      groupId: 41,
      name: 'Assessment team case discussion',
      type: 'reflective-case-discussion',
      members: 5,
      bookedThrough: null,
    },
  ],
};

export function weeklySeries(overrides: Partial<SeriesView> = {}): SeriesView {
  const dates = ['2026-12-01', '2026-12-08', '2026-12-15', '2026-12-22', '2026-12-29'];
  return {
    type: 'one-to-one',
    everyWeeks: 1,
    weekday: 2,
    time: '10:00',
    durationMinutes: 60,
    firstDate: dates[0]!,
    lastDate: dates.at(-1)!,
    occurrences: dates.map((date) => ({ date, time: '10:00', latest: date })),
    unplaceable: [],
    ...overrides,
  };
}

export const proposalView: ProposalView = {
  relationshipId: 311,
  supervisor: tom,
  supervisee: sara,
  durationMinutes: 60,
  avoid: [{ weekday: 1, time: '09:30' }],
  series: [
    weeklySeries({
      occurrences: [
        { date: '2026-12-01', time: '10:00', latest: '2026-12-04' },
        {
          date: '2026-12-09',
          time: '10:00',
          latest: '2026-12-11',
          moved: { reason: 'busy', from: '2026-12-08' },
        },
        { date: '2026-12-15', time: '10:00', latest: '2026-12-18' },
        {
          date: '2026-12-23',
          time: '10:00',
          latest: '2026-12-24',
          moved: { reason: 'bank-holiday', from: '2026-12-22' },
        },
      ],
      unplaceable: [{ regularDate: '2026-12-29', latest: '2027-01-01' }],
    }),
  ],
  nonce: NONCE,
};

export const groupProposalView: GroupProposalView = {
  groupId: 41,
  name: 'Assessment team case discussion',
  type: 'reflective-case-discussion',
  organiser: tom,
  attendees: 5,
  quorum: 3,
  durationMinutes: 90,
  series: [weeklySeries({ everyWeeks: 2, durationMinutes: 90 })],
  avoid: [],
  nonce: NONCE,
};

export const coverView: CoverView = {
  supervisors: [tom],
  candidates: [tom, sara, daniel],
  periods: [{ id: 5, supervisor: tom, cover: sara, fromOn: '2026-12-21', toOn: '2027-01-08' }],
  problems: [],
  chosen: {},
  nonce: NONCE,
};

export const groupBookedView: GroupBookedView = {
  groupId: 41,
  name: 'Assessment team case discussion',
  state: 'booked',
  meetings: [
    { date: '2026-12-01', time: '10:00', durationMinutes: 90 },
    { date: '2026-12-15', time: '10:00', durationMinutes: 90 },
  ],
  failures: [],
  nonce: NONCE,
};

export const bookedView: BookedView = {
  relationshipId: 311,
  supervisor: tom,
  supervisee: sara,
  sessions: [
    { date: '2026-12-01', time: '10:00', durationMinutes: 60, type: 'one-to-one' },
    { date: '2026-12-09', time: '10:00', durationMinutes: 60, type: 'one-to-one' },
  ],
  moved: 1,
  unplaceable: 1,
  failures: [
    "Sara Iqbal's calendar refused one session: ask IT to check Cadence can write to it, then book again.",
  ],
};

export const preparationView: PreparationView = {
  session: session({ date: '2026-12-15', sessionId: 4201 }),
  previousActions: [
    {
      actionId: 901,
      text: 'Finish the chronology for the strategy meeting',
      owner: sara,
      dueOn: '2026-12-10',
      done: true,
    },
    {
      actionId: 902,
      text: 'Book the ASYE reflective log review',
      owner: tom,
      dueOn: null,
      done: false,
    },
  ],
  casesDue: [
    { reference: 'NDC-004512', status: 'child-protection', dueOn: '2026-12-14' },
    { reference: 'NDC-004630', status: 'child-in-need', dueOn: '2026-12-20' },
  ],
  agenda: ['Caseload weighting after the new transfers'],
  nonce: NONCE,
};

export const recordView: RecordView = {
  session: session({ recordDueOn: '2026-12-08' }),
  owners: [tom, sara],
  cases: [
    { reference: 'NDC-004512', status: 'child-protection' },
    { reference: 'NDC-004630', status: 'child-in-need' },
    { reference: 'NDC-005101', status: 'looked-after' },
  ],
  nonce: NONCE,
};

export const recordedView: RecordView = {
  ...recordView,
  recorded: {
    held: true,
    heldOn: '2026-12-01',
    durationMinutes: 75,
    parts: ['welfare', 'practice'],
    actions: [{ text: 'Update the safety plan with the school', owner: sara, dueOn: '2026-12-12' }],
    nextDate: '2026-12-15',
    recordLocation: 'Mosaic supervision episode',
    recordedBy: tom,
    recordedAt: '2026-12-01T11:20',
  },
};

export const awaitingView: AwaitingRecordView = {
  sessions: [
    session({ recordDueOn: '2026-12-08' }),
    session({ sessionId: 4190, supervisee: daniel, date: '2026-12-02', recordDueOn: '2026-12-09' }),
  ],
};

export function overdueItem(overrides: Partial<OverdueItemView> = {}): OverdueItemView {
  return {
    kind: 'supervision-overdue',
    person: sara,
    team: 'Children in Need North',
    daysOverdue: 12,
    detail: 'one-to-one supervision was due on Thu 19 Nov 2026; last held Thu 22 Oct 2026',
    remind: tom,
    ...overrides,
  };
}

export const overdueView: OverdueView = {
  manager: priya,
  on: '2026-12-01',
  people: 3,
  total: 4,
  groups: [
    {
      kind: 'supervision-overdue',
      count: 2,
      items: [overdueItem(), overdueItem({ person: daniel, daysOverdue: 3, chased: true })],
    },
    {
      kind: 'case-not-discussed',
      count: 1,
      items: [
        overdueItem({
          kind: 'case-not-discussed',
          person: tom,
          detail: 'NDC-004512 (child protection) not discussed since Mon 2 Nov 2026',
          daysOverdue: 2,
        }),
      ],
    },
    {
      kind: 'no-supervisor',
      count: 1,
      items: [
        overdueItem({
          kind: 'no-supervisor',
          person: daniel,
          team: null,
          daysOverdue: 0,
          detail: 'no current supervisor recorded',
          remind: undefined,
        }),
      ],
    },
  ],
  page: 1,
  pages: 2,
  nonce: NONCE,
  notice: 'Chase sent to Daniel Okafor.',
};

const measures = (done: number, of: number) => ({
  childrenOnTime: { done, of },
  recordsOnTime: { done: done - 1, of },
  recordsSignedOff: { done: 0, of: 0 },
  agreementsInDate: { done: Math.min(done, 3), of: 3 },
  observationsDone: { done: 1, of: 2 },
});

export const complianceView: ComplianceView = {
  manager: priya,
  on: '2026-12-01',
  trend: Array.from({ length: 12 }, (_, i) => ({
    month: `${i < 11 ? 2025 + Math.floor((i + 11) / 12) : 2026}-${String(((i + 11) % 12) + 1).padStart(2, '0')}`,
    people: 40,
    within: 20 + i,
    share: (20 + i) / 40,
  })),
  roleRows: [
    {
      group: 'social-worker',
      people: 30,
      periods: [
        { months: 3, within: 25, share: 25 / 30, partial: 0 },
        { months: 12, within: 20, share: 20 / 30, partial: 0 },
      ],
      measures: measures(20, 30),
    },
  ],
  rows: [
    {
      group: 'everyone',
      people: 40,
      periods: [
        { months: 3, within: 31, share: 31 / 40, partial: 4 },
        { months: 12, within: 26, share: 26 / 40, partial: 9 },
      ],
      measures: measures(31, 40),
    },
    {
      group: 'Children in Need North',
      people: 12,
      periods: [
        { months: 3, within: 10, share: 10 / 12, partial: 0 },
        { months: 12, within: 8, share: 8 / 12, partial: 2 },
      ],
    },
  ],
};

export const teamView: TeamView = {
  supervisor: tom,
  on: '2026-12-01',
  members: [
    {
      supervisee: sara,
      role: 'asye',
      frequency: 'fortnightly (ASYE weeks 7–26)',
      lastHeldOn: '2026-11-17',
      nextDueOn: '2026-12-01',
      nextBookedOn: '2026-12-01',
      state: 'due-soon',
    },
    {
      supervisee: daniel,
      role: 'social-worker',
      frequency: 'every 4 weeks',
      lastHeldOn: '2026-10-20',
      nextDueOn: '2026-11-17',
      nextBookedOn: null,
      state: 'overdue',
    },
  ],
};

export const chaseView: ChaseView = {
  recipient: tom,
  from: priya,
  kind: 'unrecorded',
  detail:
    'The one-to-one with Sara Iqbal on Tue 1 Dec 2026 has no record; it was due by Tue 8 Dec 2026.',
  sessionId: 4187,
  subject: 'unrecorded:4187',
  nonce: NONCE,
};

export const escalationView: EscalationView = {
  manager: priya,
  supervisor: tom,
  supervisee: sara,
  session: session({ recordDueOn: '2026-12-08' }),
  recordDueOn: '2026-12-08',
  workingDaysLate: 3,
  subject: 'escalation:4187',
  nonce: NONCE,
};

/** Sue's day on the ladder: more than a card shows, the longest names and the widest rungs. */
export const ladderView: LadderView = {
  recipient: priya,
  on: '2026-12-04',
  entries: Array.from({ length: 12 }, (_, i) => ({
    kind: i % 2 ? ('case-not-discussed' as const) : ('supervision-overdue' as const),
    person: { upn: `person${i}@x.example`, name: `${'Bartholomew-Fitzwilliam '.repeat(3)}${i}` },
    team: null,
    supervisor: tom,
    ...(i % 2 ? { caseReference: `CASE-${1000 + i}-LONG-REFERENCE` } : { type: 'case-management' }),
    dueOn: '2026-11-02',
    rung: (['person', 'supervisor', 'manager', 'next-level'] as const)[i % 4]!,
    subject: `overdue:${i}:case-management`,
  })),
  more: 40,
  nonce: NONCE,
};

export const digestView: DigestView = {
  manager: priya,
  weekOf: '2026-11-30',
  people: 40,
  counts: [
    { kind: 'supervision-overdue', count: 5 },
    { kind: 'unrecorded', count: 2 },
  ],
  worst: [
    overdueItem(),
    overdueItem({
      person: daniel,
      kind: 'unrecorded',
      daysOverdue: 6,
      detail: 'session on Tue 24 Nov 2026 not recorded',
    }),
  ],
};

export { OVERDUE_KINDS } from '../../supervision/index.ts';
