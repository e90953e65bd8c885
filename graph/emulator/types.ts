/**
 * Shapes the emulator stores and answers with. They follow Microsoft Graph v1.0's
 * JSON (https://learn.microsoft.com/graph/api/resources/event?view=graph-rest-1.0);
 * only the fields Cadence uses are modelled.
 */
import type { DeltaExpiry } from './delta.ts';

export interface DateTimeTimeZone {
  dateTime: string;
  timeZone: string;
}

export type DayOfWeek =
  'sunday' | 'monday' | 'tuesday' | 'wednesday' | 'thursday' | 'friday' | 'saturday';
export type WeekIndex = 'first' | 'second' | 'third' | 'fourth' | 'last';
export type FreeBusyStatus = 'free' | 'tentative' | 'busy' | 'oof' | 'workingElsewhere' | 'unknown';
export type ResponseType =
  'none' | 'organizer' | 'tentativelyAccepted' | 'accepted' | 'declined' | 'notResponded';

export interface RecurrencePattern {
  type: 'daily' | 'weekly' | 'absoluteMonthly' | 'relativeMonthly';
  interval: number;
  daysOfWeek?: DayOfWeek[];
  firstDayOfWeek?: DayOfWeek;
  index?: WeekIndex;
  dayOfMonth?: number;
}

export interface RecurrenceRange {
  type: 'endDate' | 'noEnd' | 'numbered';
  startDate: string;
  endDate?: string;
  numberOfOccurrences?: number;
  recurrenceTimeZone?: string;
}

export interface PatternedRecurrence {
  pattern: RecurrencePattern;
  range: RecurrenceRange;
}

export interface Attendee {
  emailAddress: { address: string; name?: string };
  type: 'required' | 'optional' | 'resource';
  status?: { response: ResponseType; time: string };
}

export interface ExtendedProperty {
  id: string;
  value: string;
}

/** What a person or Cadence sets on an event (the body of POST /events). */
export interface EventInput {
  subject?: string;
  body?: { contentType: 'text' | 'html'; content: string };
  start: DateTimeTimeZone;
  end: DateTimeTimeZone;
  recurrence?: PatternedRecurrence | null;
  attendees?: Attendee[];
  sensitivity?: 'normal' | 'personal' | 'private' | 'confidential';
  showAs?: FreeBusyStatus;
  isAllDay?: boolean;
  location?: { displayName: string };
  transactionId?: string;
  isOnlineMeeting?: boolean;
  onlineMeetingProvider?: string;
  singleValueExtendedProperties?: ExtendedProperty[];
}

/** One change made to a single occurrence of a series. */
export interface OccurrenceOverride {
  startMs?: number;
  endMs?: number;
  cancelled?: boolean;
  /** The mailbox owner's own answer for this occurrence. */
  response?: ResponseType;
  /** Attendees' answers for this occurrence, by lower-case address. */
  attendeeResponses?: Record<string, ResponseType>;
  version: number;
}

export interface StoredEvent {
  id: string;
  mailboxId: string;
  input: EventInput;
  /** Zone the wall-clock times of start/end (and so of every occurrence) are in. */
  zone: string;
  startMs: number;
  endMs: number;
  createdMs: number;
  modifiedMs: number;
  version: number;
  response: ResponseType;
  /** A digest of the POST body that created it, transactionId and all: a repeat must be identical (calendar-store.ts). */
  createdFrom?: string;
  /** Overrides by the occurrence's original date (YYYY-MM-DD in `zone`). */
  overrides: Map<string, OccurrenceOverride>;
}

/** One occurrence or a single event, placed in time. */
export interface Instance {
  id: string;
  event: StoredEvent;
  /** Original local date for occurrences; undefined for single events. */
  originalDate?: string;
  originalStartMs: number;
  startMs: number;
  endMs: number;
  type: 'singleInstance' | 'occurrence' | 'exception';
  response: ResponseType;
  attendeeResponses: Record<string, ResponseType>;
  /** Changes whenever anything a client can see changes (for delta). */
  changeKey: string;
}

export interface User {
  id: string;
  displayName: string;
  userPrincipalName: string;
  mail: string;
  jobTitle: string | null;
  managerId: string | null;
  workingDays: DayOfWeek[];
  workingHours: WorkingHours;
  /** Set with `hideFreeBusy()`: getSchedule answers this mailbox with a per-schedule ErrorAccessDenied. */
  freeBusyHidden?: boolean;
  /** The online meeting providers the default calendar allows (online-meeting.ts); absent means Teams. */
  onlineMeetingProviders?: string[];
}

/**
 * A mailbox's working hours as its mailbox settings hold them: `HH:mm` in their own zone
 * (https://learn.microsoft.com/graph/api/resources/workinghours), GMT Standard Time when unset.
 */
export interface WorkingHours {
  start: string;
  end: string;
  timeZone?: WorkingHoursZone;
}

/** A Windows or IANA name (`{ name }`), or a custom zone with its own transitions. */
export type WorkingHoursZone = { name: string } | CustomTimeZone;

/**
 * https://learn.microsoft.com/graph/api/resources/customtimezone: UTC = local + bias (+ daylightBias
 * in daylight time), in minutes — the sign Graph really sends (+480 for US Pacific, per
 * microsoftgraph/microsoft-graph-docs-contrib issue 562), not the one the page describes.
 */
export interface CustomTimeZone {
  '@odata.type': '#microsoft.graph.customTimeZone';
  name: string;
  bias: number;
  /** https://learn.microsoft.com/graph/api/resources/standardtimezoneoffset */
  standardOffset: ZoneTransition;
  /** https://learn.microsoft.com/graph/api/resources/daylighttimezoneoffset */
  daylightOffset: ZoneTransition & { daylightBias: number };
}

/** The `dayOccurrence`th (5 = last) `dayOfWeek` of `month`, at local `time`; `year` 0 = every year. */
export interface ZoneTransition {
  time: string;
  dayOccurrence: number;
  dayOfWeek: DayOfWeek;
  month: number;
  year: number;
}

export interface SeedUser {
  id?: string;
  displayName: string;
  userPrincipalName: string;
  mail?: string;
  jobTitle?: string | null;
  /** Manager's UPN (or id). */
  manager?: string | null;
  workingDays?: DayOfWeek[];
  workingHours?: WorkingHours;
  freeBusyHidden?: boolean;
  /** `[]` for a mailbox without Teams: a Teams meeting asked of it comes back without a link. */
  onlineMeetingProviders?: string[];
}

export interface SeedEvent extends EventInput {
  /** Organizer's UPN: the mailbox the event lives in. */
  mailbox: string;
}

export interface LoggedRequest {
  method: string;
  path: string;
  /** Lower-case UPN of the mailbox or user addressed, when there is one. */
  mailbox?: string;
  status: number;
  inBatch: boolean;
  timestamp: number;
}

export interface AppRegistration {
  clientId: string;
  clientSecret?: string;
  /** Application permissions granted in Entra (the token's `roles` claim). */
  roles: string[];
  /**
   * Roles assigned in Exchange Online RBAC for Applications (`New-ManagementRoleAssignment
   * -Role "Application Calendars.ReadWrite"` gives 'Calendars.ReadWrite'). Exchange authorises
   * them itself, so the token does not carry them, and they reach only mailboxes in `calendarScope`
   * (https://learn.microsoft.com/exchange/permissions-exo/application-rbac). They add to `roles`,
   * never narrow them: a role granted in Entra reaches every mailbox, in scope or not.
   */
  exchangeRoles?: string[];
}

export interface FaultOptions {
  /** Every Nth Graph request is answered 429 with Retry-After. */
  throttleEvery?: number;
  retryAfterSeconds?: number;
  /** Every Nth Graph request is answered with a server error. */
  serverErrorEvery?: number;
  serverErrorStatus?: 500 | 503;
}

export interface EmulatorOptions {
  port?: number;
  host?: string;
  latencyMs?: number;
  faults?: FaultOptions;
  mailboxConcurrency?: number;
  requireToken?: boolean;
  tenantId?: string;
  apps?: AppRegistration[];
  /**
   * The mailboxes Exchange RBAC for Applications scopes an app's `exchangeRoles` to; all when unset.
   * It narrows only what Exchange grants: a role granted in Entra (the token's) reaches every mailbox.
   * Read at each request: assign a new array (`em.state.options.calendarScope = [...]`) to change it.
   */
  calendarScope?: string[];
  /**
   * The calendars' clock (epoch ms), default Date.now: when events are created and modified, and
   * which exceptions have "not yet started" for the mail log. Tokens and throttling keep real time.
   */
  now?: () => number;
  /** When delta tokens expire (by rounds, by age) and how an expired one is answered; see delta.ts. */
  deltaTokens?: DeltaExpiry;
  /** Also listen with TLS on a second port, for @azure/identity's https-only authority host. */
  https?: boolean;
  /**
   * Absolute path of a file that keeps the whole state (users, events, delta
   * tokens) across restarts, as a real tenant's mailboxes last: read on start
   * when it exists, rewritten soon after every change and on close(). A file
   * that cannot be read is refused with an EmulatorStateError. One emulator
   * per file: nothing locks it, and two would overwrite each other's changes.
   */
  stateFile?: string;
}
