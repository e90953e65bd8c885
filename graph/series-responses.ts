/**
 * Attendees' responses to Cadence's series: the series master read with
 * `$select=attendees` (https://learn.microsoft.com/graph/api/event-get), and
 * its occurrences in a window with `$select=attendees`
 * (https://learn.microsoft.com/graph/api/event-list-instances), all packed
 * into `$batch` calls. A delta cannot give them: calendarView/delta returns
 * occurrences bare, without attendees (microsoft-graph-docs-contrib issue 5602,
 * https://github.com/microsoftgraph/microsoft-graph-docs-contrib/issues/5602).
 *
 * A response to the whole series is on the master; a response to one
 * occurrence is on that occurrence (an exception). An occurrence whose
 * attendees Graph leaves out has the series' responses
 * (microsoft-graph-docs issue 1795, https://github.com/microsoftgraph/microsoft-graph-docs/issues/1795).
 */
import type { GraphCall, SendCalls } from './batch.ts';
import { GraphResponseError } from './errors.ts';
import { PREFER_LONDON, instantOf } from './london-time.ts';
import { readEachCollection } from './paging.ts';
import { parseGraph, responses } from './schemas.ts';
import type {
  AttendeeResponse,
  Outcome,
  SeriesResponses,
  SeriesResponsesRequest,
} from './types.ts';
import { query, segment, userPath } from './urls.ts';

const KNOWN = new Set<AttendeeResponse['response']>([
  'none',
  'organizer',
  'tentativelyAccepted',
  'accepted',
  'declined',
  'notResponded',
]);
/** Occurrences per page: a year of weekly sessions in one. */
const PAGE = '60';

export async function seriesResponses(
  send: SendCalls,
  requests: SeriesResponsesRequest[],
): Promise<Outcome<SeriesResponses>[]> {
  const masters = requests.map((request): GraphCall => ({
    method: 'GET',
    url: `${userPath(request.organizer)}/events/${segment(request.seriesId)}${query({ $select: 'attendees' })}`,
    mailbox: request.organizer,
  }));
  const instances = requests.map((request): GraphCall => ({
    method: 'GET',
    url: `${userPath(request.organizer)}/events/${segment(request.seriesId)}/instances${query({ startDateTime: instantOf(request.from), endDateTime: instantOf(request.to), $select: 'attendees', $top: PAGE })}`,
    headers: { ...PREFER_LONDON },
    mailbox: request.organizer,
  }));
  // One after the other, so that together they never exceed Outlook's 4 requests a mailbox.
  const masterOutcomes = await send(masters);
  const instanceOutcomes = await readEachCollection(send, instances);
  return requests.map((_, index): Outcome<SeriesResponses> => {
    const master = masterOutcomes[index]!;
    const occurrences = instanceOutcomes[index]!;
    if (!master.ok) return { ok: false, error: master.error };
    if (!occurrences.ok) return { ok: false, error: occurrences.error };
    try {
      const series = parseGraph(responses, master.reply.body, masters[index]!);
      return {
        ok: true,
        value: {
          attendees: attendeesOf(series.attendees) ?? [],
          occurrences: occurrences.value.items.map((item, position) => {
            const occurrence = parseGraph(responses, item, instances[index]!, `value.${position}`);
            return { id: occurrence.id, attendees: attendeesOf(occurrence.attendees) };
          }),
        },
      };
    } catch (error) {
      if (error instanceof GraphResponseError) return { ok: false, error };
      throw error;
    }
  });
}

function attendeesOf(
  list:
    | { emailAddress: { address: string }; status?: { response: string } | null }[]
    | null
    | undefined,
): AttendeeResponse[] | null {
  if (!list || list.length === 0) return null;
  return list.map((attendee) => ({
    address: attendee.emailAddress.address,
    response: KNOWN.has(attendee.status?.response as AttendeeResponse['response'])
      ? (attendee.status!.response as AttendeeResponse['response'])
      : 'none',
  }));
}
