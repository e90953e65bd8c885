/**
 * Graph's JSON for events and occurrences
 * (https://learn.microsoft.com/graph/api/resources/event?view=graph-rest-1.0).
 * Times come out in the zone the request asked for with
 * Prefer: outlook.timezone, else UTC, as Graph does.
 */
import { isoUtc, toDateTimeTimeZone } from './time.ts';
import type { Instance, ResponseType, StoredEvent } from './types.ts';

export interface OutputZone {
  zone: string;
  label: string;
}

export const UTC: OutputZone = { zone: 'UTC', label: 'UTC' };

/** Reads `Prefer: outlook.timezone="…"`. */
export function outputZone(
  prefer: string | undefined,
  toIana: (name: string) => string,
): OutputZone {
  const m = /outlook\.timezone\s*=\s*"([^"]+)"/i.exec(prefer ?? '');
  return m?.[1] ? { zone: toIana(m[1]), label: m[1] } : UTC;
}

function responseStatus(r: ResponseType, ms: number): { response: ResponseType; time: string } {
  return {
    response: r,
    time: r === 'organizer' || r === 'none' ? '0001-01-01T00:00:00Z' : isoUtc(ms),
  };
}

function common(
  e: StoredEvent,
  organizer: { address: string; name: string },
): Record<string, unknown> {
  const i = e.input;
  return {
    '@odata.etag': `W/"${e.id.slice(6, 14)}${e.version}"`,
    createdDateTime: new Date(e.createdMs).toISOString(),
    lastModifiedDateTime: new Date(e.modifiedMs).toISOString(),
    changeKey: `${e.id.slice(6, 14)}${e.version}`,
    categories: [],
    ...(i.transactionId ? { transactionId: i.transactionId } : {}),
    originalStartTimeZone: i.start.timeZone,
    originalEndTimeZone: i.end.timeZone,
    reminderMinutesBeforeStart: 15,
    isReminderOn: true,
    hasAttachments: false,
    subject: i.subject ?? '',
    bodyPreview: (i.body?.content ?? '').slice(0, 255),
    importance: 'normal',
    sensitivity: i.sensitivity ?? 'normal',
    isAllDay: i.isAllDay ?? false,
    isCancelled: false,
    isOrganizer: true,
    responseRequested: true,
    showAs: i.showAs ?? 'busy',
    isOnlineMeeting: i.isOnlineMeeting ?? false,
    onlineMeetingProvider: i.isOnlineMeeting
      ? (i.onlineMeetingProvider ?? 'teamsForBusiness')
      : 'unknown',
    onlineMeeting: i.isOnlineMeeting
      ? { joinUrl: `https://teams.microsoft.com/l/meetup-join/emulator/${e.id}` }
      : null,
    allowNewTimeProposals: true,
    isDraft: false,
    hideAttendees: false,
    webLink: `https://outlook.office365.com/owa/?itemid=${e.id}&exvsurl=1&path=/calendar/item`,
    body: i.body ?? { contentType: 'text', content: '' },
    location: {
      displayName: i.location?.displayName ?? '',
      locationType: 'default',
      uniqueIdType: 'unknown',
    },
    locations: i.location ? [{ displayName: i.location.displayName, locationType: 'default' }] : [],
    organizer: { emailAddress: organizer },
  };
}

function attendees(e: StoredEvent, responses: Record<string, ResponseType>): unknown[] {
  return (e.input.attendees ?? []).map((a) => ({
    type: a.type,
    status: responseStatus(responses[a.emailAddress.address.toLowerCase()] ?? 'none', e.modifiedMs),
    emailAddress: {
      name: a.emailAddress.name ?? a.emailAddress.address,
      address: a.emailAddress.address,
    },
  }));
}

/** A single event or a series master, as GET /events returns it. */
export function eventJson(
  e: StoredEvent,
  out: OutputZone,
  organizer: { address: string; name: string },
  withProps = false,
): Record<string, unknown> {
  const responses: Record<string, ResponseType> = {};
  for (const a of e.input.attendees ?? [])
    if (a.status) responses[a.emailAddress.address.toLowerCase()] = a.status.response;
  return {
    id: e.id,
    ...common(e, organizer),
    iCalUId: `040000008200E00074C5B7101A82E008${e.id.slice(6, 38)}`,
    type: e.input.recurrence ? 'seriesMaster' : 'singleInstance',
    seriesMasterId: null,
    originalStart: e.input.recurrence ? isoUtc(e.startMs) : undefined,
    responseStatus: responseStatus(e.response, e.modifiedMs),
    start: toDateTimeTimeZone(e.startMs, out.zone, out.label),
    end: toDateTimeTimeZone(e.endMs, out.zone, out.label),
    recurrence: e.input.recurrence ?? null,
    attendees: attendees(e, responses),
    ...(withProps
      ? { singleValueExtendedProperties: e.input.singleValueExtendedProperties ?? [] }
      : {}),
  };
}

/** An occurrence, exception or single event, as instances and calendarView return them. */
export function instanceJson(
  i: Instance,
  out: OutputZone,
  organizer: { address: string; name: string },
): Record<string, unknown> {
  if (i.type === 'singleInstance') return eventJson(i.event, out, organizer);
  return {
    id: i.id,
    ...common(i.event, organizer),
    changeKey: `${i.event.id.slice(6, 14)}${i.changeKey}`,
    '@odata.etag': `W/"${i.event.id.slice(6, 14)}${i.changeKey}"`,
    iCalUId: `040000008200E00074C5B7101A82E008${i.event.id.slice(6, 38)}${i.originalDate?.replaceAll('-', '')}`,
    type: i.type,
    seriesMasterId: i.event.id,
    originalStart: isoUtc(i.originalStartMs),
    responseStatus: responseStatus(i.response, i.event.modifiedMs),
    start: toDateTimeTimeZone(i.startMs, out.zone, out.label),
    end: toDateTimeTimeZone(i.endMs, out.zone, out.label),
    recurrence: null,
    attendees: attendees(i.event, i.attendeeResponses),
  };
}
