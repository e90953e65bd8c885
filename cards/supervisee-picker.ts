import { executeAction } from './buttons.ts';
import {
  actionSets,
  adaptiveCard,
  andMore,
  container,
  heading,
  textBlock,
  type Card,
} from './card.ts';
import { formatDate, humanize } from './format.ts';
import { largestFitting } from './size.ts';
import type { SuperviseePickerView } from './types.ts';
import { md } from './markdown.ts';

/** Rows the picker shows before "and N more". */
export const MAX_PICKER_ROWS = 40;

/** `book`: whom to book for, one row and button per supervisee. */
export function superviseePickerCard(view: SuperviseePickerView): Card {
  if (view.supervisees.length === 0) {
    return adaptiveCard([
      heading('No one to book for'),
      textBlock(
        'Cadence has no one recorded as supervised by you. If that is wrong, ask whoever imports the roster.',
      ),
    ]);
  }
  return largestFitting(Math.min(view.supervisees.length, MAX_PICKER_ROWS), (rows) =>
    build(view, rows),
  );
}

function build(view: SuperviseePickerView, rows: number): Card {
  const shown = view.supervisees.slice(0, rows);
  const lines = shown.map((s) =>
    container(
      [
        textBlock(
          md`**${s.supervisee.name}**, ${humanize(s.role)}: ${s.nextBookedOn ? `next booked ${formatDate(s.nextBookedOn)}` : 'nothing booked'}`,
        ),
        // The name is in the title so each button says whom it books for when read aloud.
        ...actionSets(
          [
            executeAction(`Propose times for ${s.supervisee.name}`, {
              verb: 'propose',
              relationshipId: s.relationshipId,
            }),
          ],
          { spacing: 'Small' },
        ),
      ],
      { separator: true },
    ),
  );
  return adaptiveCard([
    heading('Book supervision for whom?'),
    ...lines,
    ...andMore(view.supervisees.length - shown.length),
  ]);
}
