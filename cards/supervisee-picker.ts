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
import { formatDate, humanize, plural } from './format.ts';
import { largestFitting } from './size.ts';
import type { SuperviseePickerView } from './types.ts';
import { md } from './markdown.ts';

/** Rows the picker shows before "and N more". */
export const MAX_PICKER_ROWS = 40;

/** `book`: whom to book for, one row and button per supervisee, then one per group the person organises. */
export function superviseePickerCard(view: SuperviseePickerView): Card {
  if (view.supervisees.length === 0 && view.groups.length === 0) {
    return adaptiveCard([
      heading('No one to book for'),
      textBlock(
        'Cadence has no one recorded as supervised by you. If that is wrong, ask whoever imports the roster.',
      ),
    ]);
  }
  const all = view.supervisees.length + view.groups.length;
  return largestFitting(Math.min(all, MAX_PICKER_ROWS), (rows) => build(view, rows));
}

function build(view: SuperviseePickerView, rows: number): Card {
  // Groups first: there are few, and each books many people's time at once.
  const groups = view.groups.slice(0, rows);
  const shown = view.supervisees.slice(0, rows - groups.length);
  const groupLines = groups.map((g) =>
    container(
      [
        textBlock(
          md`**${g.name}**, ${humanize(g.type)} for ${plural(g.members, 'member')}: ${g.bookedThrough ? `booked through ${formatDate(g.bookedThrough)}` : 'nothing booked'}`,
        ),
        ...actionSets(
          [
            executeAction(`Propose times for ${g.name}`, {
              verb: 'proposeGroup',
              groupId: g.groupId,
            }),
          ],
          { spacing: 'Small' },
        ),
      ],
      { separator: true },
    ),
  );
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
    ...groupLines,
    ...lines,
    ...andMore(view.supervisees.length + view.groups.length - shown.length - groups.length),
  ]);
}
