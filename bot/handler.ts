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
  CardFactory,
  TeamsActivityHandler,
  TurnContext,
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
  type ConversationReference,
} from 'botbuilder';
import { attachmentOf, noticeCard, parseCardAction, type Card } from '../cards/index.ts';
import { assistant, type Actor, type AssistantDeps } from '../supervision/index.ts';
import { commandOf } from './commands.ts';
import { runAction, runCommand, type TurnResult } from './turns.ts';

export interface ConversationBook {
  /** Saves the person's reference; true when it is the first for them. */
  save(aadObjectId: string, reference: Partial<ConversationReference>): Promise<boolean>;
  uninstalled(aadObjectId: string): Promise<void>;
}

/** One line per turn: ids and outcomes, never what anyone typed. */
export type TurnLog = (event: { event: string; actor?: number | null; verb?: string; outcome?: string; ms?: number; error?: string }) => void;

export interface BotPorts {
  deps: AssistantDeps;
  conversations: ConversationBook;
  log: TurnLog;
}

const NOT_IN_ROSTER: Card = noticeCard({
  title: 'You are not in Cadence yet',
  text: "Cadence could not find you in your council's roster. Ask your Cadence administrator to import the roster with your Microsoft 365 account.",
  tone: 'warning',
});

export class CadenceBot extends TeamsActivityHandler {
  constructor(private readonly ports: BotPorts) {
    super();
    this.onMessage(async (context, next) => {
      await this.remember(context);
      await this.message(context);
      await next();
    });
    this.onInstallationUpdateAdd(async (context, next) => {
      const isNew = await this.remember(context);
      const actor = await this.actorOf(context);
      if (isNew) await context.sendActivity({ attachments: [attachmentOf(actor ? (await runCommand(ports.deps, actor, 'help')).card : NOT_IN_ROSTER)] });
      await next();
    });
    this.onInstallationUpdateRemove(async (context, next) => {
      const aad = context.activity.from?.aadObjectId;
      if (aad) await ports.conversations.uninstalled(aad);
      await next();
    });
  }

  private async remember(context: TurnContext): Promise<boolean> {
    const aad = context.activity.from?.aadObjectId;
    if (!aad || context.activity.conversation?.conversationType === 'channel') return false;
    return this.ports.conversations.save(aad, TurnContext.getConversationReference(context.activity));
  }

  private async actorOf(context: TurnContext): Promise<Actor | null> {
    const aad = context.activity.from?.aadObjectId;
    return aad ? assistant.identify(this.ports.deps, aad) : null;
  }

  private async message(context: TurnContext): Promise<void> {
    const started = performance.now();
    const actor = await this.actorOf(context);
    const value = context.activity.value as Record<string, unknown> | undefined;
    let result: TurnResult;
    let verb: string;
    if (!actor) {
      result = { card: NOT_IN_ROSTER, outcome: 'unknown-person' };
      verb = 'unknown';
    } else if (value && typeof value === 'object') {
      const parsed = parseCardAction(value);
      verb = parsed.ok ? parsed.action.verb : 'tampered';
      result = parsed.ok ? await runAction(this.ports.deps, actor, parsed.action) : tampered(parsed.fields);
    } else {
      const command = commandOf(context.activity.text);
      verb = command ?? 'unknown-text';
      result = await runCommand(this.ports.deps, actor, command);
    }
    await context.sendActivity({ type: ActivityTypes.Message, attachments: [attachmentOf(result.card)] });
    this.ports.log({ event: 'turn', actor: actor?.id ?? null, verb, outcome: result.outcome, ms: Math.round(performance.now() - started) });
  }

  protected override async onAdaptiveCardInvoke(context: TurnContext, invokeValue: AdaptiveCardInvokeValue): Promise<AdaptiveCardInvokeResponse> {
    const started = performance.now();
    await this.remember(context);
    const actor = await this.actorOf(context);
    const data = { ...(invokeValue.action?.data ?? {}), verb: invokeValue.action?.verb };
    const parsed = parseCardAction(data);
    const aad = context.activity.from?.aadObjectId;
    const result = !actor
      ? { card: NOT_IN_ROSTER, outcome: 'unknown-person' }
      : parsed.ok
        ? await runAction(this.ports.deps, actor, parsed.action, aad ? [aad] : undefined)
        : tampered(parsed.fields);
    this.ports.log({ event: 'card-action', actor: actor?.id ?? null, verb: parsed.ok ? parsed.action.verb : 'tampered', outcome: result.outcome, ms: Math.round(performance.now() - started) });
    return { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: result.card };
  }
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

export { CardFactory };
