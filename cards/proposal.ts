import { executeAction, refreshFor, type RefreshFor } from './buttons.ts';
import {
  actionSets,
  adaptiveCard,
  andMore,
  attention,
  container,
  factSet,
  heading,
  textBlock,
  type Card,
  type CardElement,
} from './card.ts';
import { capitalise, formatDate, minutes, plural, typesText, weekdayName } from './format.ts';
import { largestFitting } from './size.ts';
import type { OccurrenceView, ProposalView, SeriesView, SlotView } from './types.ts';
import { md, plain } from './markdown.ts';

/** Occurrence and unplaceable rows a proposal lists in all, before "and N more": a year of weekly sessions would not fit a card. */
export const MAX_PROPOSAL_ROWS = 60;
/** The durations offered under "Another duration". */
export const DURATION_CHOICES = [45, 60, 90, 120] as const;
/** As many turned-down slots as `proposeAction` accepts. */
const MAX_AVOID = 20;

const MOVED_BECAUSE: Record<NonNullable<OccurrenceView['moved']>['reason'], string> = {
  busy: 'clash in a calendar',
  'bank-holiday': 'bank holiday',
  'outside-working-hours': 'outside working hours',
  'after-latest-date': 'the regular date was after the latest date',
};

/** `Every 2 weeks on Tuesday at 10:00 for 60 minutes`. */
export function seriesHeadline(
  series: Pick<SeriesView, 'everyWeeks' | 'weekday' | 'time' | 'durationMinutes'>,
): string {
  const every = series.everyWeeks === 1 ? 'Every week' : `Every ${series.everyWeeks} weeks`;
  return `${every} on ${weekdayName(series.weekday)} at ${series.time} for ${minutes(series.durationMinutes)}`;
}

/** Slots to avoid, latest kept, each once, within the schema's limit. */
export function capAvoid(slots: SlotView[]): SlotView[] {
  const seen = new Map<string, SlotView>();
  for (const slot of slots) {
    const key = `${slot.weekday} ${slot.time}`;
    seen.delete(key);
    seen.set(key, { weekday: slot.weekday, time: slot.time });
  }
  return [...seen.values()].slice(-MAX_AVOID);
}

function occurrenceFact(occurrence: OccurrenceView, regularTime: string): [string, string] {
  const parts = [
    occurrence.time === regularTime
      ? occurrence.time
      : `${occurrence.time} (not the usual ${regularTime})`,
    `latest ${formatDate(occurrence.latest)}`,
  ];
  if (occurrence.moved)
    parts.push(
      `moved from ${formatDate(occurrence.moved.from)}: ${MOVED_BECAUSE[occurrence.moved.reason]}`,
    );
  return [`${formatDate(occurrence.date)}${occurrence.moved ? ' (moved)' : ''}`, parts.join(' · ')];
}

export function seriesSection(series: SeriesView, budget: { rows: number }): CardElement {
  const occurrences = series.occurrences.slice(0, budget.rows);
  budget.rows -= occurrences.length;
  const unplaceable = series.unplaceable.slice(0, budget.rows);
  budget.rows -= unplaceable.length;
  const moved = series.occurrences.filter((o) => o.moved).length;
  return container(
    [
      textBlock(`**${seriesHeadline(series)}**`),
      textBlock(
        `${capitalise(typesText(series))}, ${formatDate(series.firstDate)} to ${formatDate(series.lastDate)}: ${plural(series.occurrences.length, 'session')}${moved > 0 ? `, ${moved} moved off the regular slot` : ''}`,
        { isSubtle: true, spacing: 'None' },
      ),
      ...(occurrences.length > 0
        ? [factSet(occurrences.map((o) => occurrenceFact(o, series.time)))]
        : []),
      ...andMore(series.occurrences.length - occurrences.length, 'more sessions in this series'),
      ...(series.unplaceable.length > 0
        ? [
            attention(
              `${plural(series.unplaceable.length, 'session')} could not be placed; book ${series.unplaceable.length === 1 ? 'it' : 'them'} by hand:`,
            ),
            ...(unplaceable.length > 0
              ? [
                  factSet(
                    unplaceable.map(
                      (u) =>
                        [
                          `Regular date ${formatDate(u.regularDate)}`,
                          `latest ${formatDate(u.latest)}`,
                        ] as [string, string],
                    ),
                  ),
                ]
              : []),
            ...andMore(series.unplaceable.length - unplaceable.length),
          ]
        : []),
    ],
    { separator: true },
  );
}

function durationChooser(view: ProposalView): CardElement[] {
  const choices = [...new Set<number>([...DURATION_CHOICES, view.durationMinutes])].sort(
    (a, b) => a - b,
  );
  return [
    {
      type: 'Input.ChoiceSet',
      id: 'durationMinutes',
      label: 'Another duration',
      style: 'compact',
      value: String(view.durationMinutes),
      choices: choices.map((m) => ({ title: minutes(m), value: String(m) })),
    },
    // The chosen duration merges into this button's data as `durationMinutes`.
    ...actionSets(
      [
        executeAction('Propose with this duration', {
          verb: 'propose',
          relationshipId: view.relationshipId,
          avoid: capAvoid(view.avoid),
        }),
      ],
      { spacing: 'Small' },
    ),
  ];
}

/** The sessions Book places with the supervisor's cover, so the supervisor sees them before booking. */
function coveredSection(view: ProposalView): CardElement[] {
  const covered = view.covered ?? [];
  if (covered.length === 0) return [];
  const shown = covered.slice(0, MAX_PROPOSAL_ROWS);
  return [
    container(
      [
        textBlock(
          md`${plural(covered.length, 'session')} ${covered.length === 1 ? 'falls' : 'fall'} while ${view.supervisor.name} is away: Book places ${covered.length === 1 ? 'it' : 'them'} with the cover, in the cover's calendar.`,
          { weight: 'Bolder' },
        ),
        textBlock(
          shown
            .map((c) => md`- ${formatDate(c.date)} at ${c.time} with ${c.cover.name}`)
            .join('\n'),
        ),
        ...andMore(covered.length - shown.length),
      ],
      { separator: true },
    ),
  ];
}

/**
 * A proposed series of sessions for a supervisor to book: each series'
 * regular slot, every date with moved ones marked and why, what could not be
 * placed; Book, Another time, Another duration.
 */
export function proposalCard(view: ProposalView, refreshUserIds?: RefreshFor): Card {
  const rows = view.series.reduce((sum, s) => sum + s.occurrences.length + s.unplaceable.length, 0);
  return largestFitting(Math.min(rows, MAX_PROPOSAL_ROWS), (shown) =>
    build(view, shown, refreshUserIds),
  );
}

function build(view: ProposalView, rows: number, refreshUserIds: RefreshFor | undefined): Card {
  const budget = { rows };
  const header = [
    heading(md`Proposed supervision for ${view.supervisee.name}`),
    textBlock(md`With ${view.supervisor.name}, ${minutes(view.durationMinutes)} each.`, {
      spacing: 'None',
    }),
  ];
  const refresh = refreshFor(
    { card: 'proposal', relationshipId: view.relationshipId },
    refreshUserIds,
  );
  if (view.series.length === 0) {
    return adaptiveCard(
      [
        ...header,
        textBlock(plain(view.nothingToBook ?? 'There is nothing to book.'), { separator: true }),
        ...durationChooser(view),
      ],
      { refresh },
    );
  }
  const slots = view.series.map((s) => ({ weekday: s.weekday, time: s.time }));
  const avoid = capAvoid(view.avoid);
  const actions = [
    executeAction(
      'Book',
      {
        verb: 'book',
        relationshipId: view.relationshipId,
        durationMinutes: view.durationMinutes,
        avoid,
        nonce: view.nonce,
      },
      { style: 'positive', associatedInputs: 'none' },
    ),
    executeAction(
      'Another time',
      {
        verb: 'propose',
        relationshipId: view.relationshipId,
        durationMinutes: view.durationMinutes,
        avoid: capAvoid([...view.avoid, ...slots]),
      },
      { associatedInputs: 'none' },
    ),
  ];
  return adaptiveCard(
    [
      ...header,
      ...view.series.map((s) => seriesSection(s, budget)),
      ...coveredSection(view),
      container(durationChooser(view), { separator: true }),
    ],
    {
      actions,
      refresh,
    },
  );
}
