import { container, factSet, textBlock, type CardElement } from './card.ts';
import {
  actionDates,
  clip,
  formatDate,
  formatDateTime,
  formatOptionalDate,
  humanize,
  minutes,
} from './format.ts';
import { NOT_HELD_REASON_LABELS, PART_LABELS } from './record-labels.ts';
import type { RecordView } from './types.ts';
import { md, plain } from './markdown.ts';

/** A saved record, read only: what the record card shows once `recorded` is set. */
export function recordSummary(recorded: NonNullable<RecordView['recorded']>): CardElement[] {
  const facts: [string, string][] = recorded.held
    ? [
        ['Held', recorded.heldOn ? formatDate(recorded.heldOn) : 'yes'],
        ...(recorded.durationMinutes !== undefined
          ? [['Length', minutes(recorded.durationMinutes)] as [string, string]]
          : []),
        ...(recorded.notCovered?.length
          ? [
              ['Not covered', `${recorded.notCovered.map(humanize).join(', ')} (still due)`] as [
                string,
                string,
              ],
            ]
          : []),
        ...(recorded.observed !== undefined
          ? [['Observation of practice', recorded.observed ? 'yes' : 'no'] as [string, string]]
          : []),
        [
          'Covered',
          recorded.parts.length > 0
            ? recorded.parts.map((p) => PART_LABELS[p]).join(', ')
            : 'not said',
        ],
        ['Next session', formatOptionalDate(recorded.nextDate, 'not confirmed')],
        [
          'Full record kept in',
          recorded.recordLocation ? plain(clip(recorded.recordLocation, 300)) : 'not said',
        ],
      ]
    : [
        ['Held', 'no'],
        [
          'Why',
          recorded.reason
            ? (NOT_HELD_REASON_LABELS[recorded.reason] ?? plain(recorded.reason))
            : 'not said',
        ],
      ];
  // Typed by one person, read by the other: a link typed as an action must not be a link in the supervisee's card.
  const actions = recorded.actions.map((a) => md`- ${clip(a.text, 300)} (${actionDates(a)})`);
  return [
    textBlock(
      md`Recorded by ${recorded.recordedBy.name}, ${formatDateTime(recorded.recordedAt)}.`,
      { color: 'Good', weight: 'Bolder' },
    ),
    factSet(facts),
    ...(recorded.summary
      ? [
          container([
            textBlock('Summary', { weight: 'Bolder' }),
            textBlock(plain(clip(recorded.summary, 2000)), { spacing: 'None' }),
          ]),
        ]
      : []),
    ...(actions.length > 0
      ? [container([textBlock('Actions', { weight: 'Bolder' }), textBlock(actions.join('\n'))])]
      : []),
  ];
}
