/**
 * The Teams assistant's operations: what each command and card action does,
 * decided from who the actor is (found by their Entra object id, never from
 * ids inside card data) and the current state in the store. The bot turns
 * the results into cards; this module knows nothing of Teams.
 */
import {
  addDays,
  addWorkingDays,
  CadenceError,
  caseNextDue,
  describeInterval,
  frequencyOn,
  InputError,
  loadShippedPack,
  londonDate,
  londonInstant,
  type IsoDate,
} from '../rules/index.ts';
import { book, type BookingOptions, type BookingReport } from './booking.ts';
import { complianceFor } from './compliance.ts';
import { loadOf } from './supervisor-load.ts';
import { findOverdue, overdueFor, type OverdueItem } from './overdue.ts';
import { observationRuleFor, observationStanding, observedTypes } from './observation.ts';
import { NotAllowedError, notFoundOrNotYours } from './not-allowed.ts';
import { recordSession, type RecordingResult } from './recording.ts';
import { parseStoredRecord, type RecordingDraft } from './recording-input.ts';
import { packOf, superviseeOf } from './team.ts';
import type { OverdueCache } from './overdue-cache.ts';
import { recordDeadline } from './record-deadline.ts';
import type {
  Actor,
  AssistantStore,
  BookingStore,
  CalendarPort,
  Clock,
  GroupMeetingReader,
  CoverStore,
  GroupRecordingWriter,
  LostSessionStore,
  AgreementStore,
  InTransaction,
  OutboxStore,
  PersonRef,
  RecordingWriter,
  SessionRow,
  TeamMember,
  TeamReader,
} from './ports/index.ts';

export interface AssistantDeps {
  store: AssistantStore;
  /** Runs work in one transaction over the assistant's store. */
  inTransaction: InTransaction<AssistantStore>;
  team: TeamReader;
  recording: InTransaction<RecordingWriter>;
  /** Group meetings: read for the bot, recorded with attendance (docs/roster.md#groups). */
  groups: GroupMeetingReader;
  groupRecording: InTransaction<GroupRecordingWriter>;
  /** Sessions lost, and their replacements (supervision/lost-sessions.ts). */
  lost: LostSessionStore;
  /** Supervision agreements signed in Teams (supervision/agreement-signing.ts). */
  agreements: InTransaction<AgreementStore>;
  /** Cover periods, set and removed by a manager from the `cover` card (docs/roster.md#cover). */
  cover: InTransaction<CoverStore>;
  booking: { store: BookingStore; calendar: CalendarPort } | null;
  outbox: OutboxStore;
  clock: Clock;
  /** Shares "who is overdue?" between people asking at once; emptied by every change made here. */
  overdueCache?: OverdueCache<Awaited<ReturnType<typeof overdueFor>>>;
  options: {
    defaultRecordWorkingDays: number;
    bookingMonths: number;
    sessionMinutes: number;
    /** How far ahead "my sessions" looks. */
    upcomingWeeks: number;
    /** UPNs of Cadence administrators, lower case. */
    admins: readonly string[];
  };
}

export class NotFoundError extends InputError {
  override name = 'NotFoundError';
}

export class AlreadyDoneError extends InputError {
  override name = 'AlreadyDoneError';
}

const today = (deps: AssistantDeps): IsoDate => londonDate(deps.clock.now());

export function recordDueOf(session: SessionRow, defaultWorkingDays: number): IsoDate | null {
  if (!session.startsAt) return null;
  return recordDeadline(session.policy, londonDate(session.startsAt), defaultWorkingDays);
}

export async function identify(deps: AssistantDeps, aadObjectId: string): Promise<Actor | null> {
  return deps.store.actorByAadObjectId(aadObjectId);
}

export async function mySessions(deps: AssistantDeps, actor: Actor) {
  const now = deps.clock.now();
  const to = new Date(now.getTime() + deps.options.upcomingWeeks * 7 * 86_400_000);
  const [upcoming, awaiting, groups] = await Promise.all([
    deps.store.upcomingSessions(actor.id, now, to),
    deps.store.awaitingRecord(actor.id, now),
    deps.groups.upcomingGroupMeetings(actor.id, now, to),
  ]);
  return { upcoming, awaiting, groups };
}

export async function awaitingRecord(deps: AssistantDeps, actor: Actor): Promise<SessionRow[]> {
  return deps.store.awaitingRecord(actor.id, deps.clock.now());
}

export async function supervisees(deps: AssistantDeps, actor: Actor) {
  return deps.store.currentSupervisees(actor.id, deps.clock.now());
}

/** A relationship the actor supervises now; any other (ended, someone else's, none) gets the one refusal. */
async function ownRelationship(deps: AssistantDeps, actor: Actor, relationshipId: number) {
  const relationship = await deps.store.relationshipById(relationshipId);
  if (!relationship || !relationship.current || relationship.supervisor.id !== actor.id)
    throw notFoundOrNotYours('supervisee');
  return relationship;
}

function bookingOptions(
  deps: AssistantDeps,
  choice: {
    durationMinutes?: number | undefined;
    avoid?: readonly { weekday: number; time: string }[];
  },
  dryRun: boolean,
): BookingOptions {
  return {
    dryRun,
    horizonMonths: deps.options.bookingMonths,
    durationMinutes: choice.durationMinutes ?? deps.options.sessionMinutes,
    avoid: choice.avoid ?? [],
  };
}

export function bookingOf(deps: AssistantDeps) {
  if (!deps.booking)
    throw new InputError(
      'Outlook is not connected (no GRAPH_* settings), so Cadence cannot book; ask your Cadence administrator',
    );
  return deps.booking;
}

/** A proposal: the plan booking would make now, written nowhere. */
export async function propose(
  deps: AssistantDeps,
  actor: Actor,
  relationshipId: number,
  choice: {
    durationMinutes?: number | undefined;
    avoid?: readonly { weekday: number; time: string }[];
  },
) {
  const relationship = await ownRelationship(deps, actor, relationshipId);
  const booking = bookingOf(deps);
  const report = await book(
    { ...booking, clock: deps.clock },
    { relationshipId },
    bookingOptions(deps, choice, true),
  );
  return {
    relationship,
    report,
    durationMinutes: choice.durationMinutes ?? deps.options.sessionMinutes,
  };
}

type OwnRelationship = Awaited<ReturnType<typeof ownRelationship>>;

/** A relationship's sessions from today through the booking horizon: what a booked card lists. */
/** The end of what a booked card lists: past the booking horizon, whatever its months' lengths. */
export function bookedCardEnd(deps: AssistantDeps): Date {
  return new Date(`${addDays(today(deps), 31 * (deps.options.bookingMonths + 1))}T00:00:00Z`);
}

async function upcomingOf(
  deps: AssistantDeps,
  relationship: OwnRelationship,
): Promise<SessionRow[]> {
  return (
    await deps.store.upcomingSessions(
      relationship.supervisee.id,
      deps.clock.now(),
      bookedCardEnd(deps),
    )
  ).filter((s) => s.relationshipId === relationship.relationshipId);
}

/**
 * The quick half of Book, answered inside Teams' time limit: checks the
 * actor supervises the relationship and Outlook is connected, and claims the
 * card's nonce. `first` is false for a replayed Book (a double click, a
 * second device), which must not book again.
 */
export async function claimBooking(
  deps: AssistantDeps,
  actor: Actor,
  relationshipId: number,
  nonce: string,
): Promise<{ first: boolean; relationship: OwnRelationship }> {
  const relationship = await ownRelationship(deps, actor, relationshipId);
  bookingOf(deps);
  return { first: await deps.store.claimNonce(nonce, 'book', actor.id), relationship };
}

/**
 * The slow half of Book, after `claimBooking` claimed the nonce: books what
 * the proposal showed (or finishes the series a Book left open: booking
 * resumes intents before it plans anything). Booking is idempotent (intents,
 * transactionIds), so a failed run releases the nonce and pressing Book again
 * resumes it. The supervisee is sent the booked card through the outbox.
 */
export async function finishBooking(
  deps: AssistantDeps,
  actor: Actor,
  relationship: OwnRelationship,
  choice: {
    durationMinutes: number;
    avoid: readonly { weekday: number; time: string }[];
    nonce: string;
  },
): Promise<{ report: BookingReport; booked: SessionRow[] }> {
  const { relationshipId } = relationship;
  let report: BookingReport;
  try {
    changed(deps);
    report = await book(
      { ...bookingOf(deps), clock: deps.clock },
      { relationshipId },
      bookingOptions(deps, choice, false),
    );
  } catch (error) {
    await deps.store.releaseNonce(choice.nonce);
    throw error;
  } finally {
    changed(deps);
  }
  if (report.failures.length > 0) await deps.store.releaseNonce(choice.nonce);
  const booked = await upcomingOf(deps, relationship);
  if (booked.length > 0) {
    await deps.outbox.enqueue([
      {
        key: `booked:${relationshipId}:${choice.nonce}`,
        recipientId: relationship.supervisee.id,
        kind: 'booked',
        payload: { relationshipId, supervisorId: actor.id },
        notBefore: deps.clock.now(),
      },
    ]);
  }
  return { report, booked };
}

/**
 * Where a relationship's booking stands, for a card reopened after a Book:
 * `open` when a series is still only intended or partly in Outlook (a Book
 * interrupted, or still running), with the sessions booked so far.
 */
export async function bookingState(
  deps: AssistantDeps,
  actor: Actor,
  relationshipId: number,
): Promise<{ relationship: OwnRelationship; open: boolean; booked: SessionRow[] }> {
  const relationship = await ownRelationship(deps, actor, relationshipId);
  const open = (await bookingOf(deps).store.listOpenSeries([relationshipId])).length > 0;
  return { relationship, open, booked: await upcomingOf(deps, relationship) };
}

/** The sessions booked for a relationship now: what a replayed Book is answered with. */
export async function bookedSessions(
  deps: AssistantDeps,
  relationship: OwnRelationship,
): Promise<SessionRow[]> {
  return upcomingOf(deps, relationship);
}

/** A session the actor is one of the two people in; any other (someone else's, none) gets the one refusal. */
async function participantSession(deps: AssistantDeps, actor: Actor, sessionId: number) {
  const session = await deps.store.sessionById(sessionId);
  if (!session || (session.supervisor.id !== actor.id && session.supervisee.id !== actor.id))
    throw notFoundOrNotYours('session');
  return session;
}

/**
 * Where the supervisee stands on direct observation of practice for this
 * session's type, if the policy counts them (supervision/observation.ts).
 */
export async function observationOf(deps: AssistantDeps, session: SessionRow) {
  const rule = observationRuleFor(session.policy, [session.type, ...session.alsoTypes]);
  if (!rule) return null;
  const [streak] = await deps.team.listObservationStreaks([session.supervisee.id], [rule.type]);
  return observationStanding(rule, streak);
}

/** The record card's state: the form for the supervisor while unrecorded, the record once made. */
export async function recordState(deps: AssistantDeps, actor: Actor, sessionId: number) {
  const session = await participantSession(deps, actor, sessionId);
  const recorded =
    session.status === 'held' || session.status === 'not-held'
      ? await deps.store.recordOf(sessionId)
      : null;
  if (!recorded && session.supervisor.id !== actor.id) {
    // The supervisee's own session: no name needed to say who records it.
    throw new NotAllowedError(
      'your supervisor records this session; you will see the record here once it is made',
    );
  }
  const [cases, observation] = await Promise.all([
    deps.store.openCasesOf(session.supervisee.id),
    observationOf(deps, session),
  ]);
  return {
    session,
    observation,
    recordDueOn: recordDueOf(session, deps.options.defaultRecordWorkingDays),
    owners: [session.supervisor, session.supervisee],
    cases: cases.map((c) => ({ reference: c.reference, status: c.status })),
    recorded: recorded && {
      ...recorded,
      record: parseStoredRecord(recorded.record, sessionId),
      status: session.status,
      recordedAt: session.recordedAt,
    },
  };
}

/** Card inputs for a record, as the bot has parsed them. */
export interface RecordInputs {
  held?: 'yes' | 'no' | undefined;
  reason?: string | undefined;
  note?: string | undefined;
  heldOn?: string | undefined;
  durationMinutes?: number | string | undefined;
  parts?: string[] | undefined;
  summary?: string | undefined;
  nextDate?: string | undefined;
  recordLocation?: string | undefined;
  cases?: string[] | undefined;
  typesCovered?: string[] | undefined;
  observed?: boolean | undefined;
  actions: {
    text?: string | undefined;
    owner?: string | undefined;
    due?: string | undefined;
    review?: string | undefined;
  }[];
}

const blank = (v: string | undefined) => v === undefined || v.trim() === '';

/**
 * The form's action rows that count (any of text, due or review filled; a
 * half-filled row is an error, not dropped), by their place on the form: the
 * n-th action recording checks is on row `keptActionRows(rows)[n]`.
 */
export function keptActionRows(rows: RecordInputs['actions']): number[] {
  return rows.flatMap((a, row) => (blank(a.text) && blank(a.due) && blank(a.review) ? [] : [row]));
}

/** Where each recording field is on the card, to show a problem beside its input. */
export const RECORD_FIELD_OF: Record<string, string> = {
  outcome: 'held',
  'outcome.held': 'held',
  'outcome.reason': 'reason',
  'outcome.note': 'note',
  'outcome.heldOn': 'heldOn',
  'outcome.durationMinutes': 'durationMinutes',
  'outcome.parts': 'parts',
  'outcome.summary': 'summary',
  'outcome.nextDate': 'nextDate',
  'outcome.recordLocation': 'recordLocation',
  'outcome.casesDiscussed': 'cases',
  'outcome.typesCovered': 'typesCovered',
  'outcome.observed': 'observed',
};

export function recordRequestOf(
  actor: Actor,
  sessionId: number,
  inputs: RecordInputs,
): RecordingDraft {
  if (inputs.held === 'no') {
    return {
      sessionId,
      recorderUpn: actor.upn,
      outcome: { held: false, reason: inputs.reason, note: inputs.note },
    };
  }
  return {
    sessionId,
    recorderUpn: actor.upn,
    outcome: {
      held: inputs.held === 'yes' ? true : undefined,
      heldOn: inputs.heldOn,
      durationMinutes: inputs.durationMinutes === '' ? undefined : inputs.durationMinutes,
      parts: inputs.parts ?? [],
      summary: inputs.summary,
      nextDate: inputs.nextDate,
      recordLocation: inputs.recordLocation,
      casesDiscussed: inputs.cases ?? [],
      typesCovered: inputs.typesCovered,
      observed: inputs.observed,
      actions: keptActionRows(inputs.actions).map((row) => {
        const a = inputs.actions[row]!;
        return { text: a.text ?? '', ownerUpn: a.owner ?? '', due: a.due, review: a.review };
      }),
    },
  };
}

export async function saveRecord(
  deps: AssistantDeps,
  actor: Actor,
  sessionId: number,
  inputs: RecordInputs,
): Promise<RecordingResult> {
  try {
    return await recordSession(
      deps.recording,
      deps.clock,
      recordRequestOf(actor, sessionId, inputs),
    );
  } finally {
    changed(deps);
  }
}

/** The preparation card's state: the previous session's actions, children due for discussion, the agenda. */
export async function preparationState(deps: AssistantDeps, actor: Actor, sessionId: number) {
  const session = await participantSession(deps, actor, sessionId);
  const [actions, cases, agenda] = await Promise.all([
    deps.store.previousActions(sessionId),
    deps.store.openCasesOf(session.supervisee.id),
    deps.store.agendaOf(sessionId),
  ]);
  const sessionOn = session.startsAt ? londonDate(session.startsAt) : today(deps);
  const pack = loadShippedPack(session.policy);
  const casesDue = cases
    .flatMap((c) => {
      try {
        const dueOn = caseNextDue(
          pack,
          { status: c.status, since: c.sinceOn as IsoDate },
          (c.lastDiscussedOn ?? undefined) as IsoDate | undefined,
        );
        return dueOn <= addDays(sessionOn, 7)
          ? [{ reference: c.reference, status: c.status, dueOn }]
          : [];
      } catch (error) {
        // A setting the policy lacks for this case: it is shown as due now (the overdue view names it).
        if (!(error instanceof CadenceError)) throw error;
        return [{ reference: c.reference, status: c.status, dueOn: sessionOn }];
      }
    })
    .sort((a, b) => a.dueOn.localeCompare(b.dueOn));
  return { session, actions, casesDue, agenda, observation: await observationOf(deps, session) };
}

export async function savePreparation(
  deps: AssistantDeps,
  actor: Actor,
  sessionId: number,
  change: {
    nonce: string;
    done: readonly { actionId: number; done: boolean }[];
    agenda?: string | undefined;
  },
): Promise<{ replayed: boolean }> {
  const session = await participantSession(deps, actor, sessionId);
  const allowed = new Set((await deps.store.previousActions(sessionId)).map((a) => a.actionId));
  const foreign = change.done.filter((d) => !allowed.has(d.actionId));
  if (foreign.length > 0)
    throw new NotAllowedError(
      'that card named actions that are not from the previous session; open a fresh card with "my sessions"',
    );
  const agenda = change.agenda?.trim();
  return deps.inTransaction(async (store) => {
    if (!(await store.claimNonce(change.nonce, 'prepare', actor.id))) return { replayed: true };
    await store.setActionsDone(change.done, today(deps));
    if (agenda) await store.addAgendaItem(session.sessionId, actor.id, agenda.slice(0, 500));
    return { replayed: false };
  });
}

export async function overdueOf(deps: AssistantDeps, actor: Pick<Actor, 'upn'>) {
  const on = today(deps);
  const compute = () =>
    overdueFor(
      deps.team,
      actor.upn,
      { on, now: deps.clock.now() },
      { defaultRecordWorkingDays: deps.options.defaultRecordWorkingDays },
    );
  return deps.overdueCache
    ? deps.overdueCache.get(`${actor.upn.toLowerCase()}|${on}`, compute)
    : compute();
}

/** After a change: what anyone is shown as overdue is worked out afresh. */
function changed(deps: AssistantDeps): void {
  deps.overdueCache?.clear();
}

export async function complianceOf(deps: AssistantDeps, actor: Actor) {
  return complianceFor(deps.team, actor.upn, today(deps), {
    defaultRecordWorkingDays: deps.options.defaultRecordWorkingDays,
    now: deps.clock.now(),
  });
}

export type TeamState = 'on-track' | 'due-soon' | 'overdue' | 'not-booked';

/** The supervisor's supervisees at a glance: frequency in force, last held, next due and booked; and their load against the policy's ratio. */
export async function teamGlance(deps: AssistantDeps, actor: Actor) {
  const on = today(deps);
  // The team card and its load are the supervisor's own; those they cover for show in `overdue`.
  const members = (await deps.team.listSupervisedBy(actor.id, on)).filter((m) => !m.covering);
  return {
    rows: await glanceRows(deps, members, on),
    load: loadOf({ upn: actor.upn, name: actor.name }, members),
  };
}

const latest = (dates: (string | null)[]): string | null =>
  dates
    .filter((d): d is string => d !== null)
    .sort()
    .at(-1) ?? null;
const soonest = (dates: (string | null)[]): string | null =>
  dates.filter((d): d is string => d !== null).sort()[0] ?? null;

async function glanceRows(deps: AssistantDeps, members: TeamMember[], on: IsoDate) {
  const ids = members.map((m) => m.id);
  const [sessions, unrecorded, cases, awaitingSignOff, observations] = await Promise.all([
    deps.team.summariseSessions(ids, deps.clock.now()),
    deps.team.listUnrecorded(ids, deps.clock.now()),
    deps.team.listOpenCases(ids),
    deps.team.listAwaitingSignOff(ids),
    deps.team.listObservationStreaks(ids, observedTypes(members.map((m) => m.policy))),
  ]);
  const items = findOverdue(
    { members, sessions, unrecorded, cases, awaitingSignOff, observations },
    on,
    {
      defaultRecordWorkingDays: deps.options.defaultRecordWorkingDays,
    },
  );
  return members.map((member) => {
    const mine = items.filter((i) => i.upn === member.upn);
    const types = member.types?.length ? member.types : [undefined];
    const summaries = sessions.filter(
      (s) => s.personId === member.id && (member.types ?? []).includes(s.type),
    );
    // Every type the person has (a Lambeth ASYE has three), each with its own frequency.
    const frequency = types
      .map((type) => {
        const f = frequencyText(member, on, type);
        return types.length > 1 ? `${type} ${f}` : f;
      })
      .join('; ');
    const nextDueOn =
      mine.find((i) => i.dueOn && (i.kind === 'supervision-overdue' || i.kind === 'not-booked'))
        ?.dueOn ?? null;
    const state: TeamState = mine.some((i) => i.kind === 'supervision-overdue')
      ? 'overdue'
      : mine.some((i) => i.kind === 'not-booked')
        ? 'not-booked'
        : nextDueOn && nextDueOn <= addDays(on, 7)
          ? 'due-soon'
          : 'on-track';
    return {
      member,
      frequency,
      // The latest held and the soonest booked, whichever the type.
      lastHeldOn: latest(summaries.map((x) => x.lastHeldOn)),
      nextDueOn,
      nextBookedOn: soonest(summaries.map((x) => x.nextBookedOn)),
      state,
      items: mine,
    };
  });
}

/** One type's frequency in words; a missing setting shows as such for that type alone (the overdue view names it). */
export function frequencyText(member: TeamMember, on: IsoDate, type: string | undefined): string {
  try {
    return describeInterval(frequencyOn(packOf(member), superviseeOf(member), on, type));
  } catch (error) {
    if (!(error instanceof CadenceError)) throw error;
    return 'no setting';
  }
}

/**
 * Who a chase about this item goes to: the one who has to act — the supervisor,
 * or the supervisee when the one chasing is their supervisor (never oneself).
 */
/** Whom a Chase on `item` reminds (the overdue card's button names them): null for a roster problem, which a reminder cannot fix. */
export function chaseRecipientUpn(
  item: Pick<OverdueItem, 'kind' | 'upn' | 'supervisorUpn'>,
  actor: Pick<Actor, 'upn'>,
): string | null {
  if (item.kind === 'no-supervisor' || item.kind === 'setting-missing') return null; // needs the roster fixed, not a person chased
  if (item.kind === 'awaiting-sign-off') return item.upn; // the supervisee's to sign, whoever chases
  const supervisor = item.supervisorUpn;
  return supervisor && supervisor.toLowerCase() !== actor.upn.toLowerCase() ? supervisor : item.upn;
}

/** A manager's Chase: one message per person, kind and day, to whoever has to act. */
export async function chase(
  deps: AssistantDeps,
  actor: Actor,
  upn: string,
  kind: string,
  nonce: string,
) {
  const { items } = await overdueOf(deps, actor);
  const item = items.find((i) => i.upn.toLowerCase() === upn.toLowerCase() && i.kind === kind);
  // Done since, never below the actor, or no one at all: one answer, echoing nothing (supervision/not-allowed.ts says why).
  if (!item)
    throw new AlreadyDoneError(
      'nothing of that kind is overdue for that person below you any more',
    );
  const recipientUpn = chaseRecipientUpn(item, actor);
  if (!recipientUpn)
    throw new InputError(`this needs the roster fixed (${item.detail}), not a chase`);
  const recipient = await deps.store.personByUpn(recipientUpn);
  if (!recipient) throw new NotFoundError(`${recipientUpn} is not in Cadence`);
  return deps.inTransaction(async (store) => {
    if (!(await store.claimNonce(nonce, 'chase', actor.id)))
      return { replayed: true as const, recipient, item };
    const added = await store.enqueue([
      {
        key: `chase:${recipient.id}:${item.upn}:${item.kind}:${item.type ?? item.caseReference ?? ''}:${today(deps)}`,
        recipientId: recipient.id,
        kind: 'chase',
        payload: {
          fromId: actor.id,
          kind: item.kind,
          detail: item.detail,
          sessionId: item.sessionId ?? null,
          subject: subjectOf(item),
        },
        notBefore: deps.clock.now(),
      },
    ]);
    return { replayed: false as const, alreadyToday: added === 0, recipient, item };
  });
}

/** The key a reminder is snoozed by: the session for records, the person and type for supervision. */
export function subjectOf(
  item: Pick<OverdueItem, 'kind' | 'upn' | 'type' | 'sessionId' | 'caseReference'>,
): string {
  if (item.sessionId) return `record:${item.sessionId}`;
  return `${item.kind}:${item.upn}:${item.type ?? item.caseReference ?? ''}`.slice(0, 200);
}

export async function snooze(
  deps: AssistantDeps,
  actor: Actor,
  subject: string,
  days: number,
  nonce: string,
) {
  const until = londonInstant(addWorkingDays(today(deps), days), '09:00');
  return deps.inTransaction(async (store) => {
    if (!(await store.claimNonce(nonce, 'snooze', actor.id)))
      return {
        replayed: true,
        until: await store.snoozedUntil(actor.id, subject, deps.clock.now()),
      };
    await store.snooze(actor.id, subject, until);
    return { replayed: false, until };
  });
}

export function isAdmin(deps: AssistantDeps, actor: Pick<Actor, 'upn'>): boolean {
  return deps.options.admins.includes(actor.upn.toLowerCase());
}

/** For administrators: people who use Teams but have not installed the app, so no reminder reaches them. */
export async function withoutApp(deps: AssistantDeps, actor: Actor): Promise<PersonRef[]> {
  if (!isAdmin(deps, actor))
    throw new NotAllowedError(
      'only Cadence administrators (CADENCE_ADMINS) can see who has not installed the app',
    );
  return deps.store.listWithoutApp();
}

export async function personById(deps: AssistantDeps, id: number): Promise<PersonRef | null> {
  return deps.store.personById(id);
}
