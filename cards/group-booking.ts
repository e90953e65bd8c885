/**
 * Booking a group from Teams (docs/roster.md#groups): the proposal the
 * organiser books with one press, and what became of the booking — under
 * way, interrupted, booked or failed — in the same place, as for a
 * one-to-one (proposal.ts, booking.ts, booked.ts). A group's series names no
 * member: the card counts them.
 */
import { executeAction, refreshFor, type RefreshFor } from './buttons.ts';
import {
  adaptiveCard,
  andMore,
  attention,
  factSet,
  heading,
  textBlock,
  type Card,
  type CardElement,
} from './card.ts';
import { clip, formatDate, humanize, minutes, plural } from './format.ts';
import { md, plain } from './markdown.ts';
import { MAX_BOOKED_ROWS } from './booked.ts';
import { MAX_PROPOSAL_ROWS, capAvoid, seriesSection } from './proposal.ts';
import { largestFitting } from './size.ts';
import type { GroupBookedView, GroupProposalView } from './types.ts';

/** "Organised by Sana Iqbal with 7 members invited; placed where at least 4 of them are free." */
function whoLine(view: Pick<GroupProposalView, 'organiser' | 'attendees' | 'quorum'>): string {
  return md`Organised by ${view.organiser.name} with ${plural(view.attendees, 'member')} invited; each time is one at which ${view.organiser.name} and at least ${String(view.quorum)} of the ${String(view.attendees)} members are free (the group's quorum).`;
}

/** A group's proposed series, with Book. */
export function groupProposalCard(view: GroupProposalView, refresh?: RefreshFor): Card {
  const rows = view.series.reduce((sum, s) => sum + s.occurrences.length + s.unplaceable.length, 0);
  return largestFitting(Math.min(rows, MAX_PROPOSAL_ROWS), (shown) =>
    buildProposal(view, shown, refresh),
  );
}

function buildProposal(view: GroupProposalView, rows: number, refresh?: RefreshFor): Card {
  const header = [
    heading(md`Proposed meetings for ${view.name}`),
    textBlock(md`${humanize(view.type)}, ${minutes(view.durationMinutes)} each.`, {
      spacing: 'None',
    }),
    textBlock(whoLine(view), { spacing: 'Small' }),
  ];
  const options = {
    refresh: refreshFor({ card: 'group-booking', groupId: view.groupId }, refresh),
  };
  if (view.series.length === 0)
    return adaptiveCard(
      [
        ...header,
        textBlock(plain(view.nothingToBook ?? 'There is nothing to book.'), { separator: true }),
      ],
      options,
    );
  const budget = { rows };
  const avoid = capAvoid(view.avoid);
  const slots = view.series.map((s) => ({ weekday: s.weekday, time: s.time }));
  return adaptiveCard([...header, ...view.series.map((s) => seriesSection(s, budget))], {
    ...options,
    actions: [
      executeAction(
        'Book',
        { verb: 'bookGroup', groupId: view.groupId, avoid, nonce: view.nonce },
        { style: 'positive', associatedInputs: 'none' },
      ),
      // As for a one-to-one: the times shown are turned down, chosen again only if nothing else is left.
      executeAction(
        'Another time',
        { verb: 'proposeGroup', groupId: view.groupId, avoid: capAvoid([...avoid, ...slots]) },
        { associatedInputs: 'none' },
      ),
    ],
  });
}

/** Where a group's booking stands, in place of the proposal the organiser pressed Book on. */
export function groupBookedCard(view: GroupBookedView, refresh?: RefreshFor): Card {
  return largestFitting(Math.min(view.meetings.length, MAX_BOOKED_ROWS), (rows) =>
    buildBooked(view, rows, refresh),
  );
}

function buildBooked(view: GroupBookedView, rows: number, refresh?: RefreshFor): Card {
  const group = textBlock(md`${view.name}.`, { spacing: 'None' });
  const again = (title: string) =>
    executeAction(
      title,
      { verb: 'bookGroup', groupId: view.groupId, nonce: view.nonce },
      { style: 'positive', associatedInputs: 'none' },
    );
  const options = {
    refresh: refreshFor({ card: 'group-booking', groupId: view.groupId }, refresh),
  };
  switch (view.state) {
    case 'under-way':
      return adaptiveCard(
        [
          heading('Booking the group’s meetings…'),
          group,
          textBlock(
            'Cadence is putting the meetings in Outlook, every member invited. This card changes to the meetings booked when it is done: usually within a minute, longer when Outlook is busy.',
          ),
        ],
        options,
      );
    case 'interrupted':
      return adaptiveCard(
        [
          heading('Booking did not finish'),
          group,
          attention(
            'Cadence stopped before every meeting was in Outlook (it was restarted, or lost Outlook for a while).',
          ),
          textBlock(
            'Finish booking completes what was planned. Meetings already in Outlook stay as they are: none is booked twice.',
          ),
        ],
        { ...options, actions: [again('Finish booking')] },
      );
    case 'booked':
    case 'failed': {
      const shown = view.meetings.slice(0, rows);
      const body: CardElement[] = [
        heading(
          view.meetings.length > 0
            ? `Group meetings booked: ${plural(view.meetings.length, 'meeting')}`
            : 'Nothing was booked',
        ),
        textBlock(
          md`${view.name}.` +
            (view.meetings.length > 0 ? ' The meetings are in Outlook, every member invited.' : ''),
          { spacing: 'None' },
        ),
        ...(shown.length > 0
          ? [
              factSet(
                shown.map((m) => [formatDate(m.date), `${m.time}, ${minutes(m.durationMinutes)}`]),
                { separator: true },
              ),
            ]
          : []),
        ...andMore(view.meetings.length - shown.length, 'more meetings'),
        ...(view.failures.length > 0
          ? [
              attention('Not everything was booked:', { weight: 'Bolder', separator: true }),
              ...view.failures.map((f) => attention(plain(clip(f, 500)))),
              textBlock(
                'Try again in a few minutes: what is already in Outlook stays, and none is booked twice.',
              ),
            ]
          : []),
      ];
      return adaptiveCard(body, {
        ...options,
        ...(view.failures.length > 0 ? { actions: [again('Try again')] } : {}),
      });
    }
  }
}
