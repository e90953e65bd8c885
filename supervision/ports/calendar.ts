/**
 * The calendar and directory ports booking is written against: what the
 * domain needs from Outlook and Entra ID, in plain types. `graph/` implements
 * them (and re-exports these types as its shared types); booking's own tests
 * use an in-memory calendar.
 *
 * Every operation is bulk: arrays in, arrays out, in the same order. The
 * adapter packs up to 20 requests into one `$batch` call
 * (https://learn.microsoft.com/graph/json-batching#batch-size-limitations),
 * which is how booking 1,000 relationships stays under 0.5 HTTP round trips
 * per relationship. Call them with everything you have, not one at a time.
 */

import type { IsoDate, WeekdayName } from '../../rules/index.ts';

export type { IsoDate };

/** A wall-clock time in Europe/London without an offset, `YYYY-MM-DDTHH:mm:ss`. Cadence sends and reads every time in London. */
export type LondonDateTime = string;

/** Graph's lower-case day names (rules/weekdays.ts). */
export type Weekday = WeekdayName;

export interface TimeSpan {
  start: LondonDateTime;
  end: LondonDateTime;
}

export type BusyStatus = 'busy' | 'tentative' | 'oof' | 'workingElsewhere';

export interface BusySpan extends TimeSpan {
  status: BusyStatus;
}

/** A person's working hours as Outlook holds them; `start` and `end` are `HH:mm` in `timeZone` (a Windows or IANA name, or a custom zone's name). */
export interface MailboxWorkingHours {
  days: Weekday[];
  start: string;
  end: string;
  timeZone: string;
  /**
   * What those hours are in London on each date of the window asked for (`from` to `to`), converted
   * from their zone on that date: hours kept in UTC move by an hour with British Summer Time. Dates
   * not worked are absent from `days`.
   */
  london: { from: IsoDate; to: IsoDate; days: DayHours[] };
}

/** London working hours on one date: `HH:mm`, `end` exclusive (`24:00` for midnight). */
export interface DayHours {
  date: IsoDate;
  start: string;
  end: string;
}

export interface AvailabilityRequest {
  mailboxes: string[];
  from: LondonDateTime;
  to: LondonDateTime;
}

export interface MailboxAvailability {
  mailbox: string;
  /** Everything not free, sorted by start, merged across the calls the window was split into. */
  busy: BusySpan[];
  /** Null when Outlook gave none (the domain's default applies: 09:00–17:00 Monday to Friday). */
  workingHours: MailboxWorkingHours | null;
  /** Set when Outlook could not give this mailbox's free/busy (unknown mailbox, no access): busy is then empty, so do not plan on it. */
  problem?: string;
}

/** How a series repeats. `interval` is in weeks for weekly, months for relativeMonthly. */
export type Repeat =
  | { kind: 'weekly'; interval: number; day: Weekday }
  | {
      kind: 'relativeMonthly';
      interval: number;
      day: Weekday;
      week: 'first' | 'second' | 'third' | 'fourth' | 'last';
    };

export interface Person {
  upn: string;
  name: string;
}

export interface SeriesRequest {
  /** The supervisor: the series lives in their calendar. */
  organizer: Person;
  /** The supervisee, invited as a required attendee; for a group, its first member invited. */
  attendee: Person;
  /** A group's other members, invited as required attendees too (docs/roster.md#groups). */
  moreAttendees?: Person[];
  /** A group session: the subject names the facilitator only ("Group supervision: …"). */
  group?: boolean;
  /** The relationship's id, written on the event so Cadence can find its own events again. */
  relationshipTag: string;
  /**
   * What makes this series the same series on a retry (e.g. relationship, phase and first date).
   * The `transactionId` is derived from it, so a re-sent create returns the existing event.
   */
  seriesKey: string;
  /** The first occurrence. */
  start: LondonDateTime;
  end: LondonDateTime;
  repeat: Repeat;
  /** The last date an occurrence may fall on. */
  until: IsoDate;
  /** Ask for a Teams meeting link. Outlook makes one only where the organiser's calendar allows Teams. */
  teamsMeeting?: boolean;
}

export interface CreatedSeries {
  seriesId: string;
  transactionId: string;
  /** The Teams meeting's join link; null when none was asked for, or Outlook quietly made none. */
  joinUrl: string | null;
}

/**
 * One request of a bulk write: it landed, or it failed after its retries.
 * `mayHaveLanded` marks a failure whose outcome is unknown (a timeout, a
 * network failure, a 5xx after the retries) or a create refused because its
 * transactionId was already used: the change may be in Outlook, so look for
 * it before trying again.
 */
export type Outcome<T> =
  { ok: true; value: T } | { ok: false; error: Error; mayHaveLanded?: boolean };

export interface InstancesRequest {
  organizer: string;
  seriesId: string;
  from: LondonDateTime;
  to: LondonDateTime;
}

export interface Occurrence extends TimeSpan {
  id: string;
  seriesId: string;
  /** 'exception' once an occurrence has been moved. */
  type: 'occurrence' | 'exception';
}

export interface OccurrenceMove extends TimeSpan {
  organizer: string;
  occurrenceId: string;
}

export interface OccurrenceCancel {
  organizer: string;
  occurrenceId: string;
}

export interface SeriesExtension {
  organizer: string;
  seriesId: string;
  /** The series' pattern and first date as created: Graph replaces the whole recurrence. */
  repeat: Repeat;
  firstDate: IsoDate;
  until: IsoDate;
}

export interface SeriesLookup {
  organizer: string;
  relationshipTag: string;
}

export interface FoundEvent extends TimeSpan {
  id: string;
  type: 'seriesMaster' | 'singleInstance' | 'occurrence' | 'exception';
  transactionId: string | null;
  /** The last date of a series' range; null for a single event. */
  until: IsoDate | null;
  /** The Teams meeting's join link, if it has one. */
  joinUrl: string | null;
}

/** Start a delta with a window, then continue with the link the last call returned. */
export type ChangesRequest =
  | { mailbox: string; from: LondonDateTime; to: LondonDateTime }
  | { mailbox: string; deltaLink: string };

export interface AttendeeResponse {
  address: string;
  response: 'none' | 'organizer' | 'tentativelyAccepted' | 'accepted' | 'declined' | 'notResponded';
}

/**
 * One item of a delta round. Outlook gives an occurrence bare — its id, type,
 * series and times, never its attendees — so a response (a decline) is read
 * with `seriesResponses`, not from here.
 */
export type CalendarChange =
  | { kind: 'removed'; id: string }
  | {
      kind: 'changed';
      id: string;
      type: FoundEvent['type'];
      seriesId: string | null;
      start: LondonDateTime;
      end: LondonDateTime;
    };

export interface Changes {
  mailbox: string;
  changes: CalendarChange[];
  /** Keep it and pass it next time to get only what changed since. */
  nextDeltaLink: string;
}

/**
 * Why one mailbox's changes could not be read:
 * - `expired`: Outlook no longer has the delta link's state (410 Gone, or a
 *   4xx `syncStateNotFound`): start a new round with a window;
 * - `no-access`: the app may not read this calendar (403: outside the
 *   Exchange RBAC scope, or the permission withdrawn); asking again will not help
 *   until an administrator changes something;
 * - `failed`: anything else (a fault that outlasted its retries, an answer in
 *   an unexpected shape).
 */
export type SyncFailure = 'expired' | 'no-access' | 'failed';

/** One mailbox's delta: its changes, or why they could not be read. */
export type ChangesOutcome =
  { ok: true; value: Changes } | { ok: false; error: Error; failure: SyncFailure };

export interface SeriesResponsesRequest {
  organizer: string;
  seriesId: string;
  /** The occurrences whose own responses are wanted. */
  from: LondonDateTime;
  to: LondonDateTime;
}

/** Attendees' responses to a series and to those of its occurrences in the window. */
export interface SeriesResponses {
  /** Responses to the series as a whole (the organizer's copy of the series master). */
  attendees: AttendeeResponse[];
  /** Each occurrence in the window; `attendees` is null where Outlook gives none of its own (then the series' stand). */
  occurrences: { id: string; attendees: AttendeeResponse[] | null }[];
}

/** What booking needs from Outlook. Reads throw when a request fails after its retries (the reads reconciling uses, which go mailbox by mailbox, report each one's outcome instead); writes report each request's outcome, so what did land can be recorded. */
export interface CalendarPort {
  availability(requests: AvailabilityRequest[]): Promise<MailboxAvailability[][]>;
  createSeries(requests: SeriesRequest[]): Promise<Outcome<CreatedSeries>[]>;
  listInstances(requests: InstancesRequest[]): Promise<Occurrence[][]>;
  moveOccurrences(moves: OccurrenceMove[]): Promise<Outcome<void>[]>;
  /** An occurrence already gone counts as cancelled. */
  cancelOccurrences(cancels: OccurrenceCancel[]): Promise<Outcome<void>[]>;
  extendSeries(extensions: SeriesExtension[]): Promise<Outcome<void>[]>;
  findSeriesByRelationship(lookups: SeriesLookup[]): Promise<FoundEvent[][]>;
  /** Each mailbox on its own: one that cannot be read fails alone, saying why, and the others are read. */
  changesSince(requests: ChangesRequest[]): Promise<ChangesOutcome[]>;
  /** Attendees' responses to each series and its occurrences, each series on its own. */
  seriesResponses(requests: SeriesResponsesRequest[]): Promise<Outcome<SeriesResponses>[]>;
}

export interface DirectoryUser {
  id: string;
  upn: string;
  displayName: string;
  mail: string | null;
  jobTitle: string | null;
}

/** Who people are and who they report to, from Entra ID. Unknown people and people without a manager are null. */
export interface DirectoryPort {
  users(upns: string[]): Promise<(DirectoryUser | null)[]>;
  managers(upns: string[]): Promise<(DirectoryUser | null)[]>;
  directReports(upns: string[]): Promise<DirectoryUser[][]>;
}

/** Counts an adapter's traffic, for the CLI's "Graph requests used" and the benchmark. */
export interface GraphUsage {
  /** Graph requests, counting each request inside a `$batch` and each re-send. */
  requests: number;
  /** HTTP calls on the wire, counting the SDK's retries. */
  roundTrips: number;
  /** Inner requests re-sent after a 429 or 5xx. */
  retried: number;
}
