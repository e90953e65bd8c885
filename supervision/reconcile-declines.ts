/**
 * Declines, read where Outlook keeps them: on the series (a supervisee who
 * declines the whole series) and on each occurrence (one declined on its
 * own). A delta round cannot show them: it gives occurrences bare, without
 * attendees (microsoft-graph-docs-contrib issue 5602). The series read are
 * those the round saw change — an attendee's response changes the organizer's
 * copy, so its occurrences come back in the next round — or, in a round that
 * starts a window, every series with a session booked.
 */
import { londonDateTime } from '../rules/index.ts';
import type { SyncWindow } from './reconcile-window.ts';
import type { CalendarPort, Outcome, SeriesResponses } from './ports/index.ts';

export interface SeriesToCheck {
  organizer: string;
  seriesId: string;
  window: SyncWindow;
}

/** Each series' responses, read in bulk (the adapter packs them into `$batch` calls); keyed by organizer and series id. */
export async function readResponses(
  calendar: CalendarPort,
  series: SeriesToCheck[],
): Promise<Map<string, Outcome<SeriesResponses>>> {
  if (series.length === 0) return new Map();
  const outcomes = await calendar.seriesResponses(
    series.map((s) => ({
      organizer: s.organizer,
      seriesId: s.seriesId,
      from: londonDateTime(s.window.from),
      to: londonDateTime(s.window.to),
    })),
  );
  return new Map(series.map((s, index) => [seriesKey(s.organizer, s.seriesId), outcomes[index]!]));
}

export const seriesKey = (organizer: string, seriesId: string): string =>
  `${organizer.toLowerCase()} ${seriesId}`;

/** Whether the attendee declined this occurrence: its own response, or the series' where it has none. */
export function declined(
  responses: SeriesResponses,
  occurrenceId: string,
  attendee: string,
): boolean {
  const own = responses.occurrences.find((o) => o.id === occurrenceId);
  const answers = own?.attendees ?? responses.attendees;
  return answers.some(
    (a) => a.address.toLowerCase() === attendee.toLowerCase() && a.response === 'declined',
  );
}
