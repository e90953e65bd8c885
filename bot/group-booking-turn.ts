/**
 * Booking a group from Teams (docs/roster.md#groups): its organiser picks it
 * under `book`, sees the proposal (group-proposal.ts's plan, placed for the
 * quorum) and presses Book. Answered as a one-to-one's Book is
 * (booking-turn.ts): the booked card within `answerWithinMs`, else "under
 * way" at once and the result in its place; a replayed Book never books
 * again; a booking left open by a restart is finished from the card.
 */
import {
  groupBookedCard,
  groupProposalCard,
  type CardAction,
  type GroupBookedView,
  type GroupProposalView,
  type RefreshFor,
} from '../cards/index.ts';
import { londonDate, londonDateTime } from '../rules/index.ts';
import {
  claimGroupBooking,
  finishGroupBooking,
  groupBookingState,
  partiesOf,
  proposeGroup,
  type Actor,
  type AssistantDeps,
  type GroupMeetingRow,
  type PlannableGroup,
} from '../supervision/index.ts';
import {
  answerInTime,
  logFailed,
  problemOf,
  type BookingTurnDeps,
  type ReplaceCard,
} from './booking-turn.ts';
import type { TurnResult } from './turns.ts';
import { nonce, person, seriesViewOf } from './views.ts';

const groupKey = (groupId: number) => `group:${groupId}`;

function meetingsOf(rows: GroupMeetingRow[]): GroupBookedView['meetings'] {
  return rows
    .filter((m) => m.startsAt && m.endsAt)
    .map((m) => ({
      date: londonDate(m.startsAt!),
      time: londonDateTime(m.startsAt!).slice(11, 16),
      durationMinutes: Math.round((m.endsAt!.getTime() - m.startsAt!.getTime()) / 60_000),
    }));
}

function bookedView(
  group: Pick<PlannableGroup, 'id' | 'name'>,
  state: GroupBookedView['state'],
  meetings: GroupMeetingRow[] = [],
  failures: string[] = [],
): GroupBookedView {
  return {
    groupId: group.id,
    name: group.name,
    state,
    meetings: meetingsOf(meetings),
    failures,
    nonce: nonce(),
  };
}

/** "Propose times for <group>" pressed (or the proposal's refresh): the plan booking would make now. */
export async function proposeGroupTurn(
  deps: AssistantDeps,
  actor: Actor,
  groupId: number,
  refresh: RefreshFor | undefined,
  avoid: GroupProposalView['avoid'] = [],
): Promise<TurnResult> {
  const { group, proposal, problem, interrupted } = await proposeGroup(deps, actor, groupId, avoid);
  if (interrupted)
    return {
      card: groupBookedCard(bookedView(group, 'interrupted'), refresh),
      outcome: 'propose-group:interrupted',
    };
  const { organiser } = partiesOf(group);
  const series = (proposal?.series ?? []).map((s) => seriesViewOf(s));
  return {
    card: groupProposalCard(
      {
        groupId: group.id,
        name: group.name,
        type: group.type,
        organiser: person(organiser),
        attendees: proposal?.attendees ?? group.members.length,
        quorum: proposal?.quorum ?? group.quorum,
        durationMinutes: deps.options.sessionMinutes,
        series,
        ...(series.length === 0 && {
          nothingToBook:
            problem ??
            `${group.name}'s meetings are already booked through the next ${deps.options.bookingMonths} months.`,
        }),
        avoid,
        nonce: nonce(),
      },
      refresh,
    ),
    outcome: `propose-group:${series.length}`,
  };
}

/** Book pressed on a group's proposal (or Finish booking, Try again). */
export async function bookGroupTurn(
  ctx: BookingTurnDeps,
  actor: Actor,
  action: Extract<CardAction, { verb: 'bookGroup' }>,
  refresh: RefreshFor | undefined,
  replace: ReplaceCard,
): Promise<TurnResult> {
  const { first, group } = await claimGroupBooking(ctx.deps, actor, action.groupId, action.nonce);
  if (!first) {
    const current = await groupBookingNow(ctx, actor, action.groupId, refresh);
    return { ...current, outcome: `book-group:replayed:${current.outcome.split(':').at(-1)}` };
  }
  const run = (async (): Promise<TurnResult> => {
    try {
      const { report, booked } = await finishGroupBooking(
        ctx.deps,
        actor,
        group,
        action.nonce,
        action.avoid,
      );
      const failures = report.failures.map((f) => f.message);
      return {
        card: groupBookedCard(
          bookedView(group, failures.length > 0 ? 'failed' : 'booked', booked, failures),
          refresh,
        ),
        outcome:
          failures.length > 0
            ? `book-group:failed:${failures.length}`
            : `book-group:${report.booked.sessions}`,
      };
    } catch (error) {
      logFailed(ctx, actor, error);
      return {
        card: groupBookedCard(bookedView(group, 'failed', [], [problemOf(error)]), refresh),
        outcome: 'book-group:error',
      };
    }
  })();
  return answerInTime(ctx, actor, groupKey(group.id), run, replace, {
    card: groupBookedCard(bookedView(group, 'under-way'), refresh),
    outcome: 'book-group:under-way',
  });
}

/** The group booking card's refresh (and a replayed Book's answer). */
export async function groupBookingNow(
  ctx: BookingTurnDeps,
  actor: Actor,
  groupId: number,
  refresh: RefreshFor | undefined,
): Promise<TurnResult> {
  const state = await groupBookingState(ctx.deps, actor, groupId);
  if (ctx.inHand.has(groupKey(groupId)))
    return {
      card: groupBookedCard(bookedView(state.group, 'under-way'), refresh),
      outcome: 'group-booking:under-way',
    };
  if (state.open)
    return {
      card: groupBookedCard(bookedView(state.group, 'interrupted'), refresh),
      outcome: 'group-booking:interrupted',
    };
  if (state.booked.length === 0) return proposeGroupTurn(ctx.deps, actor, groupId, refresh);
  return {
    card: groupBookedCard(bookedView(state.group, 'booked', state.booked), refresh),
    outcome: 'group-booking:booked',
  };
}
