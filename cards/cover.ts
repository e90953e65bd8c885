/**
 * `cover`: a manager names who covers for a supervisor who is away
 * (docs/roster.md#cover). The cover now and to come for the supervisors
 * below them, each with Remove; then the form: who is away, who covers, the
 * first and last days (both included). A save refused comes back with the
 * problems at the top and what was chosen kept.
 */
import { executeAction } from './buttons.ts';
import {
  actionSets,
  adaptiveCard,
  andMore,
  attention,
  container,
  heading,
  textBlock,
  type Card,
  type CardElement,
} from './card.ts';
import { clip, formatDate } from './format.ts';
import { md, plain } from './markdown.ts';
import { largestFitting } from './size.ts';
import type { CoverView } from './types.ts';

/** Periods the card lists before "and N more". */
export const MAX_COVER_ROWS = 30;

export function coverCard(view: CoverView): Card {
  return largestFitting(Math.min(view.periods.length, MAX_COVER_ROWS), (rows) => build(view, rows));
}

function build(view: CoverView, rows: number): Card {
  const shown = view.periods.slice(0, rows);
  const notices: CardElement[] = [
    ...(view.notice ? [textBlock(plain(view.notice), { color: 'Good', weight: 'Bolder' })] : []),
    ...view.problems.map((p) => attention(plain(clip(p, 500)))),
  ];
  const periods: CardElement[] =
    view.periods.length === 0
      ? [
          textBlock('No cover is set now or to come for the supervisors below you.', {
            isSubtle: true,
          }),
        ]
      : [
          ...shown.map((p) =>
            container(
              [
                textBlock(
                  md`**${p.cover.name}** covers for **${p.supervisor.name}**, ${formatDate(p.fromOn)} to ${formatDate(p.toOn)}`,
                ),
                ...actionSets(
                  [
                    executeAction(`Remove cover for ${p.supervisor.name}`, {
                      verb: 'removeCover',
                      coverId: p.id,
                    }),
                  ],
                  { spacing: 'Small' },
                ),
              ],
              { separator: true },
            ),
          ),
          ...andMore(view.periods.length - shown.length),
        ];
  const choices = (people: CoverView['supervisors']) =>
    people.map((p) => ({ title: p.name, value: p.upn }));
  const form: CardElement[] =
    view.supervisors.length === 0
      ? [textBlock('Nobody below you supervises anyone, so there is no one to cover.')]
      : [
          textBlock('Set cover', { weight: 'Bolder', spacing: 'Medium', separator: true }),
          {
            type: 'Input.ChoiceSet',
            id: 'supervisorUpn',
            label: 'Who is away',
            style: 'compact',
            isRequired: true,
            errorMessage: 'Choose who is away',
            ...(view.chosen.supervisorUpn && { value: view.chosen.supervisorUpn }),
            choices: choices(view.supervisors),
          },
          {
            type: 'Input.ChoiceSet',
            id: 'coverUpn',
            label: 'Who covers (receives their prompts, records, is booked instead)',
            style: 'compact',
            isRequired: true,
            errorMessage: 'Choose who covers',
            ...(view.chosen.coverUpn && { value: view.chosen.coverUpn }),
            choices: choices(view.candidates),
          },
          {
            type: 'Input.Date',
            id: 'from',
            label: 'First day away',
            isRequired: true,
            errorMessage: 'Give the first day',
            ...(view.chosen.from && { value: view.chosen.from }),
          },
          {
            type: 'Input.Date',
            id: 'to',
            label: 'Last day away',
            isRequired: true,
            errorMessage: 'Give the last day',
            ...(view.chosen.to && { value: view.chosen.to }),
          },
          ...actionSets([
            executeAction(
              'Set cover',
              { verb: 'setCover', nonce: view.nonce },
              { style: 'positive' },
            ),
          ]),
        ];
  return adaptiveCard([
    heading('Cover for supervisors who are away'),
    ...notices,
    ...periods,
    ...form,
  ]);
}
