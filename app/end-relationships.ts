/**
 * Ending, in Outlook, the relationships a roster import ended: run by the
 * daily job and `cadence daily` before reconciling, by `cadence book --all`,
 * and by `cadence roster import` right after it commits
 * (supervision/relationship-ending.ts). What did not land stays queued.
 */
import { endingStore, type Database } from '../store/index.ts';
import {
  endRelationshipsInOutlook,
  type CalendarPort,
  type Clock,
  type EndingReport,
} from '../supervision/index.ts';

export async function endRelationships(
  db: Database,
  calendar: CalendarPort,
  clock: Clock,
): Promise<EndingReport> {
  return endRelationshipsInOutlook({ store: endingStore(db), calendar, clock });
}

/** One line for people, or none when nothing was queued. */
export function describeEndings(report: EndingReport): string[] {
  const lines: string[] = [];
  if (report.ended > 0) {
    lines.push(
      `Outlook: ${report.ended} ended relationship${report.ended === 1 ? '' : 's'} taken out (${report.shortened} series cut at the last day, ${report.deleted} not yet started deleted${report.occurrencesDeleted > 0 ? `, ${report.occurrencesDeleted} moved sessions deleted` : ''}); both people told in Teams`,
    );
  }
  for (const failure of report.failures)
    lines.push(
      `! relationship ${failure.relationshipId} ended, but Outlook still has its sessions: ${failure.message}; the daily job retries`,
    );
  return lines;
}
