/**
 * `cadence reconcile`: notice what people did to booked sessions in Outlook
 * and propose replacements; `cadence daily` does that, then books the horizon
 * forward for every relationship booked `automatic`, as the daily job does.
 */
import { londonDateTime } from '../../rules/index.ts';
import { bookingStore, reconcileStore } from '../../store/index.ts';
import { book, reconcile, type ReconcileReport } from '../../supervision/index.ts';
import type { Clock } from '../clock.ts';
import type { Config } from '../config.ts';
import { openDatabase } from '../open-database.ts';
import { openGraph } from '../open-graph.ts';
import { teamsLinkLines } from './book-command.ts';
import type { Output } from './io.ts';
import { readOptions } from './options.ts';

const WHAT = { cancelled: 'cancelled in Outlook', declined: 'declined by the supervisee', 'moved-after-due': 'moved in Outlook past its latest date' };

export async function reconcileCommand(args: string[], config: Config, clock: Clock, alsoBook = false): Promise<Output> {
  readOptions(alsoBook ? 'daily' : 'reconcile', args, {});
  const { client, calendar } = openGraph(config);
  const db = await openDatabase(config);
  try {
    const report = await reconcile({ store: reconcileStore(db), calendar, clock }, { horizonMonths: config.bookingMonths });
    const lines = [describe(report)];
    let booked: unknown = null;
    if (alsoBook) {
      const result = await book({ store: bookingStore(db), calendar, clock }, { all: true }, {
        dryRun: false,
        horizonMonths: config.bookingMonths,
        durationMinutes: config.sessionMinutes,
      });
      booked = result;
      lines.push(`horizon: booked ${result.booked.series} new series, ${result.booked.sessions} sessions${result.adopted > 0 ? ` (${result.adopted} series adopted from Outlook)` : ''}${result.failures.length > 0 ? `; ${result.failures.length} failed (run again to retry)` : ''}`);
      lines.push(...teamsLinkLines(result));
    }
    lines.push(`Graph: ${client.usage.requests} requests in ${client.usage.roundTrips} HTTP round trips`);
    return { human: lines.join('\n'), json: { reconcile: report, book: booked, graph: { ...client.usage } } };
  } finally {
    await db.close();
  }
}

function describe(report: ReconcileReport): string {
  const lines = [`checked ${report.mailboxes} supervisors' calendars: ${report.lost.length} sessions lost, ${report.moved} moved`];
  for (const { session, what, proposal } of report.lost) {
    const when = londonDateTime(session.startsAt).replace('T', ' ').slice(0, 16);
    const offer = proposal ? `proposed instead: ${londonDateTime(proposal.start).replace('T', ' ').slice(0, 16)}` : `no time free for both before ${session.dueOn ?? 'its latest date'}: arrange it by hand`;
    lines.push(`  ${session.superviseeName} (${session.type}, ${when}) ${WHAT[what]}; ${offer}`);
  }
  return lines.join('\n');
}
