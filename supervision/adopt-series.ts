/**
 * Finding a series Outlook may have made although the create did not say so:
 * the answer was lost (a timeout, a network failure, a 5xx after the retries),
 * or Outlook refused the create because its transactionId had already made a
 * series with another body (an intent saved before its create request was
 * kept, rebuilt from a roster that changed since). Either way the series is
 * looked up by the relationship's extended property and, when one starts on
 * the intent's first date and time, adopted instead of failing for ever.
 */
import type { CalendarPort, FoundEvent, SeriesRequest } from './ports/index.ts';

/**
 * For each request, the series already in the organiser's calendar, or null.
 * A lookup that fails finds nothing and says why: the create's own failure is
 * then reported with it, and the next run looks again.
 */
export async function findLanded(
  calendar: CalendarPort,
  requests: readonly SeriesRequest[],
): Promise<{ landed: (FoundEvent | null)[]; lookupFailed?: string }> {
  if (requests.length === 0) return { landed: [] };
  let found: FoundEvent[][];
  try {
    found = await calendar.findSeriesByRelationship(
      requests.map((r) => ({ organizer: r.organizer.upn, relationshipTag: r.relationshipTag })),
    );
  } catch (error) {
    return {
      landed: requests.map(() => null),
      lookupFailed: error instanceof Error ? error.message : String(error),
    };
  }
  // The series key names the first date, and one organiser holds one series at one time: the first
  // occurrence's date and time single it out among the relationship's series.
  return {
    landed: requests.map(
      (request, i) =>
        (found[i] ?? []).find(
          (e) => e.type === 'seriesMaster' && e.start.slice(0, 16) === request.start.slice(0, 16),
        ) ?? null,
    ),
  };
}
