import { buttonNonce, executeAction } from './buttons.ts';
import { textBlock, type CardElement } from './card.ts';
import { formatDate } from './format.ts';

/** Snooze lengths offered, in days (within `snoozeAction`'s 1–14). */
export const SNOOZE_CHOICES = [
  { title: 'Snooze 1 day', days: 1 },
  { title: 'Snooze 1 week', days: 7 },
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
