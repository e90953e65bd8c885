/**
 * Booking a group from Teams (docs/roster.md#groups): the person who
 * organises a group's meetings (its facilitator, or with peers taking turns
 * the first member) sees its proposal — the series, the members invited and
 * the quorum it was placed for — and books it with one press, as a supervisor
 * books a one-to-one (assistant.ts propose / claimBooking / finishBooking).
 * Anyone else gets the one refusal that names no group (not-allowed.ts).
 * The members learn of it from Outlook's invitation, as for a group booked
 * by the daily job.
 */
import { bookedCardEnd, bookingOf, type AssistantDeps } from './assistant.ts';
import { book, type BookingReport } from './booking.ts';
import { partiesOf, type GroupProposal } from './group-proposal.ts';
import { notFoundOrNotYours } from './not-allowed.ts';
import type { Actor, GroupMeetingRow, PlannableGroup } from './ports/index.ts';

/** The groups whose meetings this person organises, with the last meeting booked from now on. */
export async function groupsToBook(deps: AssistantDeps, actor: Actor): Promise<PlannableGroup[]> {
  if (!deps.booking) return [];
  return deps.booking.store.listBookableGroups({ supervisorUpn: actor.upn }, deps.clock.now());
}

/** A group whose meetings the actor organises; any other (none, someone else's) gets the one refusal. */
async function ownGroup(deps: AssistantDeps, actor: Actor, groupId: number) {
  const [group] = await bookingOf(deps).store.listBookableGroups({ groupId }, deps.clock.now());
  if (!group || partiesOf(group).organiser.upn.toLowerCase() !== actor.upn.toLowerCase())
    throw notFoundOrNotYours('group');
  return group;
}

/** Slots the organiser turned down with Another time (the proposal card carries them to Book). */
type Avoid = readonly { weekday: number; time: string }[];

function run(
  deps: AssistantDeps,
  groupId: number,
  dryRun: boolean,
  avoid: Avoid,
): Promise<BookingReport> {
  return book(
    { ...bookingOf(deps), clock: deps.clock },
    { groupId },
    {
      dryRun,
      horizonMonths: deps.options.bookingMonths,
      durationMinutes: deps.options.sessionMinutes,
      avoid,
    },
  );
}

/** What booking the group would do now, written nowhere: its proposal, or why nothing can be booked. */
export async function proposeGroup(
  deps: AssistantDeps,
  actor: Actor,
  groupId: number,
  avoid: Avoid = [],
): Promise<{
  group: PlannableGroup;
  proposal: GroupProposal | null;
  problem: string | null;
  /** A Book of this group left a series open: finishing it comes before any new proposal. */
  interrupted: boolean;
}> {
  const group = await ownGroup(deps, actor, groupId);
  const report = await run(deps, groupId, true, avoid);
  return {
    group,
    proposal: report.groups[0] ?? null,
    problem: report.failures[0]?.message ?? null,
    interrupted: report.resumed > 0,
  };
}

/** The group's booked meetings from now through the booking horizon: what the booked card lists. */
async function upcomingOf(deps: AssistantDeps, actor: Actor, groupId: number) {
  const now = deps.clock.now();
  return (await deps.groups.upcomingGroupMeetings(actor.id, now, bookedCardEnd(deps))).filter(
    (m) => m.groupId === groupId,
  );
}

/** The quick half of Book: the actor organises the group, Outlook is connected, the nonce is claimed (false for a replay). */
export async function claimGroupBooking(
  deps: AssistantDeps,
  actor: Actor,
  groupId: number,
  nonce: string,
): Promise<{ first: boolean; group: PlannableGroup }> {
  const group = await ownGroup(deps, actor, groupId);
  bookingOf(deps);
  return { first: await deps.store.claimNonce(nonce, 'book', actor.id), group };
}

/**
 * The slow half of Book: books the group (or finishes a series a Book left
 * open). Booking is idempotent, so a failed run releases the nonce and
 * pressing Book again resumes it.
 */
export async function finishGroupBooking(
  deps: AssistantDeps,
  actor: Actor,
  group: PlannableGroup,
  nonce: string,
  avoid: Avoid = [],
): Promise<{ report: BookingReport; booked: GroupMeetingRow[] }> {
  let report: BookingReport;
  try {
    deps.overdueCache?.clear();
    report = await run(deps, group.id, false, avoid);
  } catch (error) {
    await deps.store.releaseNonce(nonce);
    throw error;
  } finally {
    deps.overdueCache?.clear();
  }
  if (report.failures.length > 0) await deps.store.releaseNonce(nonce);
  return { report, booked: await upcomingOf(deps, actor, group.id) };
}

/** Where the group's booking stands: `open` while a series is only intended or partly in Outlook. */
export async function groupBookingState(
  deps: AssistantDeps,
  actor: Actor,
  groupId: number,
): Promise<{ group: PlannableGroup; open: boolean; booked: GroupMeetingRow[] }> {
  const group = await ownGroup(deps, actor, groupId);
  const open = (await bookingOf(deps).store.listOpenGroupSeries([groupId])).length > 0;
  return { group, open, booked: await upcomingOf(deps, actor, groupId) };
}
