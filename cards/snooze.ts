import { buttonNonce, executeAction } from './buttons.ts';
import { textBlock, type CardElement } from './card.ts';
import { formatDate } from './format.ts';

/** Snooze lengths offered, in working days (supervision/assistant.ts counts them so; within `snoozeAction`'s 1–14): a week is five. */
export const SNOOZE_CHOICES = [
  { title: 'Snooze 1 day', days: 1 },
  { title: 'Snooze 1 week', days: 5 },
] as const;

/** The Snooze buttons for a reminder, or, once snoozed, the line saying until when (and no buttons). */
export function snoozeControls(
  subject: string,
  nonce: string,
  snoozedUntil: string | undefined,
): { body: CardElement[]; actions: CardElement[] } {
  if (snoozedUntil)
    return {
      body: [textBlock(`Snoozed until ${formatDate(snoozedUntil)}.`, { isSubtle: true })],
      actions: [],
    };
  return {
    body: [],
    actions: SNOOZE_CHOICES.map(({ title, days }) =>
      executeAction(title, {
        verb: 'snooze',
        subject,
        days,
        nonce: buttonNonce(nonce, `${days}d`),
      }),
    ),
  };
}
