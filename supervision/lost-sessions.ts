/**
 * A session lost — cancelled or declined in Outlook (supervision/reconcile.ts),
 * or recorded as not held — and its replacement (issue 16, item 4). The
 * supervisor is sent a card: what was lost, who lost it and why (asked when
 * Outlook cannot say: Solihull allows cancelling only for "annual leave,
 * sickness or court", 000), and a time both people are free before the latest
 * date the session may fall, with Book and Another time. Book places one
 * session, through booking's intents like any other (a retry converges on the
 * same event), and the lost one records what replaced it.
 *
 * The proposal is worked out when the card is built, from the calendars of
 * that moment: a card opened days later proposes a time still free.
 */
import {
  CadenceError,
  addDays,
  addWorkingDays,
  londonDate,
  londonDateTime,
  type IsoDate,
} from '../rules/index.ts';
import type { AssistantDeps } from './assistant.ts';
import { NO_AVAILABILITY, toAvailability } from './availability.ts';
import { bookReplacement } from './booking.ts';
import { notFoundOrNotYours } from './not-allowed.ts';
import { proposeSlot } from './planner.ts';
import type { Actor, LostSessionRow, NotHeldReason } from './ports/index.ts';

/** How far ahead a replacement is looked for when the lost session's latest date has passed (or is unknown). */
const FALLBACK_WORKING_DAYS = 5;

export interface LostSessionState {
  lost: LostSessionRow;
  /** The last day the replacement may fall on. */
  latest: IsoDate;
  /** A time both are free by `latest`; null when there is none (or Outlook is not connected). */
  proposal: { start: Date; end: Date } | null;
  /** Why there is no proposal, in words for the card. */
  noProposal?: string;
  /** Outlook could not be read: asking again may find a time. */
  retry?: boolean;
}

/** The lost session's card state, for its supervisor only; `avoid` are starts turned down with Another time. */
export async function lostSessionState(
  deps: AssistantDeps,
  actor: Actor,
  sessionId: number,
  avoid: readonly Date[] = [],
): Promise<LostSessionState> {
  const lost = await deps.lost.lostSession(sessionId);
  if (!lost || lost.supervisor.id !== actor.id) throw notFoundOrNotYours('session');
  const today = londonDate(deps.clock.now());
  const latest =
    lost.dueOn && lost.dueOn > today
      ? (lost.dueOn as IsoDate)
      : addWorkingDays(today, FALLBACK_WORKING_DAYS);
  if (lost.replacedBy) return { lost, latest, proposal: null };
  const calendar = deps.booking?.calendar;
  if (!calendar)
    return {
      lost,
      latest,
      proposal: null,
      noProposal: 'Outlook is not connected to Cadence here, so no time can be proposed',
    };
  let answers;
  try {
    [answers] = await calendar.availability([
      {
        mailboxes: [lost.supervisor.upn, lost.supervisee.upn],
        from: `${addDays(today, 1)}T00:00:00`,
        to: `${latest}T23:59:59`,
      },
    ]);
  } catch {
    // Graph down or refusing: the card still says what was lost, and offers to try again.
    return {
      lost,
      latest,
      proposal: null,
      noProposal: 'Outlook could not be read just now, so no time can be proposed yet',
      retry: true,
    };
  }
  const of = (upn: string) => {
    const answer = answers?.find((a) => a.mailbox.toLowerCase() === upn.toLowerCase());
    return answer ? toAvailability(answer) : NO_AVAILABILITY;
  };
  const minutes = Math.round((lost.endsAt.getTime() - lost.startsAt.getTime()) / 60_000) || 60;
  // A time turned down is busy for this proposal.
  const supervisor = of(lost.supervisor.upn);
  const turnedDown = avoid.map((start) => ({
    start,
    end: new Date(start.getTime() + minutes * 60_000),
  }));
  const wanted = londonDateTime(lost.startsAt);
  const proposal = proposeSlot({
    wanted: {
      date: (wanted.slice(0, 10) > today ? wanted.slice(0, 10) : addDays(today, 1)) as IsoDate,
      time: wanted.slice(11, 16),
    },
    earliest: addDays(today, 1),
    latest,
    durationMinutes: minutes,
    supervisor: { ...supervisor, busy: [...supervisor.busy, ...turnedDown] },
    supervisee: of(lost.supervisee.upn),
  });
  return proposal
    ? { lost, latest, proposal }
    : {
        lost,
        latest,
        proposal: null,
        noProposal: `no time both of you are free by ${latest}${avoid.length > 0 ? ' other than those turned down' : ''}`,
      };
}

/** The reason the supervisor gave on the card (Book or Another time), kept unless one is known already. */
export async function keepLostReason(
  deps: AssistantDeps,
  actor: Actor,
  sessionId: number,
  reason: NotHeldReason | undefined,
): Promise<void> {
  if (!reason) return;
  const lost = await deps.lost.lostSession(sessionId);
  if (!lost || lost.supervisor.id !== actor.id) throw notFoundOrNotYours('session');
  if (!lost.reason) await deps.lost.setLostReason(sessionId, reason);
}

/**
 * Book on the lost session's card: keeps the reason given, then books one
 * session at `start` (what the card proposed) and records it as the
 * replacement. A second press, or a replay, books nothing more.
 */
export async function rebookLost(
  deps: AssistantDeps,
  actor: Actor,
  choice: { sessionId: number; start: Date; reason?: NotHeldReason | undefined },
): Promise<{ replacement: number; replayed: boolean }> {
  const lost = await deps.lost.lostSession(choice.sessionId);
  if (!lost || lost.supervisor.id !== actor.id) throw notFoundOrNotYours('session');
  await keepLostReason(deps, actor, lost.sessionId, choice.reason);
  if (lost.replacedBy) return { replacement: lost.replacedBy.sessionId, replayed: true };
  const booking = deps.booking;
  if (!booking)
    throw new CadenceError(
      'Outlook is not connected to Cadence here: book the replacement in Outlook',
    );
  const minutes = Math.round((lost.endsAt.getTime() - lost.startsAt.getTime()) / 60_000) || 60;
  const start = choice.start;
  await bookReplacement(
    { ...booking, clock: deps.clock },
    {
      replaces: lost.sessionId,
      relationshipId: lost.relationshipId,
      type: lost.type,
      start: choice.start,
      end: new Date(choice.start.getTime() + minutes * 60_000),
      latest: (lost.dueOn ?? londonDate(choice.start)) as IsoDate,
    },
  );
  // The session the replacement's intent wrote: the relationship's, starting at that instant.
  const booked = await deps.store.upcomingSessions(
    lost.supervisee.id,
    new Date(start.getTime() - 60_000),
    new Date(start.getTime() + 60_000),
  );
  const replacement = booked.find(
    (s) => s.relationshipId === lost.relationshipId && s.startsAt?.getTime() === start.getTime(),
  );
  if (!replacement)
    throw new CadenceError('the replacement was not booked: press Book again to retry');
  await deps.lost.setReplacedBy(lost.sessionId, replacement.sessionId);
  deps.overdueCache?.clear();
  return { replacement: replacement.sessionId, replayed: false };
}
