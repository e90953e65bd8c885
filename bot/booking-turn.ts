/**
 * Book from the proposal card, within Teams' time limit. Teams shows the
 * person an error when an `adaptiveCard/action` invoke is not answered
 * within 10 to 15 seconds (the Bot Connector answers the client 504
 * GatewayTimeout: https://learn.microsoft.com/azure/bot-service/bot-builder-howto-long-operations-guidance,
 * and Microsoft's answer in https://github.com/MicrosoftDocs/msteams-docs/issues/6461),
 * and booking can wait minutes on Outlook's Retry-After. So:
 *
 * 1. The nonce is claimed and the supervisor checked at once (the store only).
 * 2. Booking starts; if it is done within `answerWithinMs` (1.5 s), the answer
 *    is the booked card, as before.
 * 3. Otherwise the answer is a "booking under way" card, and when booking
 *    ends its result (the booked card, or what failed and a Try again
 *    button) replaces that card in place, through `replace` (updateActivity
 *    on the card's message, bot/adapter.ts).
 *
 * A replayed Book (double click, second device) never books again: while
 * the booking runs here it is answered "under way"; after, with the booked
 * sessions, or, when a series is still open and nothing runs here (Cadence
 * was restarted mid-booking), with a Finish booking button. Booking resumes
 * open series before planning anything, so finishing books nothing twice.
 */
import {
  bookedCard,
  bookingCard,
  type BookingView,
  type Card,
  type CardAction,
  type RefreshFor,
} from '../cards/index.ts';
import { CadenceError } from '../rules/index.ts';
import {
  assistant,
  type Actor,
  type AssistantDeps,
  type SessionRow,
} from '../supervision/index.ts';
import { backoffMs } from './teams-delivery.ts';
import type { TurnResult } from './turns.ts';
import { bookedSessionView, nonce, person } from './views.ts';

/** How long Book waits for booking before answering "under way": well inside the 3 s Cadence promises, and Teams' 10 s. */
export const ANSWER_WITHIN_MS = 1_500;
/** An update sent this soon after the answer could reach the client first, and be overwritten by it. */
const UPDATE_AFTER_ANSWER_MS = 1_000;
/** Attempts at replacing the card once booking ends (429, a 5xx, a network failure). */
const REPLACE_ATTEMPTS = 4;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Bookings running in this process, by what is booked: a relationship
 * (`rel:<id>`) or a group (`group:<id>`, bot/group-booking-turn.ts).
 */
export class BookingsInHand {
  private readonly running = new Map<string, Promise<unknown>>();

  has(key: string): boolean {
    return this.running.has(key);
  }

  /** Keeps `work` as that booking until it settles. */
  track(key: string, work: Promise<unknown>): void {
    const settled = work.then(
      () => undefined,
      () => undefined,
    );
    this.running.set(key, settled);
    void settled.then(() => {
      if (this.running.get(key) === settled) this.running.delete(key);
    });
  }

  /** Resolves when no booking is in hand (a graceful stop, tests). */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running.values()]);
  }
}

const relationshipKey = (relationshipId: number) => `rel:${relationshipId}`;

/** Replaces the card the person pressed Book on (in a later, proactive turn). */
export type ReplaceCard = (card: Card) => Promise<void>;

export interface BookingTurnDeps {
  deps: AssistantDeps;
  inHand: BookingsInHand;
  /** Told what happened in the background: ids and outcomes only. */
  log: (event: {
    event: string;
    level?: 'warn' | 'error';
    actor?: number;
    outcome?: string;
    ms?: number;
    error?: string;
  }) => void;
  answerWithinMs?: number;
}

type BookAction = Extract<CardAction, { verb: 'book' }>;
type Relationship = Awaited<ReturnType<typeof assistant.claimBooking>>['relationship'];

function viewOf(
  relationship: Relationship,
  choice: { durationMinutes: number; avoid: BookingView['avoid'] },
): Omit<BookingView, 'state' | 'nonce'> {
  return {
    relationshipId: relationship.relationshipId,
    supervisor: person(relationship.supervisor),
    supervisee: person(relationship.supervisee),
    durationMinutes: choice.durationMinutes,
    avoid: choice.avoid,
  };
}

function bookedOf(
  relationship: Relationship,
  sessions: SessionRow[],
  extra: {
    moved?: number;
    unplaceable?: number;
    failures?: string[];
    retry?: { durationMinutes: number; avoid: BookingView['avoid'] };
  } = {},
): Card {
  const failures = extra.failures ?? [];
  return bookedCard({
    relationshipId: relationship.relationshipId,
    supervisor: person(relationship.supervisor),
    supervisee: person(relationship.supervisee),
    sessions: sessions.map(bookedSessionView),
    moved: extra.moved ?? 0,
    unplaceable: extra.unplaceable ?? 0,
    failures,
    ...(extra.retry && failures.length > 0 ? { retry: { ...extra.retry, nonce: nonce() } } : {}),
  });
}

/** Booking threw: the error's name only, never its message (it may quote Outlook's answer). */
export function logFailed(ctx: BookingTurnDeps, actor: Actor, error: unknown): void {
  ctx.log({
    event: 'booking-failed',
    level: 'error',
    actor: actor.id,
    error: error instanceof Error ? error.name : 'unknown',
  });
}

/** What the person reads when booking threw: a CadenceError says what to do; anything else is Outlook or the store failing. */
export function problemOf(error: unknown): string {
  if (error instanceof CadenceError) return error.message;
  return 'Outlook or Cadence’s database could not be reached while booking.';
}

/** Book pressed: answered within `answerWithinMs`, the rest in the background (see the file's comment). */
export async function bookTurn(
  ctx: BookingTurnDeps,
  actor: Actor,
  action: BookAction,
  refresh: RefreshFor | undefined,
  replace: ReplaceCard,
): Promise<TurnResult> {
  const { deps } = ctx;
  const { first, relationship } = await assistant.claimBooking(
    deps,
    actor,
    action.relationshipId,
    action.nonce,
  );
  if (!first) {
    const current = await bookingNow(ctx, actor, action.relationshipId, refresh, action);
    return { ...current, outcome: `book:replayed:${current.outcome.replace(/^booking:/, '')}` };
  }
  const view = viewOf(relationship, action);
  const run = (async (): Promise<TurnResult> => {
    try {
      const { report, booked } = await assistant.finishBooking(deps, actor, relationship, action);
      const failures = report.failures.map((f) => f.message);
      const card = bookedOf(relationship, booked, {
        moved: report.booked.moved,
        unplaceable: report.booked.cancelled,
        failures,
        retry: action,
      });
      return {
        card,
        outcome:
          failures.length > 0 ? `book:failed:${failures.length}` : `book:${report.booked.sessions}`,
      };
    } catch (error) {
      logFailed(ctx, actor, error);
      return {
        card: bookingCard(
          { ...view, state: 'failed', problem: problemOf(error), nonce: nonce() },
          refresh,
        ),
        outcome: 'book:error',
      };
    }
  })();
  return answerInTime(ctx, actor, relationshipKey(relationship.relationshipId), run, replace, {
    card: bookingCard({ ...view, state: 'under-way', nonce: action.nonce }, refresh),
    outcome: 'book:under-way',
  });
}

/**
 * Answers with `run`'s result when it is done within `answerWithinMs`;
 * otherwise with `underWay` at once, and `run`'s card replaces it when it
 * ends. The booking is tracked under `key` until then.
 */
export async function answerInTime(
  ctx: BookingTurnDeps,
  actor: Actor,
  key: string,
  run: Promise<TurnResult>,
  replace: ReplaceCard,
  underWay: TurnResult,
): Promise<TurnResult> {
  const started = performance.now();
  ctx.inHand.track(key, run);
  const inTime = await Promise.race([
    run,
    sleep(ctx.answerWithinMs ?? ANSWER_WITHIN_MS).then(() => null),
  ]);
  if (inTime) return inTime;

  const answeredAt = performance.now();
  ctx.inHand.track(
    key,
    run.then(async (result) => {
      await sleep(Math.max(0, answeredAt + UPDATE_AFTER_ANSWER_MS - performance.now()));
      await replaceWithRetries(ctx, actor, replace, result.card);
      ctx.log({
        event: 'booking-finished',
        actor: actor.id,
        outcome: result.outcome,
        ms: Math.round(performance.now() - started),
      });
    }),
  );
  return underWay;
}

async function replaceWithRetries(
  ctx: BookingTurnDeps,
  actor: Actor,
  replace: ReplaceCard,
  card: Card,
): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await replace(card);
      return;
    } catch (error) {
      if (attempt + 1 >= REPLACE_ATTEMPTS) {
        // The card stays "under way"; its refresh shows the booking as it stands when it is next opened.
        ctx.log({
          event: 'booking-card-not-updated',
          level: 'warn',
          actor: actor.id,
          error: error instanceof Error ? error.name : 'unknown',
        });
        return;
      }
      await sleep(backoffMs(attempt));
    }
  }
}

/**
 * The booking card's refresh (and a replayed Book's answer): under way while
 * it runs here; Finish booking when a series is still open and nothing runs
 * here; otherwise the sessions booked.
 */
export async function bookingNow(
  ctx: BookingTurnDeps,
  actor: Actor,
  relationshipId: number,
  refresh: RefreshFor | undefined,
  choice: { durationMinutes?: number | undefined; avoid?: BookingView['avoid'] } = {},
): Promise<TurnResult> {
  const state = await assistant.bookingState(ctx.deps, actor, relationshipId);
  const view = viewOf(state.relationship, {
    durationMinutes: choice.durationMinutes ?? ctx.deps.options.sessionMinutes,
    avoid: choice.avoid ?? [],
  });
  if (ctx.inHand.has(relationshipKey(relationshipId)))
    return {
      card: bookingCard({ ...view, state: 'under-way', nonce: nonce() }, refresh),
      outcome: 'booking:under-way',
    };
  if (state.open)
    return {
      card: bookingCard({ ...view, state: 'interrupted', nonce: nonce() }, refresh),
      outcome: 'booking:interrupted',
    };
  return { card: bookedOf(state.relationship, state.booked), outcome: 'booking:booked' };
}
