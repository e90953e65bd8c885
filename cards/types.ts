/**
 * What each card shows: plain data, built by the bot from the domain and
 * turned into Adaptive Cards by the pure builders beside this file. Dates are
 * `YYYY-MM-DD` text and times `HH:MM`, both Europe/London; people by name and
 * UPN; children by case reference only — never a name.
 */
import type { Measure, OverdueKind } from '../supervision/index.ts';

export type { OverdueKind };

export interface PersonView {
  upn: string;
  name: string;
}

/** One session as lists show it. */
export interface SessionView {
  sessionId: number;
  type: string;
  /** Other types the session covers (one meeting for several types, Lambeth 2.2). */
  alsoTypes?: string[];
  /** London date and time the session starts, e.g. `2026-12-01` and `10:00`. */
  date: string;
  time: string;
  durationMinutes: number;
  supervisor: PersonView;
  supervisee: PersonView;
  status: 'planned' | 'booked' | 'held' | 'not-held' | 'cancelled';
  /** Set when the record is due (ended and unrecorded). */
  recordDueOn?: string;
}

export interface HelpView {
  /** The name of the person asking, to greet them. */
  name: string | null;
  /** Which commands apply to them: a supervisor sees book/record/team, a manager overdue/compliance. */
  commands: HelpCommand[];
  /** Said above the commands when the user typed something not understood. */
  notUnderstood?: boolean;
}

export type HelpCommand =
  | 'my sessions'
  | 'book'
  | 'record'
  | 'overdue'
  | 'compliance'
  | 'team'
  | 'cover'
  | 'not installed'
  | 'help';

/** The `cover` card: cover now and to come below a manager, and the form to set it (docs/roster.md#cover). */
export interface CoverView {
  supervisors: PersonView[];
  candidates: PersonView[];
  periods: {
    id: number;
    supervisor: PersonView;
    cover: PersonView;
    fromOn: string;
    toOn: string;
  }[];
  /** What the last press did, e.g. "Jack Price covers for Carys Evans …". */
  notice?: string;
  /** Why the last Set cover was refused. */
  problems: string[];
  /** What was chosen on a refused Set cover, kept. */
  chosen: { supervisorUpn?: string; coverUpn?: string; from?: string; to?: string };
  nonce: string;
}

export interface MySessionsView {
  person: PersonView;
  upcoming: SessionView[];
  awaitingRecord: SessionView[];
  /** Meetings of the groups they are in or facilitate (docs/roster.md#groups). */
  groupMeetings?: { groupName: string; type: string; startsAt: string | null }[];
  /** Records of their own sessions waiting for their sign-off (docs/bot.md#sign-off). */
  toSignOff?: { sessionId: number; supervisor: PersonView; heldOn: string; dueOn: string }[];
}

/** `book`: the supervisor picks whom to book for. */
export interface SuperviseePickerView {
  supervisees: {
    relationshipId: number;
    supervisee: PersonView;
    role: string;
    nextBookedOn: string | null;
  }[];
  /** Groups whose meetings this person organises (docs/roster.md#groups). */
  groups: {
    groupId: number;
    name: string;
    type: string;
    members: number;
    /** The last meeting booked from today on; null when none is. */
    bookedThrough: string | null;
  }[];
}

/** A group's proposed series: one meeting for all, at times the organiser and a quorum of members are free. */
export interface GroupProposalView {
  groupId: number;
  name: string;
  type: string;
  organiser: PersonView;
  /** Members invited besides the organiser. */
  attendees: number;
  /** Members who must be free at each time, besides the organiser. */
  quorum: number;
  durationMinutes: number;
  series: SeriesView[];
  /** Why nothing can be booked now, when series is empty. */
  nothingToBook?: string;
  /** Slots turned down with Another time: this proposal is placed around them. */
  avoid: SlotView[];
  nonce: string;
}

/** A group's booking: under way, interrupted (Finish booking), or what is booked and what failed. */
export interface GroupBookedView {
  groupId: number;
  name: string;
  state: 'under-way' | 'interrupted' | 'booked' | 'failed';
  meetings: { date: string; time: string; durationMinutes: number }[];
  failures: string[];
  /** A fresh nonce for Finish booking / Try again. */
  nonce: string;
}

export interface OccurrenceView {
  date: string;
  time: string;
  /** The latest date this session may fall on under the policy. */
  latest: string;
  /** Set when moved off the regular slot: why, and the regular date it was moved from. */
  moved?: {
    reason: 'busy' | 'bank-holiday' | 'outside-working-hours' | 'after-latest-date';
    from: string;
  };
}

export interface SeriesView {
  type: string;
  alsoTypes?: string[];
  everyWeeks: number;
  /** ISO weekday, 1 = Monday. */
  weekday: number;
  time: string;
  durationMinutes: number;
  firstDate: string;
  lastDate: string;
  occurrences: OccurrenceView[];
  unplaceable: { regularDate: string; latest: string }[];
}

/** A slot the supervisor turned down with "another time". */
export interface SlotView {
  weekday: number;
  time: string;
}

export interface ProposalView {
  relationshipId: number;
  supervisor: PersonView;
  supervisee: PersonView;
  durationMinutes: number;
  /** Slots already turned down, carried so "another time" keeps moving on. */
  avoid: SlotView[];
  series: SeriesView[];
  /**
   * Sessions the supervisor cannot hold while away, which Book places with
   * their cover instead (docs/roster.md#cover): each a meeting of its own in
   * the cover's calendar.
   */
  covered?: { date: string; time: string; cover: PersonView }[];
  /** Why nothing could be proposed (everything already booked, say), when series is empty. */
  nothingToBook?: string;
  /** One-use token for the Book button: a replayed Book is answered with the current state. */
  nonce: string;
}

export interface BookedView {
  relationshipId: number;
  supervisor: PersonView;
  supervisee: PersonView;
  sessions: {
    date: string;
    time: string;
    durationMinutes: number;
    type: string;
    alsoTypes?: string[];
  }[];
  moved: number;
  unplaceable: number;
  /** Problems that stopped part of the booking, each saying what to do. */
  failures: string[];
  /** With failures: a Try again button (Book once more, with a fresh nonce; nothing is booked twice). */
  retry?: { durationMinutes: number; avoid: SlotView[]; nonce: string };
}

/**
 * A booking from the proposal card that has not finished: under way (Outlook
 * is being written, in the background), interrupted (Cadence stopped before
 * it finished), or failed (with what went wrong).
 */
export interface BookingView {
  relationshipId: number;
  supervisor: PersonView;
  supervisee: PersonView;
  state: 'under-way' | 'interrupted' | 'failed';
  /** failed: what went wrong, in words a person can act on. */
  problem?: string;
  /** What a Finish booking or Try again button books with: what the proposal showed. */
  durationMinutes: number;
  avoid: SlotView[];
  nonce: string;
}

/** A relationship ended (a new supervisor, or none): what was taken out of Outlook, told to each of the two people. */
export interface RelationshipEndedView {
  /** Who reads it: the supervisor or the supervisee of the relationship that ended. */
  role: 'supervisor' | 'supervisee';
  /** The other person of that relationship. */
  other: PersonView;
  /** Who supervises the supervisee from now on, when someone does. */
  newSupervisor: PersonView | null;
  /** The sessions taken out of both Outlook calendars, in London time. */
  sessions: { date: string; time: string }[];
}

export interface PreparationView {
  session: SessionView;
  /** Actions from the previous session, with their state. */
  previousActions: (ActionLineView & { actionId: number; done: boolean })[];
  /** Children on the supervisee's caseload due for discussion, by case reference only. */
  casesDue: { reference: string; status: string; dueOn: string }[];
  /** Agenda items already added (text as the supervisee typed it). */
  agenda: string[];
  /** The policy counts observations of this session's type. */
  observation?: ObservationView;
  nonce: string;
  /** Shown after a save. */
  saved?: boolean;
}

export const PARTS = ['welfare', 'performance', 'development', 'practice'] as const;
export type Part = (typeof PARTS)[number];

/** An action agreed in supervision, as lists show it. */
export interface ActionLineView {
  text: string;
  owner: PersonView;
  dueOn: string | null;
  /** When it will be reviewed (Lambeth's "This will be reviewed on"). */
  reviewOn?: string | null;
}

/** The record card: a form while open, a summary once recorded. */
export interface RecordView {
  session: SessionView;
  /** People an action may be owned by (the two people in the session). */
  owners: PersonView[];
  /** Children on the supervisee's caseload, by reference, to tick as discussed. */
  cases: { reference: string; status: string }[];
  nonce: string;
  /** Present once recorded: the card shows it instead of the form. */
  recorded?: {
    held: boolean;
    reason?: string;
    heldOn?: string;
    durationMinutes?: number;
    parts: Part[];
    /** Types of a meeting for several that it did not cover: they stay due. */
    notCovered?: string[];
    /** The short summary the supervisor wrote (record content: shown only to the two people). */
    summary?: string;
    /** Whether it was a direct observation of practice, where asked. */
    observed?: boolean;
    actions: ActionLineView[];
    nextDate?: string;
    recordLocation?: string;
    recordedBy: PersonView;
    /** London date and time. */
    recordedAt: string;
  };
  /** A held record's sign-off by the supervisee (cards/sign-off.ts): asked, or given. */
  signOff?: SignOffView;
  /** The policy counts observations of this session's type: the form asks whether it was one. */
  observation?: ObservationView;
  /** Field problems from the last submit, by input id, so the form can show them. */
  problems?: { field: string; message: string }[];
}

/** Where the supervisee stands on direct observation of practice, where the policy counts them (supervision/observation.ts). */
export interface ObservationView {
  type: string;
  /** The policy asks one in this many. */
  oneIn: number;
  /** The policy's section, for the card to cite. */
  section: string;
  /** Sessions in a row not an observation, since the last that was. */
  unobserved: number;
  /** The next session of the type should be one. */
  nextShouldBe: boolean;
}

export interface SignOffView {
  supervisee: PersonView;
  /** The one viewing is the supervisee: while it is awaited, the card asks for their answer. */
  mine: boolean;
  /** Null while awaited. */
  outcome: 'agreed' | 'commented' | 'disagreed' | null;
  /** Their comment, or why they disagree. */
  comment?: string;
  /** London date and time it was given. */
  signedAt?: string;
  /** The last day to sign it off. */
  dueOn: string;
  /** The record's version the buttons answer (milliseconds). */
  version: number;
  /** What was typed before an answer was refused: kept in the box. */
  typed?: string;
  /** Why the last answer was refused, shown above the box. */
  problem?: string;
  /** Where a disagreement went (the supervisor's manager), said to the supervisee once answered. */
  escalatedTo?: PersonView | null;
}

/** `record`: sessions awaiting a record, each with a button to open its card. */
export interface AwaitingRecordView {
  sessions: SessionView[];
  /** Group meetings this person records (docs/roster.md#groups). */
  groups?: GroupMeetingItem[];
}

export interface OverdueItemView {
  kind: OverdueKind;
  person: PersonView;
  team: string | null;
  daysOverdue: number;
  detail: string;
  /** Set once chased today, so the button is not offered again. */
  chased?: boolean;
  /** Whom a Chase reminds (supervision/assistant.ts `chase`); absent where a chase cannot help (a roster problem). */
  remind?: PersonView;
}

export interface OverdueView {
  manager: PersonView;
  /** Some people are supervised by the manager outside their management chain: the heading says "below or supervised by". */
  alsoSupervised?: boolean;
  on: string;
  people: number;
  total: number;
  /** This page's items, grouped by kind in the order given, worst first within a group. */
  groups: { kind: OverdueKind; count: number; items: OverdueItemView[] }[];
  page: number;
  pages: number;
  /** The card's nonce: each Chase button carries one of its own made from it (cards/buttons.ts `buttonNonce`). */
  nonce: string;
  /** A line shown above the list after a chase ("Chase sent to ..."). */
  notice?: string;
}

export interface ComplianceView {
  manager: PersonView;
  on: string;
  /** Everyone, then each team. */
  rows: ComplianceRowView[];
  /** Each role (shown after the teams). */
  roleRows?: ComplianceRowView[];
  /** Everyone's supervision within policy, month by month (oldest first). */
  trend?: { month: string; people: number; within: number; share: number }[];
  /** Each supervisor's supervisees against the policy's ratio, those over it first. */
  loads?: SupervisorLoadView[];
}

export interface ComplianceRowView {
  group: string;
  people: number;
  periods: { months: number; within: number; share: number; partial: number }[];
  /** The other shares, done of due (supervision/compliance-measures.ts). */
  measures?: Record<Measure, { done: number; of: number }>;
}

/** A supervisor's supervisees against the policy's ratio, in words ("9 supervisees: over the recommended maximum of 6–8 (…)"). */
export interface SupervisorLoadView {
  supervisor: PersonView;
  text: string;
  /** Whether the policy gives a ratio for this supervisor. */
  hasRatio: boolean;
  over: boolean;
}

export interface TeamView {
  supervisor: PersonView;
  on: string;
  members: {
    supervisee: PersonView;
    role: string;
    /** e.g. "fortnightly (ASYE weeks 7–26)". */
    frequency: string;
    lastHeldOn: string | null;
    nextDueOn: string | null;
    nextBookedOn: string | null;
    state: 'on-track' | 'due-soon' | 'overdue' | 'not-booked';
  }[];
  /** The supervisor's load against the policy's ratio, when the policy gives one. */
  load?: SupervisorLoadView;
}

/** Sent to a person: something of theirs is overdue, from a manager's Chase or a notice job. */
export interface ChaseView {
  recipient: PersonView;
  /** Who chased, or null when Cadence chased on its own. */
  from: PersonView | null;
  kind: OverdueKind;
  detail: string;
  /** The session concerned, when there is one (to open the record card). */
  sessionId?: number;
  /** Key the Snooze button names, so snoozing quiets just this reminder. */
  subject: string;
  nonce: string;
  /** The outbox message it was sent as, for its refresh (proactive cards only). */
  outboxKey?: string;
  snoozedUntil?: string;
  /** A supervisee's own overdue supervision: "Tell my manager" raises it with their supervisor's manager. */
  tellManager?: { type: string; dueOn: string };
}

/** Sent to a supervisor's manager when a record is past its deadline. */
export interface EscalationView {
  manager: PersonView;
  supervisor: PersonView;
  supervisee: PersonView;
  session: SessionView;
  recordDueOn: string;
  workingDaysLate: number;
  subject: string;
  nonce: string;
  /** The outbox message it was sent as, for its refresh (proactive cards only). */
  outboxKey?: string;
  snoozedUntil?: string;
}

export interface DigestView {
  manager: PersonView;
  weekOf: string;
  people: number;
  counts: { kind: OverdueKind; count: number }[];
  worst: OverdueItemView[];
  /** Sessions lost in the week before (docs/bot.md#lost-sessions), by how and why. */
  lost?: { how: string; reason: string | null; count: number }[];
}

/** A one-line answer (an error, a confirmation) with an optional next step. */
export interface NoticeView {
  title: string;
  text: string;
  tone: 'good' | 'warning' | 'attention';
  /** A command to offer as a button, e.g. "record". */
  next?: HelpCommand;
}

/** A group meeting's record card (docs/roster.md#groups): who is in the group, their open cases, and once recorded, who came. */
export interface GroupRecordView {
  sessionId: number;
  groupName: string;
  type: string;
  /** London `YYYY-MM-DDTHH:MM`, or null when the meeting has no time. */
  startsAt: string | null;
  members: (PersonView & { id: number })[];
  cases: { reference: string; workerName: string }[];
  recorded?: { held: boolean; attended: string[]; absent: string[] };
  problems?: { field: string; message: string }[];
  /** Set on the reminder sent the day the record falls due (`group-record-due`). */
  recordDueOn?: string;
  nonce: string;
}

/** A group meeting's record is late, to the manager of whoever records it. */
export interface GroupEscalationView {
  recorder: PersonView;
  groupName: string;
  type: string;
  /** London `YYYY-MM-DDTHH:MM`, or null when the meeting has no time. */
  startsAt: string | null;
  members: number;
  recordDueOn: string;
  workingDaysLate: number;
  subject: string;
  nonce: string;
}

/** A group meeting waiting for its record, as the `record` list offers it. */
export interface GroupMeetingItem {
  sessionId: number;
  groupName: string;
  startsAt: string | null;
}

/** A supervisee disagreed with a record: what their supervisor's manager is sent (cards/sign-off-disagreement.ts). */
export interface SignOffDisagreementView {
  manager: PersonView;
  supervisor: PersonView;
  supervisee: PersonView;
  /** The session: date and type. */
  heldOn: string;
  type: string;
  /** London date and time the record was saved, and the disagreement given. */
  recordedAt: string;
  disagreedAt: string;
  /** The supervisee's reason, in their words. */
  reason: string;
  recordLocation: string | null;
}

/** A session lost, with a replacement to book (cards/lost-session.ts, supervision/lost-sessions.ts). */
export interface LostSessionView {
  sessionId: number;
  supervisee: PersonView;
  type: string;
  /** The lost session's London date (YYYY-MM-DD) and time (HH:MM). */
  date: string;
  time: string;
  how: 'cancelled' | 'declined' | 'moved-after-due' | 'not-held';
  /** Who did it, where Outlook says; `you` when it is the person viewing. */
  lostBy: PersonView | 'you' | null;
  /** Why, where known (the record's reason, or the supervisor's answer): an id of NOT_HELD_REASON_LABELS. */
  reason: string | null;
  /** The last day the replacement may fall on. */
  latest: string;
  /** A time both are free: London date, start and end, and the start as an instant for Book. */
  proposal: { date: string; start: string; end: string; at: string } | null;
  noProposal?: string;
  /** Outlook could not be read: the card offers Try again. */
  retry?: boolean;
  /** Starts already turned down with Another time (instants). */
  avoid: string[];
  /** Once booked: the replacement's London date and time. */
  replacedBy: { date: string; time: string } | null;
  nonce: string;
}

/** The supervision agreement card (cards/agreement.ts, supervision/agreement-signing.ts). */
export interface AgreementView {
  superviseeId: number;
  supervisor: PersonView;
  supervisee: PersonView;
  /** What the card asks to sign; null when nothing is due (the policy asks for none). */
  kind: 'agreement' | 'review' | 'update' | null;
  /** For an update: the day the agreed frequency changed. */
  changedOn?: string | null;
  dueOn: string | null;
  types: { type: string; frequency: string }[];
  venue: string;
  fromOn: string;
  /** The last signing or review, if any. */
  lastSignedOn: string | null;
  /** London date and time each signed this one, or null. */
  signed: { supervisor: string | null; supervisee: string | null };
  viewer: 'supervisor' | 'supervisee';
  /** The card was sent about a signing completed since: when, and what is due next. */
  done?: { on: string; nextDueOn: string | null };
  /** Why the last Sign was refused. */
  problem?: string;
}

/** One overdue item as it reached someone on the escalation ladder (supervision/escalation-ladder.ts). */
export interface LadderEntryView {
  kind: OverdueKind;
  person: PersonView;
  team: string | null;
  /** The person's supervisor as the ladder found them, when known. */
  supervisor: PersonView | null;
  /** The supervision type or case reference it is about, as ids; absent for a whole-person item. */
  type?: string;
  caseReference?: string;
  dueOn: string;
  /** Whom it reached: the person, or someone above them. */
  rung: 'person' | 'supervisor' | 'manager' | 'next-level';
  /** The reminder's snooze subject (the same as its other reminders'). */
  subject: string;
}

/** Once a day at most, to one person: the overdue items that have climbed to them. */
export interface LadderView {
  recipient: PersonView;
  on: string;
  entries: LadderEntryView[];
  /** Entries the message carried beyond those shown, and those left for the next day. */
  more: number;
  nonce: string;
}
