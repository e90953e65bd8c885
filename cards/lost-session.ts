import { buttonNonce, executeAction } from './buttons.ts';
import { adaptiveCard, factSet, heading, textBlock, type Card, type CardElement } from './card.ts';
import { formatDate, humanize } from './format.ts';
import { md } from './markdown.ts';
import { NOT_HELD_REASON_LABELS } from './record-labels.ts';
import type { LostSessionView } from './types.ts';

/** Turned-down times a card carries at most (as a proposal's Another time). */
export const MAX_AVOIDED = 20;

function what(view: LostSessionView): string {
  const who = view.lostBy === 'you' ? 'you' : view.lostBy ? view.lostBy.name : null;
  switch (view.how) {
    case 'cancelled':
      return who ? `Cancelled in Outlook by ${who}` : 'Cancelled in Outlook';
    case 'declined':
      return who ? `Declined in Outlook by ${who}` : 'Declined in Outlook';
    case 'moved-after-due':
      return 'Moved in Outlook past the date it was due by';
    case 'not-held':
      return 'Recorded as not held';
  }
}

/**
 * A session lost: what happened, why (asked when not known), and a time both
 * people are free before the latest date it may fall on, with Book and
 * Another time. Once booked, the replacement.
 */
export function lostSessionCard(view: LostSessionView): Card {
  const facts: [string, string][] = [
    ['What happened', what(view)],
    ...(view.reason
      ? [['Why', NOT_HELD_REASON_LABELS[view.reason] ?? view.reason] as [string, string]]
      : []),
    ['Replace by', formatDate(view.latest)],
  ];
  const body: CardElement[] = [
    heading(md`A session with ${view.supervisee.name} was lost`),
    textBlock(`${humanize(view.type)} supervision on ${formatDate(view.date)} at ${view.time}.`, {
      spacing: 'None',
    }),
    factSet(facts),
  ];
  if (view.replacedBy)
    return adaptiveCard([
      ...body,
      textBlock(
        md`Replaced: booked on ${formatDate(view.replacedBy.date)} at ${view.replacedBy.time}, in both Outlook calendars.`,
        { color: 'Good', weight: 'Bolder' },
      ),
    ]);
  const reasonInput: CardElement[] = view.reason
    ? []
    : [
        {
          type: 'Input.ChoiceSet',
          id: 'lostReason',
          label: 'Why was it lost? (kept with the session; the policy allows some reasons only)',
          style: 'compact',
          choices: Object.entries(NOT_HELD_REASON_LABELS).map(([value, title]) => ({
            title,
            value,
          })),
        },
      ];
  if (!view.proposal)
    return adaptiveCard(
      [
        ...body,
        ...reasonInput,
        textBlock(
          `No replacement to propose: ${view.noProposal ?? 'no free time found'}. Book one in Outlook, or ask again later.`,
          { color: 'Attention' },
        ),
      ],
      view.retry
        ? {
            actions: [
              executeAction('Try again', {
                verb: 'rebookPropose',
                sessionId: view.sessionId,
                avoid: view.avoid,
              }),
            ],
          }
        : {},
    );
  const { proposal } = view;
  return adaptiveCard(
    [
      ...body,
      textBlock(
        md`Replacement: ${formatDate(proposal.date)}, ${proposal.start}–${proposal.end}, when you and ${view.supervisee.name} are both free.`,
        { weight: 'Bolder', separator: true },
      ),
      ...reasonInput,
    ],
    {
      actions: [
        executeAction(
          'Book',
          {
            verb: 'rebook',
            sessionId: view.sessionId,
            start: proposal.at,
            nonce: buttonNonce(view.nonce, 'book'),
          },
          { style: 'positive' },
        ),
        ...(view.avoid.length < MAX_AVOIDED
          ? [
              executeAction('Another time', {
                verb: 'rebookPropose',
                sessionId: view.sessionId,
                avoid: [...view.avoid, proposal.at],
              }),
            ]
          : []),
      ],
    },
  );
}
