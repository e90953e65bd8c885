/** What booking reads and writes in the store (`supervision/booking.ts` books against it; `store/booking-store.ts` implements it). */
import type { SeriesRequest } from './calendar.ts';
import type { SeriesTimes } from '../series-request.ts';
import type { Venue } from '../venue.ts';
import type { CoverPeriod } from './cover.ts';
import type { PlannableGroup } from './groups.ts';

export interface BookableRelationship {
  relationshipId: number;
  type: string;
  /** Who supervises this type: the relationship's supervisor, or the type's own (`typeSupervisor`). */
  supervisorId: number;
  supervisorUpn: string;
  supervisorName: string;
  /**
   * The type has a supervisor of its own (docs/roster.md#a-supervisor-per-type): its series are
   * organised from their calendar, so each session names them as its organiser.
   */
  typeSupervisor: boolean;
  superviseeUpn: string;
  superviseeName: string;
  role: string;
  policy: string;
  startedOn: string | null;
  approvedOn: string | null;
  agreedPeriods: Record<string, unknown>;
  agreedFrequency: Record<string, unknown>;
  lastHeldOn: string | null;
  lastBookedOn: string | null;
  /** Where the sessions are held, as the relationship agreed: the same whichever route books. */
  venue: Venue;
  /** The supervision agreement asks for a session per type (roster `separate_sessions`): never combined. */
  separateSessions?: boolean;
  /** The second supervisor this type's sessions alternate with (docs/roster.md#alternating-supervisors), or null. */
  alternate: { id: number; upn: string; name: string } | null;
  /** Who organised the type's latest session, held or booked: the next one is the other's turn. */
  lastOrganiserId: number | null;
}

/** A series as planned: the same in an intent and in an open series. */
export interface SeriesShape extends SeriesTimes {
  /** The relationship whose series it is; null for a group's. */
  relationshipId: number | null;
  /** The group whose series it is (docs/roster.md#groups); null for a relationship's. */
  groupId: number | null;
  type: string;
  /** Other types the series' sessions cover, where the policy lets types share a session (rules/combined-types.ts). */
  alsoTypes: string[];
}

export interface OpenSeries extends SeriesShape {
  id: number;
  /** The group's name, for a group's series: what a failure is reported against. */
  groupName: string | null;
  calendarSeriesId: string | null;
  status: 'intended' | 'created';
  supervisorUpn: string;
  supervisorName: string;
  superviseeUpn: string;
  superviseeName: string;
  /** The relationship's venue now; used only for an intent saved without its create request. */
  venue: Venue;
  /** The create request saved with the intent (series-request.ts); null for intents saved before it was kept. */
  createRequest: unknown;
  sessions: {
    id: number;
    regularOn: string;
    startsAt: string;
    endsAt: string;
    status: string;
    calendarEventId: string | null;
    moveReason: string | null;
  }[];
}

/**
 * Which relationships to book. `all` is the daily job's (and `cadence book
 * --all`'s): it leaves out the `by-supervisor` relationships (booking-mode.ts),
 * whose supervisor books them from Teams — it neither plans them nor finishes
 * a series her Book left open; groups likewise. One relationship, one group
 * (its facilitator's Book in Teams), or one supervisor's, is a person asking,
 * so those include them.
 */
export type BookingFilter =
  { relationshipId: number } | { groupId: number } | { supervisorUpn: string } | { all: true };

/** What booking reads and writes in the store; `store/` implements it. */
export interface BookingStore {
  listBookable(filter: BookingFilter, now: Date): Promise<BookableRelationship[]>;
  listOpenSeries(relationshipIds: number[] | null): Promise<OpenSeries[]>;
  /** The groups a run books: all with `all`, a facilitator's (or first peer's) with `supervisorUpn`, none for one relationship. */
  listBookableGroups(filter: BookingFilter, now: Date): Promise<PlannableGroup[]>;
  listOpenGroupSeries(groupIds: number[]): Promise<OpenSeries[]>;
  /** These supervisors' cover periods sharing a day with [fromOn, toOn] (docs/roster.md#cover). */
  listCoverPeriods(supervisorUpns: string[], fromOn: string, toOn: string): Promise<CoverPeriod[]>;
  /** All the intents of one run, in one transaction. */
  saveIntents(intents: SeriesIntent[]): Promise<void>;
  markSeriesCreated(seriesId: number, calendarSeriesId: string): Promise<void>;
  attachOccurrence(
    sessionId: number,
    calendarEventId: string,
    calendarSeriesId: string,
  ): Promise<void>;
  markSessionsBooked(sessionIds: number[]): Promise<void>;
  markSeriesDone(seriesId: number): Promise<void>;
}

export interface SeriesIntent extends SeriesShape {
  /**
   * Whose calendar holds the series when it is not the relationship's supervisor: the cover's
   * (docs/roster.md#cover) or the alternate supervisor's (docs/roster.md#alternating-supervisors).
   */
  organiserId?: number;
  /** Everything the Outlook create is built from, fixed now (series-request.ts). */
  createRequest: SeriesRequest;
  sessions: {
    regularOn: string;
    startsAt: Date;
    endsAt: Date;
    dueOn: string;
    moveReason: string | null;
    unplaceable: boolean;
  }[];
}
