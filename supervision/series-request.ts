/**
 * The Outlook create of one series, as booking's intent keeps it. Everything
 * the create body is built from — names and UPNs, venue, times, recurrence,
 * until — is fixed when the intent is saved, so a create resumed after a crash
 * sends the same body whatever the roster says by then: Outlook de-duplicates
 * a repeated transactionId only for an identical body and refuses any other
 * (graph/emulator/README.md, "POST /events with transactionId").
 */
import { z } from 'zod';
import {
  fromLondonDateTime,
  isoDateSchema,
  londonDateTime,
  parseIsoDate,
  WEEKDAY_NAMES,
  weekdayName,
} from '../rules/index.ts';
import type { Venue } from './venue.ts';
import type { Person, SeriesRequest } from './ports/index.ts';

/** Who and where: the relationship as it stands when the intent is saved. */
export interface SeriesParties {
  relationshipId: number;
  supervisorUpn: string;
  supervisorName: string;
  superviseeUpn: string;
  superviseeName: string;
  venue: Venue;
}

/** When: the series as planned. */
export interface SeriesTimes {
  seriesKey: string;
  everyWeeks: number;
  /** 1 = Monday … 7 = Sunday. */
  weekday: number;
  /** `HH:mm`, London. */
  startTime: string;
  durationMinutes: number;
  firstOn: string;
  lastOn: string;
}

export function seriesRequestFor(parties: SeriesParties, times: SeriesTimes): SeriesRequest {
  return {
    organizer: { upn: parties.supervisorUpn, name: parties.supervisorName },
    attendee: { upn: parties.superviseeUpn, name: parties.superviseeName },
    relationshipTag: String(parties.relationshipId),
    seriesKey: times.seriesKey,
    start: `${times.firstOn}T${times.startTime}:00`,
    end: londonDateTime(
      new Date(
        fromLondonDateTime(`${times.firstOn}T${times.startTime}`).getTime() +
          times.durationMinutes * 60_000,
      ),
    ),
    repeat: { kind: 'weekly', interval: times.everyWeeks, day: weekdayName(times.weekday) },
    until: parseIsoDate(times.lastOn, 'the series’ last date'),
    teamsMeeting: parties.venue === 'teams',
  };
}

/**
 * A group's series: organised by the facilitator (or the first peer), every
 * other member invited, tagged with the group rather than a relationship, and
 * titled without any member's name (event-json.ts, groupSubjectFor).
 */
export function groupSeriesRequestFor(
  group: { id: number; organiser: Person; attendees: Person[]; venue: Venue },
  times: SeriesTimes,
): SeriesRequest {
  const [first, ...more] = group.attendees;
  const request = seriesRequestFor(
    {
      relationshipId: group.id,
      supervisorUpn: group.organiser.upn,
      supervisorName: group.organiser.name,
      superviseeUpn: first!.upn,
      superviseeName: first!.name,
      venue: group.venue,
    },
    times,
  );
  return { ...request, relationshipTag: `group-${group.id}`, moreAttendees: more, group: true };
}

const weekday = z.enum(WEEKDAY_NAMES);
const person = z.object({ upn: z.string(), name: z.string() });
const storedRequest = z.object({
  organizer: person,
  attendee: person,
  moreAttendees: z.array(person).optional(),
  group: z.boolean().optional(),
  relationshipTag: z.string(),
  seriesKey: z.string(),
  start: z.string(),
  end: z.string(),
  repeat: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('weekly'), interval: z.number().int().positive(), day: weekday }),
    z.object({
      kind: z.literal('relativeMonthly'),
      interval: z.number().int().positive(),
      day: weekday,
      week: z.enum(['first', 'second', 'third', 'fourth', 'last']),
    }),
  ]),
  until: isoDateSchema,
  teamsMeeting: z.boolean().optional(),
});

/** The request saved with an intent, checked; null for an intent saved before requests were kept. */
export function savedSeriesRequest(value: unknown, seriesKey: string): SeriesRequest | null {
  if (value === null || value === undefined) return null;
  const parsed = storedRequest.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(
      `the saved create request of series ${seriesKey} is not readable at ${issue?.path.join('.') || '(top)'}: ${issue?.message ?? 'unknown problem'}`,
    );
  }
  return parsed.data;
}
