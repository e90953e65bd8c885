/**
 * The refresh of a card Cadence sent on its own (a chaser, an escalation):
 * the outbox message it was sent as, named by its key in the refresh data,
 * built again from the current state, as it would be sent now. A message
 * with nothing to say any more (the session recorded since) becomes a short
 * "nothing to do" card. Only its recipient gets it: the key says which
 * message, never who may see it; anyone else is answered as for a key that
 * names no message.
 */
import { noticeCard, type RefreshFor } from '../cards/index.ts';
import { notFoundOrNotYours, type Actor, type AssistantDeps } from '../supervision/index.ts';
import { cardForOutboxItem } from './outbox-cards.ts';
import type { TurnResult } from './turns.ts';

export async function refreshSent(
  deps: AssistantDeps,
  actor: Actor,
  key: string,
  refresh: RefreshFor | undefined,
): Promise<TurnResult> {
  const item = await deps.outbox.byKey(key);
  // Someone else's reminder and one that is not there get the same answer: keys are guessable, and must not tell who was reminded of what.
  if (!item || item.recipientId !== actor.id) throw notFoundOrNotYours('reminder');
  const card = await cardForOutboxItem(deps, item, refresh);
  if (card) return { card, outcome: `refresh:${item.kind}` };
  return {
    card: noticeCard({
      title: 'Nothing to do any more',
      text: 'What this reminder was about has been done, or cancelled, since it was sent.',
      tone: 'good',
    }),
    outcome: `refresh:${item.kind}:done`,
  };
}
