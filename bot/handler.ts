/**
 * The Teams activity handler: identifies the person by `from.aadObjectId`,
 * keeps their conversation reference (on install and on every message) for
 * proactive messages, routes text to commands and card actions to their
 * verbs. Universal Actions (`Action.Execute`) come as `adaptiveCard/action`
 * invokes and are answered with the updated card, which Teams puts in place
 * of the old one; `Action.Submit` (older clients) comes as a message with a
 * value and is answered with a new card.
 * https://learn.microsoft.com/en-us/microsoftteams/platform/task-modules-and-cards/cards/universal-actions-for-adaptive-cards/work-with-universal-actions-for-adaptive-cards
 */
import {
  ActivityTypes,
  TeamsActivityHandler,
  TurnContext,
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
  type ConversationReference,
  type SearchInvokeResponse,
  type SearchInvokeValue,
} from 'botbuilder';
import {
  attachmentOf,
  noticeCard,
  parseCardAction,
  type Card,
  type CardAction,
  type RefreshFor,
} from '../cards/index.ts';
import {
  assistant,
  type Actor,
  type AssistantDeps,
  type EventLog,
  type LogEvent,
} from '../supervision/index.ts';
import { messageUpdater } from './adapter.ts';
import { admissionOf, PERSONAL_CHAT_ONLY } from './admission.ts';
import { bookingNow, BookingsInHand, bookTurn, type ReplaceCard } from './booking-turn.ts';
import { bookGroupTurn, groupBookingNow } from './group-booking-turn.ts';
import { commandOf } from './commands.ts';
import { refreshSent } from './proactive-refresh.ts';
import { peopleSearch } from './people-search.ts';
import { failure, runAction, runCommand, type TurnResult } from './turns.ts';

export interface ConversationBook {
  /** Saves the person's reference; true when it is the first for them. */
  save(aadObjectId: string, reference: Partial<ConversationReference>): Promise<boolean>;
  uninstalled(aadObjectId: string): Promise<void>;
}

const CONVERSATION_TYPES = new Set(['personal', 'groupChat', 'channel']);

/** Teams' conversation type, from its fixed list. */
function conversationOf(context: TurnContext): string {
  const type = context.activity.conversation?.conversationType;
  return type && CONVERSATION_TYPES.has(type) ? type : 'other';
}

export interface BotPorts {
  deps: AssistantDeps;
  /** The council's tenant (MicrosoftAppTenantId): activities from any other are not answered (bot/admission.ts). */
  tenantId: string | null;
  conversations: ConversationBook;
  log: EventLog;
  /** Bookings running in the background (bot/booking-turn.ts); one of its own when absent. */
  bookings?: BookingsInHand;
  /** How long Book waits for booking before answering "under way" (bot/booking-turn.ts). */
  answerWithinMs?: number;
}

const NOT_IN_ROSTER: Card = noticeCard({
  title: 'You are not in Cadence yet',
  text: "Cadence could not find you in your council's roster. Ask your Cadence administrator to import the roster with your Microsoft 365 account.",
  tone: 'warning',
});

export class CadenceBot extends TeamsActivityHandler {
  /** Bookings this process is running: `idle()` waits for them (a graceful stop, tests). */
  readonly bookings: BookingsInHand;

  constructor(private readonly ports: BotPorts) {
    super();
    this.bookings = ports.bookings ?? new BookingsInHand();
    this.onMessage(async (context, next) => {
      await this.remember(context);
      await this.message(context);
      await next();
    });
    this.onInstallationUpdateAdd(async (context, next) => {
      const isNew = await this.remember(context);
      const actor = await this.actorOf(context);
      if (isNew)
        await context.sendActivity({
          attachments: [
            attachmentOf(
              actor ? (await runCommand(ports.deps, actor, 'help')).card : NOT_IN_ROSTER,
            ),
          ],
        });
      await next();
    });
    this.onInstallationUpdateRemove(async (context, next) => {
      const aad = context.activity.from?.aadObjectId;
      if (aad) await ports.conversations.uninstalled(aad);
      await next();
    });
  }

  /**
   * Every activity passes bot/admission.ts first: another tenant's or another
   * channel's gets nothing (an invoke is answered 501 by botbuilder, as for
   * any invoke a bot does not handle), and a group chat's or a channel's
   * gets the short "personal chat" answer; neither is remembered.
   */
  override async run(context: TurnContext): Promise<void> {
    const admission = admissionOf(context.activity, this.ports.tenantId);
    if (admission.kind === 'answer') return super.run(context);
    const type: string = context.activity.type;
    if (admission.kind === 'ignore') {
      this.ports.log({
        event: 'activity-ignored',
        level: 'warn',
        outcome: admission.reason,
        ...(type && { verb: activityKind(type) }),
      });
      return;
    }
    const notice = noticeCard({
      title: 'Talk to me in a personal chat',
      text: PERSONAL_CHAT_ONLY,
      tone: 'warning',
    });
    if (type === 'message') {
      await context.sendActivity(PERSONAL_CHAT_ONLY);
    } else if (type === 'invoke' && context.activity.name === 'adaptiveCard/action') {
      await context.sendActivity({
        type: 'invokeResponse',
        value: {
          status: 200,
          body: { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: notice },
        },
      });
    } else if (type === 'installationUpdate' && context.activity.action === 'add') {
      // Added to a group chat or a team: say once what Cadence does there (nothing), and where to find it.
      await context.sendActivity(PERSONAL_CHAT_ONLY);
    }
    this.ports.log({
      event: 'turn',
      actor: null,
      conversation: admission.conversation,
      outcome: 'personal-chat-only',
      ...(type && { verb: activityKind(type) }),
    });
  }

  /** Only a personal chat's reference is kept (run() lets nothing else through): proactive messages go only there. */
  private async remember(context: TurnContext): Promise<boolean> {
    const aad = context.activity.from?.aadObjectId;
    if (!aad || context.activity.conversation?.conversationType !== 'personal') return false;
    return this.ports.conversations.save(
      aad,
      TurnContext.getConversationReference(context.activity),
    );
  }

  private async actorOf(context: TurnContext): Promise<Actor | null> {
    const aad = context.activity.from?.aadObjectId;
    return aad ? assistant.identify(this.ports.deps, aad) : null;
  }

  private async message(context: TurnContext): Promise<void> {
    const started = performance.now();
    const actor = await this.actorOf(context);
    const value = context.activity.value as Record<string, unknown> | undefined;
    // What the turn was, in words from fixed lists only: the text itself is never kept.
    const said: Pick<LogEvent, 'command' | 'verb'> = {};
    let result: TurnResult;
    if (value && typeof value === 'object') {
      // Action.Submit, from a client without Universal Actions.
      const parsed = parseCardAction(value);
      said.verb = parsed.ok ? parsed.action.verb : 'tampered';
      if (parsed.ok && parsed.action.verb === 'command') said.command = parsed.action.command;
      // The answer is a new message here; a booking that ends later replaces it once it is sent.
      const answer: { id?: string | undefined } = {};
      const update = messageUpdater(context);
      const replace: ReplaceCard = async (card) => {
        if (!answer.id) throw new Error('the answer has not been sent yet');
        await update(answer.id, { attachments: [attachmentOf(card)] });
      };
      result = !actor
        ? { card: NOT_IN_ROSTER, outcome: 'unknown-person' }
        : parsed.ok
          ? await this.act(actor, parsed.action, undefined, replace)
          : tampered(parsed.fields);
      answer.id = (
        await context.sendActivity({
          type: ActivityTypes.Message,
          attachments: [attachmentOf(result.card)],
        })
      )?.id;
      this.logTurn(context, actor, said, result, started);
      return;
    } else {
      const command = commandOf(context.activity.text);
      said.command = command ?? 'unrecognised';
      result = !actor
        ? { card: NOT_IN_ROSTER, outcome: 'unknown-person' }
        : await runCommand(this.ports.deps, actor, command);
    }
    await context.sendActivity({
      type: ActivityTypes.Message,
      attachments: [attachmentOf(result.card)],
    });
    this.logTurn(context, actor, said, result, started);
  }

  private logTurn(
    context: TurnContext,
    actor: Actor | null,
    said: Pick<LogEvent, 'command' | 'verb'>,
    result: TurnResult,
    started: number,
  ): void {
    this.ports.log({
      event: 'turn',
      actor: actor?.id ?? null,
      conversation: conversationOf(context),
      ...said,
      outcome: result.outcome,
      ms: Math.round(performance.now() - started),
    });
  }

  /**
   * A card action: Book and the booking card's refresh go to booking-turn.ts
   * (a group's to group-booking-turn.ts)
   * (booking runs past Teams' time limit), a proactive card's refresh to
   * proactive-refresh.ts, everything else to turns.ts.
   */
  private async act(
    actor: Actor,
    action: CardAction,
    refresh: RefreshFor | undefined,
    replace: ReplaceCard,
  ): Promise<TurnResult> {
    const booking = {
      deps: this.ports.deps,
      inHand: this.bookings,
      log: this.ports.log,
      ...(this.ports.answerWithinMs !== undefined && { answerWithinMs: this.ports.answerWithinMs }),
    };
    try {
      if (action.verb === 'book') return await bookTurn(booking, actor, action, refresh, replace);
      if (action.verb === 'bookGroup')
        return await bookGroupTurn(booking, actor, action, refresh, replace);
      if (action.verb === 'refresh' && action.card === 'group-booking' && action.groupId)
        return await groupBookingNow(booking, actor, action.groupId, refresh);
      if (action.verb === 'refresh' && action.card === 'booking' && action.relationshipId)
        return await bookingNow(booking, actor, action.relationshipId, refresh);
      if (
        action.verb === 'refresh' &&
        action.key &&
        (action.card === 'chase' || action.card === 'escalation')
      )
        return await refreshSent(this.ports.deps, actor, action.key, refresh);
    } catch (error) {
      return failure(error);
    }
    return runAction(this.ports.deps, actor, action, refresh);
  }

  /** The record card's owner typeahead (bot/people-search.ts): people by name, as Teams asks while one is typed. */
  protected override async onSearchInvoke(
    context: TurnContext,
    invokeValue: SearchInvokeValue,
  ): Promise<SearchInvokeResponse> {
    const started = performance.now();
    const actor = await this.actorOf(context);
    const results = await peopleSearch(this.ports.deps, actor, invokeValue);
    this.ports.log({
      event: 'card-action',
      actor: actor?.id ?? null,
      conversation: conversationOf(context),
      verb: 'search',
      outcome: `search:${results.length}`,
      ms: Math.round(performance.now() - started),
    });
    return {
      statusCode: 200,
      type: 'application/vnd.microsoft.search.searchResponse',
      value: { results },
    };
  }

  protected override async onAdaptiveCardInvoke(
    context: TurnContext,
    invokeValue: AdaptiveCardInvokeValue,
  ): Promise<AdaptiveCardInvokeResponse> {
    const started = performance.now();
    await this.remember(context);
    const actor = await this.actorOf(context);
    const data = { ...(invokeValue.action?.data ?? {}), verb: invokeValue.action?.verb };
    const parsed = parseCardAction(data);
    // Teams refreshes a card by itself only for the user MRIs in refresh.userIds: the `29:…` from.id, not the Entra object id
    // (https://learn.microsoft.com/en-us/microsoftteams/platform/task-modules-and-cards/cards/universal-actions-for-adaptive-cards/work-with-universal-actions-for-adaptive-cards#user-ids-in-refresh).
    const mri = context.activity.from?.id;
    const refresh: RefreshFor | undefined = mri ? [mri] : undefined;
    // The card pressed is in the message the invoke replies to: a booking that ends later replaces it there.
    const pressedOn = context.activity.replyToId;
    const update = messageUpdater(context);
    const replace: ReplaceCard = async (card) => {
      if (!pressedOn) throw new Error('the invoke named no message to update');
      await update(pressedOn, { attachments: [attachmentOf(card)] });
    };
    const result = !actor
      ? { card: NOT_IN_ROSTER, outcome: 'unknown-person' }
      : parsed.ok
        ? await this.act(actor, parsed.action, refresh, replace)
        : tampered(parsed.fields);
    this.ports.log({
      event: 'card-action',
      actor: actor?.id ?? null,
      conversation: conversationOf(context),
      verb: parsed.ok ? parsed.action.verb : 'tampered',
      ...(parsed.ok && parsed.action.verb === 'command' && { command: parsed.action.command }),
      outcome: result.outcome,
      ms: Math.round(performance.now() - started),
    });
    return { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: result.card };
  }
}

const ACTIVITY_KINDS = new Set<string>(Object.values(ActivityTypes));

/** An activity's type for the log, from botbuilder's fixed list ("other" for anything else). */
function activityKind(type: string): string {
  return ACTIVITY_KINDS.has(type) ? type : 'other';
}

/** A card whose data does not parse: tampered, or from an older Cadence. Nothing is applied. */
function tampered(fields: string[]): TurnResult {
  return {
    card: noticeCard({
      title: 'This card could not be read',
      text: `Its data was not what Cadence sent (${fields.slice(0, 5).join(', ')}), so nothing was changed. Ask again for a fresh card.`,
      tone: 'attention',
      next: 'help',
    }),
    outcome: `tampered:${fields.length}`,
  };
}
