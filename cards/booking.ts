import { executeAction, refreshFor, type RefreshFor } from './buttons.ts';
import { adaptiveCard, attention, heading, textBlock, type Card } from './card.ts';
import { clip } from './format.ts';
import type { BookingView } from './types.ts';
import { md, plain } from './markdown.ts';

/**
 * A Book that has not finished. Teams gives an `Action.Execute` 10 to 15
 * seconds before it shows the person an error, and booking a series can wait
 * minutes on Outlook's throttling; so Book is answered at once with this card
 * ("under way"), and the bot puts the booked card in its place when Outlook
 * is done. Booking writes its intents first and every Outlook write is
 * idempotent (docs/booking.md), so an interrupted or failed booking is
 * finished by pressing the button again: nothing is booked twice.
 *
 * The card carries a refresh, so one left "under way" by a restart shows
 * what became of the booking the next time it is opened.
 */
export function bookingCard(view: BookingView, refresh?: RefreshFor): Card {
  const who = textBlock(md`${view.supervisee.name}, supervised by ${view.supervisor.name}.`, {
    spacing: 'None',
  });
  const again = (title: string) =>
    executeAction(
      title,
      {
        verb: 'book',
        relationshipId: view.relationshipId,
        durationMinutes: view.durationMinutes,
        avoid: view.avoid,
        nonce: view.nonce,
      },
      { style: 'positive', associatedInputs: 'none' },
    );
  const options = {
    refresh: refreshFor({ card: 'booking', relationshipId: view.relationshipId }, refresh),
  };
  switch (view.state) {
    case 'under-way':
      return adaptiveCard(
        [
          heading('Booking supervision…'),
          who,
          textBlock(
            'Cadence is putting the sessions in both Outlook calendars. This card changes to the booked sessions when it is done: usually within a minute, longer when Outlook is busy. You can leave this chat meanwhile.',
          ),
          textBlock(
            'If Cadence is restarted before it finishes, nothing is lost or booked twice: open this card again and it offers to finish the booking.',
            { isSubtle: true },
          ),
        ],
        options,
      );
    case 'interrupted':
      return adaptiveCard(
        [
          heading('Booking did not finish'),
          who,
          attention(
            'Cadence stopped before every session was in Outlook (it was restarted, or lost Outlook for a while).',
          ),
          textBlock(
            'Finish booking completes what was planned. Sessions already in Outlook stay as they are: none is booked twice.',
          ),
        ],
        { ...options, actions: [again('Finish booking')] },
      );
    case 'failed':
      return adaptiveCard(
        [
          heading('Booking did not finish'),
          who,
          attention(plain(clip(view.problem ?? 'Outlook could not be reached.', 500))),
          textBlock(
            'Try again in a few minutes: what is already in Outlook stays, and none is booked twice. If it keeps failing, tell your Cadence administrator.',
          ),
        ],
        { ...options, actions: [again('Try again')] },
      );
  }
}
