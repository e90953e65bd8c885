import {
  adaptiveCard,
  andMore,
  column,
  columnSet,
  heading,
  textBlock,
  type Card,
  type CardElement,
} from './card.ts';
import { formatDate, plural } from './format.ts';
import { largestFitting } from './size.ts';
import type { ComplianceView, SupervisorLoadView } from './types.ts';
import { md, plain } from './markdown.ts';

/** Supervisors over their ratio a compliance card names before "and N more". */
export const MAX_LOAD_ROWS = 10;

/** Groups (teams, roles) a compliance card lists before "and N more". */
export const MAX_COMPLIANCE_ROWS = 50;

type Row = ComplianceView['rows'][number];

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
  return largestFitting(Math.min(view.rows.length, MAX_COMPLIANCE_ROWS), (rows) =>
    build(view, rows),
  );
}

function build(view: ComplianceView, rows: number): Card {
  const months = [...new Set(view.rows.flatMap((r) => r.periods.map((p) => p.months)))].sort(
    (a, b) => a - b,
  );
  const shown = view.rows.slice(0, rows);
  const partial = view.rows.some((r) => r.periods.some((p) => p.partial > 0));
  const header = columnSet([
    column([cell('Group', { weight: 'Bolder' })]),
    column([cell('People', { weight: 'Bolder' })], 'auto'),
    ...months.map((m) => column([cell(`Last ${plural(m, 'month')}`, { weight: 'Bolder' })])),
  ]);
  const body = [
    heading(md`Supervised within policy: below ${view.manager.name}`),
    textBlock(`As of ${formatDate(view.on)}.`, { isSubtle: true, spacing: 'None' }),
    ...(view.rows.length === 0
      ? [textBlock('No one to report on yet.')]
      : [header, ...shown.map((r) => row(r, months))]),
    ...andMore(view.rows.length - shown.length, 'more groups'),
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
