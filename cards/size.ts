/**
 * How big a card may be. Teams refuses an over-large message with 413
 * `MessageSizeTooBig`. Microsoft has documented several figures: 28 KB for
 * incoming webhooks and Workflows ("The message size limit is 28 KB" —
 * https://learn.microsoft.com/en-us/microsoftteams/platform/webhooks-and-connectors/how-to/add-incoming-webhook),
 * and for bots 40 KB, now 100 KB "encoded as UTF-16" with 80 KB advised —
 * https://learn.microsoft.com/en-us/microsoftteams/platform/bots/how-to/format-your-bot-messages
 * Cadence holds every card to 28,000 bytes of UTF-8 JSON, the strictest of
 * them: mostly-ASCII text doubles in UTF-16 to about 56 KB, under the bots'
 * advised 80 KB with room for the activity around it.
 */
import type { Card } from './card.ts';

export const MAX_CARD_BYTES = 28_000;

export const ADAPTIVE_CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';

export interface CardAttachment {
  contentType: typeof ADAPTIVE_CARD_CONTENT_TYPE;
  content: Card;
}

/** The attachment a message or an invoke response carries the card in. */
export function attachmentOf(card: Card): CardAttachment {
  return { contentType: ADAPTIVE_CARD_CONTENT_TYPE, content: card };
}

/** UTF-8 bytes of the card's attachment as JSON: what {@link MAX_CARD_BYTES} is measured in. */
export function cardBytes(card: Card): number {
  return new TextEncoder().encode(JSON.stringify(attachmentOf(card))).length;
}

/**
 * The card with as many rows as fit: `build(n)` lays out the first `n` rows
 * of a list (and says how many more), and this finds the largest `n`, up to
 * `rows`, whose card is under {@link MAX_CARD_BYTES}. Row caps keep cards
 * readable; this keeps them sendable whatever lengths the names and details
 * run to. A card too big even with no rows comes back as built with none.
 */
export function largestFitting(rows: number, build: (shown: number) => Card): Card {
  const full = build(rows);
  if (cardBytes(full) < MAX_CARD_BYTES) return full;
  let [fits, tooBig] = [0, rows];
  while (tooBig - fits > 1) {
    const middle = Math.floor((fits + tooBig) / 2);
    if (cardBytes(build(middle)) < MAX_CARD_BYTES) fits = middle;
    else tooBig = middle;
  }
  return build(fits);
}
