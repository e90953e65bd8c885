/** `cadence overdue --manager <upn>` and `cadence compliance --manager <upn>`. */
import type { IsoDate } from '../../rules/index.ts';
import { teamReader } from '../../store/index.ts';
import {
  complianceFor,
  MEASURES,
  MEASURE_COLUMNS,
  MEASURE_LABELS,
  describeLoad,
  overdueFor,
  type ComplianceRow,
  OVERDUE_LABELS,
  type OverdueItem,
  type SupervisorLoad,
} from '../../supervision/index.ts';
import { endOfLondonDay } from '../../rules/index.ts';
import { today, type Clock } from '../clock.ts';
import type { Config } from '../config.ts';
import { openDatabase } from '../open-database.ts';
import type { Output } from './io.ts';
import { optionalDate, readOptions, requiredText } from './options.ts';

/** The widest label, so the listing's columns line up. */
const LABEL_WIDTH = Math.max(...Object.values(OVERDUE_LABELS).map((label) => label.length));

export async function overdueCommand(
  args: string[],
  config: Config,
  clock: Clock,
): Promise<Output> {
  const { values } = readOptions('overdue', args, {
    manager: { type: 'string' },
    on: { type: 'string' },
  });
  const manager = requiredText(
    'overdue',
    values,
    'manager',
    "the manager's UPN, e.g. t.hughes@council.gov.uk",
  );
  const on = optionalDate(values, 'on');
  const at = on ? { on, now: endOfLondonDay(on) } : { on: today(clock), now: clock.now() };
  const db = await openDatabase(config);
  try {
    const result = await overdueFor(teamReader(db), manager, at, {
      defaultRecordWorkingDays: config.defaultRecordWorkingDays,
    });
    const problems = result.items.filter(
      (i) => i.daysOverdue > 0 || i.kind === 'no-supervisor' || i.kind === 'setting-missing',
    );
    const upcoming = result.items.length - problems.length;
    const header = `${result.manager.name}: ${result.people} people below you${result.alsoSupervised ? ' or supervised by you' : ''} on ${at.on}; ${problems.length} overdue item${problems.length === 1 ? '' : 's'}${upcoming > 0 ? `, and ${upcoming} session${upcoming === 1 ? '' : 's'} due soon with nothing booked` : ''}`;
    return {
      human: [header, ...result.items.map(describeItem)].join('\n'),
      json: { manager: result.manager, on: at.on, people: result.people, items: result.items },
    };
  } finally {
    await db.close();
  }
}

export async function complianceCommand(
  args: string[],
  config: Config,
  clock: Clock,
): Promise<Output> {
  const { values } = readOptions('compliance', args, {
    manager: { type: 'string' },
    on: { type: 'string' },
  });
  const manager = requiredText('compliance', values, 'manager', "the manager's UPN");
  const on: IsoDate = optionalDate(values, 'on') ?? today(clock);
  const db = await openDatabase(config);
  try {
    const report = await complianceFor(teamReader(db), manager, on, {
      defaultRecordWorkingDays: config.defaultRecordWorkingDays,
      ...(on === today(clock) && { now: clock.now() }),
    });
    const line = (row: ComplianceRow) =>
      `  ${row.group.padEnd(28)} ${String(row.people).padStart(5)}  ${row.periods.map((p) => `${percent(p.share).padStart(5)} (${p.within})${p.partial > 0 ? ` ${p.partial} on a shorter history` : ''}`.padEnd(36)).join('')}`;
    return {
      human: [
        `${report.manager.name}: supervised within policy, as of ${on}`,
        `  ${'group'.padEnd(28)} ${'people'.padStart(5)}  ${report.overall.periods.map((p) => `last ${p.months} months`.padEnd(36)).join('')}`,
        line(report.overall),
        'by team',
        ...report.byTeam.map(line),
        'by role',
        ...report.byRole.map(line),
        "A shorter history: Cadence's records of the person begin inside the period, so they are judged from their first known session.",
        'month by month (everyone)',
        ...report.trend.map(
          (p) => `  ${p.month}  ${percent(p.share).padStart(5)} (${p.within} of ${p.people})`,
        ),
        `other measures (last 12 months, or as of the day): ${MEASURES.map((m) => `${MEASURE_COLUMNS[m].toLowerCase()}: ${MEASURE_LABELS[m].toLowerCase()}`).join('; ')}`,
        `  ${'group'.padEnd(28)} ${MEASURES.map((m) => MEASURE_COLUMNS[m].toLowerCase().padEnd(18)).join('')}`,
        ...[report.overall, ...report.byTeam, ...report.byRole].map(
          (row) =>
            `  ${row.group.padEnd(28)} ${MEASURES.map((m) => shareText(row.measures[m]).padEnd(18)).join('')}`,
        ),
        ...loadLines(report.supervisorLoad),
      ].join('\n'),
      json: report,
    };
  } finally {
    await db.close();
  }
}

function describeItem(item: OverdueItem): string {
  const days = (n: number) => `${n} day${n === 1 ? '' : 's'}`;
  const when =
    item.dueOn === undefined
      ? ''
      : item.daysOverdue > 0
        ? `${days(item.daysOverdue)} overdue`
        : item.daysOverdue === 0
          ? 'due today'
          : `due in ${days(-item.daysOverdue)}`;
  return `  ${when.padEnd(18)} ${OVERDUE_LABELS[item.kind].padEnd(LABEL_WIDTH)} ${item.name} (${item.role}${item.team ? `, ${item.team}` : ''}): ${item.detail}`;
}

/** Every supervisor below the manager with their supervisees, those over the policy's ratio first and marked. */
function loadLines(loads: readonly SupervisorLoad[]): string[] {
  if (loads.length === 0) return [];
  return [
    "supervisor load (supervisees now, against the policy's ratio where it gives one)",
    ...loads.map(
      (load) => `  ${load.over ? 'OVER' : '    '} ${load.supervisor.name}: ${describeLoad(load)}`,
    ),
  ];
}

/** `92% (230 of 250)`, or a dash where there was nothing to judge. */
function shareText(share: { done: number; of: number }): string {
  return share.of === 0 ? '-' : `${percent(share.done / share.of)} (${share.done} of ${share.of})`;
}

function percent(share: number): string {
  return `${Math.round(share * 100)}%`;
}
