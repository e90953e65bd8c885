/** `cadence book --relationship <id> | --supervisor <upn> | --all [--dry-run]`. */
import { InputError, londonDate, weekdayLabel } from '../../rules/index.ts';
import { bookingStore } from '../../store/index.ts';
import {
  book,
  type BookingFilter,
  type GroupProposal,
  type BookingReport,
  type PlannedSeries,
} from '../../supervision/index.ts';
import type { Clock } from '../clock.ts';
import type { Config } from '../config.ts';
import { describeEndings, endRelationships } from '../end-relationships.ts';
import { openDatabase } from '../open-database.ts';
import { openGraph } from '../open-graph.ts';
import type { Output } from './io.ts';
import { optionalText, readOptions, wholeNumber } from './options.ts';

export async function bookCommand(args: string[], config: Config, clock: Clock): Promise<Output> {
  const { values } = readOptions('book', args, {
    relationship: { type: 'string' },
    supervisor: { type: 'string' },
    all: { type: 'boolean' },
    'dry-run': { type: 'boolean' },
  });
  const filter = filterOf(values);
  const { client, calendar } = openGraph(config);
  const db = await openDatabase(config);
  try {
    // --all is the daily job's booking: it first takes ended relationships out of Outlook, as the job does.
    const ended =
      'all' in filter && values['dry-run'] !== true
        ? await endRelationships(db, calendar, clock)
        : null;
    const report = await book({ store: bookingStore(db), calendar, clock }, filter, {
      dryRun: values['dry-run'] === true,
      horizonMonths: config.bookingMonths,
      durationMinutes: config.sessionMinutes,
    });
    const usage = { ...client.usage };
    const human = [
      ...(ended ? describeEndings(ended) : []),
      describe(report, usage, values['dry-run'] === true, 'all' in filter),
    ].join('\n');
    return { human, json: { ...report, ...(ended && { ended }), graph: usage } };
  } finally {
    await db.close();
  }
}

/** A group's series: one meeting for all its members, with the quorum it was placed for. */
function describeGroup(proposal: GroupProposal): string[] {
  const head = `group ${proposal.group} (${proposal.type}), organised by ${proposal.organiserUpn} with ${proposal.attendees} members invited, placed where at least ${proposal.quorum} of the ${proposal.attendees} are free`;
  return [
    head,
    ...proposal.series.map((series) =>
      describeSeries('  one series for the group:', proposal.type, series),
    ),
  ];
}

function filterOf(values: Record<string, unknown>): BookingFilter {
  const relationship = optionalText(values as never, 'relationship');
  const supervisor = optionalText(values as never, 'supervisor');
  const chosen = [relationship !== undefined, supervisor !== undefined, values.all === true].filter(
    Boolean,
  ).length;
  if (chosen !== 1)
    throw new InputError('book: choose one of --relationship <id>, --supervisor <upn> or --all');
  if (relationship !== undefined)
    return { relationshipId: wholeNumber('relationship', relationship, { min: 1 }) };
  if (supervisor !== undefined) return { supervisorUpn: supervisor };
  return { all: true };
}

function describe(
  report: BookingReport,
  usage: { requests: number; roundTrips: number; retried: number },
  dryRun: boolean,
  all: boolean,
): string {
  const lines: string[] = report.groups.flatMap(describeGroup);
  for (const plan of report.planned) {
    // A session shared by several types (Lambeth 2.2) is named by all of them: "case-management + professional".
    const types = `${[plan.type, ...plan.alsoTypes].join(' + ')}${plan.organiser ? `, ${plan.organiser}'s turns` : ''}`;
    const covers = new Map(
      report.covered
        .filter((c) => c.relationshipId === plan.relationshipId)
        .map((c) => [c.latest, c]),
    );
    // Each of the chain's sessions has its own latest date, so it names the turn whichever side it is.
    const alone = new Map(
      report.alone
        .filter((a) => a.relationshipId === plan.relationshipId)
        .map((a) => [a.latest, a]),
    );
    for (const series of plan.series)
      lines.push(describeSeries(plan.supervisee, types, series, covers, alone));
  }
  if (
    report.planned.every((plan) => plan.series.length === 0) &&
    report.groups.every((group) => group.series.length === 0) &&
    report.resumed === 0
  ) {
    // --all leaves out the relationships whose supervisor books them from Teams: say so, or "every" misleads.
    lines.push(
      `nothing to book: every relationship${all ? ' booked automatically' : ''} is booked through its horizon`,
    );
  }
  if (report.resumed > 0)
    lines.push(`finished ${report.resumed} series left open by an earlier run`);
  if (report.adopted > 0)
    lines.push(
      `adopted ${report.adopted} series already in Outlook from an earlier run that did not hear back`,
    );
  lines.push(...teamsLinkLines(report));
  for (const failure of report.failures)
    lines.push(
      `! ${failure.group === undefined ? `relationship ${failure.relationshipId}` : `group ${failure.group}`}: ${failure.message}`,
    );
  const { series, sessions, moved, cancelled } = report.booked;
  lines.push(
    dryRun
      ? 'dry run: nothing was booked'
      : `booked ${series} series, ${sessions} sessions (${moved} moved, ${cancelled} cancelled as unplaceable)`,
    `Graph: ${usage.requests} requests in ${usage.roundTrips} HTTP round trips${usage.retried > 0 ? `, ${usage.retried} re-sent after throttling` : ''}`,
  );
  return lines.join('\n');
}

/** Booked for Teams, but Outlook made no link: the organiser's calendar does not allow Teams. Still booked. */
export function teamsLinkLines(report: BookingReport): string[] {
  return report.teamsLinkMissing.map(
    (m) =>
      `! no Teams link: ${m.supervisor}'s calendar does not allow Teams meetings, so the series with ${m.supervisee} from ${m.firstOn} is booked without one; add a link in Outlook, or set venue to in-person in the roster`,
  );
}

function describeSeries(
  supervisee: string,
  types: string,
  series: PlannedSeries,
  covers: ReadonlyMap<string, BookingReport['covered'][number]> = new Map(),
  alone: ReadonlyMap<string, BookingReport['alone'][number]> = new Map(),
): string {
  const every = series.everyWeeks === 1 ? 'weekly' : `every ${series.everyWeeks} weeks`;
  const head = `${supervisee} ${types}: ${every} on ${weekdayLabel(series.weekday)} at ${series.time}, ${series.firstDate} to ${series.lastDate}, ${series.occurrences.length} sessions`;
  const moved = series.occurrences
    .filter((o) => o.moved)
    .map(
      (o) =>
        `  moved ${o.regular.date} → ${o.date} ${londonTime(o.start)} (${o.moved}; latest ${o.latest})`,
    );
  const unplaced = series.unplaceable.map((u) => {
    const cover = covers.get(u.latest);
    const turn = alone.get(u.latest);
    if (turn)
      return `  the session due by ${u.latest}: no time all three are free; booked with ${turn.organiser} alone on ${turn.on} at ${turn.time}`;
    return cover
      ? `  the session due by ${u.latest} cannot be held by ${cover.supervisor}: booked with the cover, ${cover.cover}, on ${cover.on} at ${cover.time}`
      : `  cannot place the session due by ${u.latest}: no time free for both; cancelled — arrange it by hand`;
  });
  return [head, ...moved, ...unplaced].join('\n');
}

function londonTime(instant: Date): string {
  return `${londonDate(instant)} ${instant.toLocaleTimeString('en-GB', { timeZone: 'Europe/London', hour: '2-digit', minute: '2-digit' })}`;
}
