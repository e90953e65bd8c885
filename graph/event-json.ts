/**
 * The JSON of the events Cadence writes, and what identifies them again.
 * Events carry names only — "Supervision: supervisor / supervisee" — never
 * case detail, and are private, so a delegate or a shared calendar shows
 * nothing more.
 */
import { createHash } from 'node:crypto';
import { graphTime, dateOf } from './london-time.ts';
import type { IsoDate, Person, Repeat, SeriesRequest } from './types.ts';

/**
 * The extended property naming the relationship an event belongs to, so
 * Cadence can find its own events with a $filter
 * (https://learn.microsoft.com/graph/api/singlevaluelegacyextendedproperty-get).
 * The GUID is Cadence's own property set; never change it, or earlier events are lost to Cadence.
 */
export const RELATIONSHIP_PROPERTY_ID =
  'String {66f5a359-4659-4830-9070-00047ec6ac6e} Name CadenceRelationship';

const BODY_TEXT =
  'Supervision booked by Cadence. The agenda and the record are kept in Cadence, not in this invitation.';

export function subjectFor(supervisor: Person, supervisee: Person): string {
  return `Supervision: ${supervisor.name} / ${supervisee.name}`;
}

/** A group session's subject: the facilitator's name, never the group's members or its cases. */
export function groupSubjectFor(organizer: Person): string {
  return `Group supervision: ${organizer.name}`;
}

/**
 * The transactionId for a series: the same organizer and series key give the
 * same id, so when the SDK's RetryHandler or batch.ts re-sends a POST, or a
 * killed run is started again, Outlook returns the event it already made
 * instead of a second one (https://learn.microsoft.com/graph/api/resources/event#properties).
 * A UUID's shape, from a SHA-256 of the two.
 */
export function transactionIdFor(organizerUpn: string, seriesKey: string): string {
  const hex = createHash('sha256')
    .update(`cadence\n${organizerUpn.toLowerCase()}\n${seriesKey}`)
    .digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** Graph's patternedRecurrence (https://learn.microsoft.com/graph/api/resources/patternedrecurrence). */
export function recurrenceJson(repeat: Repeat, firstDate: IsoDate, until: IsoDate) {
  const pattern =
    repeat.kind === 'weekly'
      ? {
          type: 'weekly',
          interval: repeat.interval,
          daysOfWeek: [repeat.day],
          firstDayOfWeek: 'monday',
        }
      : {
          type: 'relativeMonthly',
          interval: repeat.interval,
          daysOfWeek: [repeat.day],
          index: repeat.week,
        };
  return { pattern, range: { type: 'endDate', startDate: firstDate, endDate: until } };
}

export function seriesEventJson(request: SeriesRequest) {
  return {
    subject: request.group
      ? groupSubjectFor(request.organizer)
      : subjectFor(request.organizer, request.attendee),
    body: { contentType: 'text', content: BODY_TEXT },
    start: graphTime(request.start),
    end: graphTime(request.end),
    recurrence: recurrenceJson(request.repeat, dateOf(request.start), request.until),
    attendees: [request.attendee, ...(request.moreAttendees ?? [])].map((person) => ({
      emailAddress: { address: person.upn, name: person.name },
      type: 'required',
    })),
    sensitivity: 'private',
    showAs: 'busy',
    transactionId: transactionIdFor(request.organizer.upn, request.seriesKey),
    ...(request.teamsMeeting
      ? { isOnlineMeeting: true, onlineMeetingProvider: 'teamsForBusiness' }
      : {}),
    singleValueExtendedProperties: [
      { id: RELATIONSHIP_PROPERTY_ID, value: request.relationshipTag },
    ],
  };
}

/** The $filter finding a relationship's events; OData doubles a quote inside a string. */
export function relationshipFilter(relationshipTag: string): string {
  const quoted = (value: string) => `'${value.replaceAll("'", "''")}'`;
  return `singleValueExtendedProperties/Any(ep: ep/id eq ${quoted(RELATIONSHIP_PROPERTY_ID)} and ep/value eq ${quoted(relationshipTag)})`;
}
