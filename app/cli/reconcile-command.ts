/**
 * `cadence reconcile`: take the relationships a roster import ended out of
 * Outlook (relationship-ending.ts), notice what people did to booked sessions in Outlook
 * and propose replacements; `cadence daily` does that, then books the horizon
 * forward for every relationship booked `automatic`, as the daily job does —
 * whatever became of reconciling (app/daily-run.ts).
 */
import { londonDateTime } from '../../rules/index.ts';
import { reconcileStore } from '../../store/index.ts';
import {
  reconcile,
  type ReconcileReport,
  type UnreconciledMailbox,
} from '../../supervision/index.ts';
import { dailyRun } from '../daily-run.ts';
import type { Clock } from '../clock.ts';
import type { Config } from '../config.ts';
import { describeEndings, endRelationships } from '../end-relationships.ts';
import { openDatabase } from '../open-database.ts';
import { openGraph } from '../open-graph.ts';
import { teamsLinkLines } from './book-command.ts';
import type { Output } from './io.ts';
import { readOptions } from './options.ts';

const WHAT = {
  cancelled: 'cancelled in Outlook',
  declined: 'declined by the supervisee',
  'moved-after-due': 'moved in Outlook past its latest date',
};

export async function reconcileCommand(
  args: string[],
  config: Config,
  clock: Clock,
  alsoBook = false,
): Promise<Output> {
  readOptions(alsoBook ? 'daily' : 'reconcile', args, {});
  const { client, calendar } = openGraph(config);
  const db = await openDatabase(config);
  try {
    if (!alsoBook) {
      // Ended relationships first, so their removal from Outlook is not taken for a loss.
      const ended = await endRelationships(db, calendar, clock);
      const report = await reconcile(
        { store: reconcileStore(db), calendar, clock },
        { horizonMonths: config.bookingMonths },
      );
      const lines = [
        ...describeEndings(ended),
        describe(report),
        `Graph: ${client.usage.requests} requests in ${client.usage.roundTrips} HTTP round trips`,
      ];
      return {
        human: lines.join('\n'),
        json: { ended, reconcile: report, graph: { ...client.usage } },
        ...(report.unreconciled.some((u) => !u.skipped) && { exitCode: 1 }),
      };
    }
    const { ended, endingError, reconciled, reconcileError, booked } = await dailyRun({
      db,
      calendar,
      clock,
      config,
    });
    const failure =
      reconcileError instanceof Error ? reconcileError.message : String(reconcileError);
    const endingFailure = endingError instanceof Error ? endingError.message : String(endingError);
    const lines = [
      ...(ended
        ? describeEndings(ended)
        : [
            `taking ended relationships out of Outlook failed: ${endingFailure}; the next run retries`,
          ]),
      reconciled
        ? describe(reconciled)
        : `reconciling Outlook failed: ${failure}${booked ? '; booking went ahead' : ''}`,
    ];
    if (booked) {
      lines.push(
        `horizon: booked ${booked.booked.series} new series, ${booked.booked.sessions} sessions${booked.adopted > 0 ? ` (${booked.adopted} series adopted from Outlook)` : ''}${booked.failures.length > 0 ? `; ${booked.failures.length} failed (run again to retry)` : ''}`,
      );
      lines.push(...teamsLinkLines(booked));
    } else {
      lines.push('horizon: not booked — Microsoft Graph could not be reached; the next run books');
    }
    lines.push(
      `Graph: ${client.usage.requests} requests in ${client.usage.roundTrips} HTTP round trips`,
    );
    return {
      human: lines.join('\n'),
      json: {
        ended: ended ?? { failed: endingFailure },
        reconcile: reconciled ?? { failed: failure },
        book: booked ?? { skipped: 'graph-unreachable' },
        graph: { ...client.usage },
      },
    };
  } finally {
    await db.close();
  }
}

function describe(report: ReconcileReport): string {
  const resynced =
    report.resynced > 0
      ? `; ${report.resynced} started afresh (Outlook's delta link had expired)`
      : '';
  const lines = [
    `checked ${report.reconciled} of ${report.mailboxes} supervisors' calendars: ${report.lost.length} sessions lost, ${report.moved} moved${resynced}`,
  ];
  for (const u of report.unreconciled) lines.push(`  not reconciled: ${describeUnreconciled(u)}`);
  if (report.proposalsFailed)
    lines.push(
      `  no replacements proposed: free/busy could not be read (${report.proposalsFailed})`,
    );
  for (const { session, what, proposal } of report.lost) {
    const when = londonDateTime(session.startsAt).replace('T', ' ').slice(0, 16);
    const offer =
      session.groupId !== null
        ? 'its members stay due until another meeting is held: arrange it by hand'
        : proposal
          ? `proposed instead: ${londonDateTime(proposal.start).replace('T', ' ').slice(0, 16)}`
          : `no time free for both before ${session.dueOn ?? 'its latest date'}: arrange it by hand`;
    const whose =
      session.groupId !== null ? `group ${session.superviseeName}` : session.superviseeName;
    lines.push(`  ${whose} (${session.type}, ${when}) ${WHAT[what]}; ${offer}`);
  }
  return lines.join('\n');
}

/** One line for administrators: whose calendar, what Outlook said, since when, and when it is tried again. */
export function describeUnreconciled(u: UnreconciledMailbox): string {
  const since = londonDateTime(u.since).slice(0, 10);
  const next = u.retryAfter
    ? `tried again from ${londonDateTime(u.retryAfter).slice(0, 10)}`
    : 'tried again next run';
  const what =
    u.problem === 'no-access'
      ? 'Outlook refuses Cadence this calendar (outside the Exchange RBAC scope?)'
      : 'could not be read';
  return `${u.mailbox}: ${what}, since ${since}; ${next} — ${u.detail}`;
}
