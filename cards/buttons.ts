/**
 * Buttons and automatic refresh. Every button is an `Action.Execute` whose
 * `data` repeats its verb, with an `Action.Submit` fallback carrying the same
 * data: Teams clients without Universal Actions render the fallback, and the
 * bot reads the verb from the data on both paths. "To ensure maximum
 * compatibility in Teams, define Action.Execute with an Action.Submit in the
 * fallback property" —
 * https://learn.microsoft.com/en-us/microsoftteams/platform/task-modules-and-cards/cards/universal-actions-for-adaptive-cards/work-with-universal-actions-for-adaptive-cards
 *
 * Data holds only the verb, ids, a nonce and slots: Teams merges the card's
 * inputs into it, and the bot decides who may act from the activity, never
 * from this data.
 */
import type { z } from 'zod';
import { NONCE_MAX, type cardAction, type refreshAction } from './actions.ts';
import { compact, type CardElement } from './card.ts';

/** What a button may carry: the input shape of one of the card actions in actions.ts. */
export type ActionData = z.input<typeof cardAction>;
type RefreshData = z.input<typeof refreshAction>;

export interface ButtonOptions {
  style?: 'positive' | 'destructive';
  /**
   * `none` keeps the card's inputs out of this button's data: Book must send
   * the duration that was proposed, not one picked in the box since.
   */
  associatedInputs?: 'none';
}

export function executeAction(
  title: string,
  data: ActionData,
  options: ButtonOptions = {},
): CardElement {
  const shared = compact({
    title,
    data,
    style: options.style,
    associatedInputs: options.associatedInputs,
  });
  return {
    type: 'Action.Execute',
    verb: data.verb,
    ...shared,
    fallback: { type: 'Action.Submit', ...shared },
  };
}

/**
 * One button's nonce, from its card's. The store claims a nonce once
 * (`card_actions`) and answers a second claim as a replay, so buttons that
 * shared their card's nonce made pressing one a replay of every other: the
 * second Chase on an overdue card was answered "Already chased" and chased
 * no one, the second Snooze did not snooze. Each button that does something
 * once carries the card's random nonce with a suffix of its own; a double
 * click on the same button is still a replay.
 */
export function buttonNonce(cardNonce: string, button: string | number): string {
  const suffix = `.${button}`;
  return `${cardNonce.slice(0, NONCE_MAX - suffix.length)}${suffix}`;
}

/** Teams auto-refreshes a card only for the users listed, at most 60 of them. */
export const MAX_REFRESH_USERS = 60;

/**
 * Whom Teams refreshes a card for by itself: a list of user MRIs (the
 * `29:…` id Teams sends as `activity.from.id`, not the Entra object id), or
 * `chat` to leave `userIds` out, which Teams allows in a chat of at most 60
 * members (every personal chat) and then refreshes for everyone in it.
 * `userIds: []` would turn automatic refresh off, so an empty list is never sent.
 * https://learn.microsoft.com/en-us/microsoftteams/platform/task-modules-and-cards/cards/universal-actions-for-adaptive-cards/work-with-universal-actions-for-adaptive-cards#user-ids-in-refresh
 */
export type RefreshFor = readonly string[] | 'chat';

/** A Teams user MRI: what `refresh.userIds` holds. */
export const USER_MRI = /^29:\S+$/;

/**
 * A `refresh` clause, so whoever opens the card sees its current state (a
 * record saved since, a booking finished, a snooze). Undefined when no
 * audience is given, so a card built without one has no refresh at all.
 * Ids that are not MRIs are dropped: Teams would never match them.
 * https://learn.microsoft.com/en-us/microsoftteams/platform/task-modules-and-cards/cards/universal-actions-for-adaptive-cards/user-specific-views
 */
export function refreshFor(
  data: Omit<RefreshData, 'verb'>,
  audience: RefreshFor | undefined,
): CardElement | undefined {
  if (audience === undefined) return undefined;
  const refreshData: RefreshData = compact<RefreshData>({ verb: 'refresh', ...data });
  const action = { type: 'Action.Execute', verb: 'refresh', data: refreshData };
  if (audience === 'chat') return { action };
  const userIds = [...new Set(audience.filter((id) => USER_MRI.test(id)))].slice(
    0,
    MAX_REFRESH_USERS,
  );
  return userIds.length > 0 ? { action, userIds } : { action };
}
