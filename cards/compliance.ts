import {
  adaptiveCard,
  andMore,
  column,
  columnSet,
  factSet,
  heading,
  textBlock,
  type Card,
  type CardElement,
} from './card.ts';
import { MEASURES, MEASURE_COLUMNS, MEASURE_LABELS } from '../supervision/index.ts';
import { capitalise, formatDate, formatMonth, humanize, plural } from './format.ts';
import { largestFitting } from './size.ts';
import type { ComplianceView, SupervisorLoadView } from './types.ts';
import { md, plain } from './markdown.ts';

/** Supervisors over their ratio a compliance card names before "and N more". */
export const MAX_LOAD_ROWS = 10;

/** Groups (teams, roles) a compliance card lists before "and N more". */
export const MAX_COMPLIANCE_ROWS = 50;

type Row = ComplianceView['rows'][number];

/** `92% (230 of 250)`, or a dash where there was nothing to judge. */
function shareText(share: { done: number; of: number }): string {
  return share.of === 0 ? '–' : `${percent(share.done / share.of)} (${share.done} of ${share.of})`;
}

/**
 * The month-by-month trend as a Teams line chart ("Charts in Adaptive Cards",
 * learn.microsoft.com/microsoftteams/platform/task-modules-and-cards/cards/charts-in-adaptive-cards:
 * `Chart.Line`, `data: [{ legend, values: [{ x, y }] }]`), falling back to the
 * same figures as a list in a client that draws no charts.
 */
function trendSection(trend: NonNullable<ComplianceView['trend']>): CardElement[] {
  if (trend.length === 0) return [];
  const table = factSet(
    trend.map((p) => [formatMonth(p.month), `${percent(p.share)} (${p.within} of ${p.people})`]),
  );
  return [
    textBlock('Month by month', { weight: 'Bolder', separator: true }),
    {
      type: 'Chart.Line',
      title: 'Supervised within policy (%)',
      xAxisTitle: 'Month',
      yAxisTitle: '% within policy',
      data: [
        {
          legend: 'Everyone',
          values: trend.map((p) => ({ x: formatMonth(p.month), y: Math.round(p.share * 100) })),
        },
      ],
      fallback: table,
    },
  ];
}

/** The other shares: everyone's in words, then one column each by group (percentages only, to fit). */
function measuresSection(view: ComplianceView, rows: readonly Row[]): CardElement[] {
  const everyone = view.rows[0]?.measures;
  if (!everyone) return [];
  const judged = MEASURES.filter((m) => rows.some((r) => (r.measures?.[m].of ?? 0) > 0));
  const byGroup = (r: Row) =>
    columnSet(
      [
        column([cell(r.group)]),
        ...judged.map((m) => {
          const share = r.measures?.[m];
          return column(
            [cell(share && share.of > 0 ? percent(share.done / share.of) : '–')],
            'auto',
          );
        }),
      ],
      { separator: true },
    );
  return [
    textBlock('Other measures (last 12 months, or as of today)', {
      weight: 'Bolder',
      separator: true,
    }),
    factSet(MEASURES.map((m) => [MEASURE_LABELS[m], shareText(everyone[m])])),
    ...(judged.length > 0 && rows.length > 1
      ? [
          columnSet([
            column([cell('Group', { weight: 'Bolder' })]),
            ...judged.map((m) => column([cell(MEASURE_COLUMNS[m], { weight: 'Bolder' })], 'auto')),
          ]),
          ...rows.slice(1).map(byGroup),
        ]
      : []),
  ];
}

function percent(share: number): string {
  return `${Math.round(share * 100)}%`;
}

function cell(text: string, options: { weight?: 'Bolder'; isSubtle?: boolean } = {}): CardElement {
  return { type: 'TextBlock', text, wrap: true, ...options };
}

/** One table-like row: group, people, then each period's share with the count behind it. */
function row(r: Row, months: number[]): CardElement {
  const periods = months.map((m) => {
    const p = r.periods.find((period) => period.months === m);
    if (!p) return column([cell('–')]);
    const partial = p.partial > 0 ? ` (${p.partial} partial)` : '';
    return column([
      cell(`**${percent(p.share)}**`),
      cell(`${p.within} of ${r.people}${partial}`, { isSubtle: true }),
    ]);
  });
  return columnSet(
    [column([cell(md`**${r.group}**`)]), column([cell(String(r.people))], 'auto'), ...periods],
    { separator: true },
  );
}

/**
 * Supervisors against the policy's ratio: those over it by name, then how many
 * are within it. Nothing when the policy gives no ratio.
 */
function loadSection(loads: readonly SupervisorLoadView[]): CardElement[] {
  const judged = loads.filter((l) => l.hasRatio);
  if (judged.length === 0) return [];
  const over = judged.filter((l) => l.over);
  const within = judged.length - over.length;
  return [
    textBlock('Supervisor load', { weight: 'Bolder', separator: true }),
    ...over
      .slice(0, MAX_LOAD_ROWS)
      .map((l) => textBlock(md`**${l.supervisor.name}**: ${l.text}`, { color: 'Attention' })),
    ...andMore(
      over.length - Math.min(over.length, MAX_LOAD_ROWS),
      'more supervisors over the ratio',
    ),
    textBlock(
      plain(
        `${plural(within, 'supervisor')} of ${judged.length} within the recommended maximum${over.length === 0 ? '' : '; the line manager reviews the arrangements of those over it'}.`,
      ),
      { isSubtle: true, spacing: 'None' },
    ),
  ];
}

/** The share of people supervised within policy, by group, over each period (3 and 12 months). */
export function complianceCard(view: ComplianceView): Card {
  const all = view.rows.length + (view.roleRows?.length ?? 0);
  return largestFitting(Math.min(all, MAX_COMPLIANCE_ROWS), (rows) => build(view, rows));
}

function build(view: ComplianceView, rows: number): Card {
  const months = [...new Set(view.rows.flatMap((r) => r.periods.map((p) => p.months)))].sort(
    (a, b) => a - b,
  );
  // Roles by their ids' words ("Social worker"), after the teams.
  const all = [
    ...view.rows,
    ...(view.roleRows ?? []).map((r) => ({ ...r, group: capitalise(humanize(r.group)) })),
  ];
  const shown = all.slice(0, rows);
  const partial = all.some((r) => r.periods.some((p) => p.partial > 0));
  const header = columnSet([
    column([cell('Group', { weight: 'Bolder' })]),
    column([cell('People', { weight: 'Bolder' })], 'auto'),
    ...months.map((m) => column([cell(`Last ${plural(m, 'month')}`, { weight: 'Bolder' })])),
  ]);
  const body = [
    heading(md`Supervised within policy: below ${view.manager.name}`),
    textBlock(`As of ${formatDate(view.on)}.`, { isSubtle: true, spacing: 'None' }),
    ...(all.length === 0
      ? [textBlock('No one to report on yet.')]
      : [header, ...shown.map((r) => row(r, months))]),
    ...andMore(all.length - shown.length, 'more groups'),
    ...trendSection(view.trend ?? []),
    ...measuresSection(view, shown),
    ...loadSection(view.loads ?? []),
    ...(partial
      ? [
          textBlock(
            '"Partial": Cadence holds less than the whole period for these people, so they were judged from their first session in it.',
            { isSubtle: true, separator: true },
          ),
        ]
      : []),
  ];
  return adaptiveCard(body);
}
