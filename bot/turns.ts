/**
 * One turn of the conversation, free of Teams: a command or a card action
 * from an identified actor, answered with a card. Authorisation is by the
 * actor (from `from.aadObjectId`) against the current state, never by ids in
 * card data; a stale or replayed action is answered with the current state.
 */
import {
  helpCard,
  noticeCard,
  mySessionsCard,
  superviseePickerCard,
  proposalCard,
  awaitingRecordCard,
  recordCard,
  preparationCard,
  overdueCard,
  complianceCard,
  teamCard,
  OVERDUE_PAGE_SIZE,
  formatDate,
  MAX_ACTION_ROWS,
  type ActionRowNumber,
  type CardAction,
  type Card,
  type HelpCommand,
  type ObservationView,
  type ProposalView,
  type RecordView,
  type RefreshFor,
} from '../cards/index.ts';
import { CadenceError, londonDate, londonDateTime } from '../rules/index.ts';
import {
  assistant,
  AlreadyDoneError,
  NotAllowedError,
  RECORD_FIELD_OF,
  RecordingInputError,
  RecordingRefusedError,
  AlreadySignedError,
  SignOffStaleError,
  recordsToSignOff,
  tellManager,
  signOffFromTeams,
  signOffStateOf,
  type Actor,
  type ObservationStanding,
  groupMeetingsToRecord,
  groupsToBook,
  type AssistantDeps,
  type BookingReport,
  type PersonRef,
  type Unseen,
} from '../supervision/index.ts';
import { coverTurn } from './cover-turn.ts';
import { proposeGroupTurn } from './group-booking-turn.ts';
import { groupRecordTurn } from './group-record-turn.ts';
import { lostSessionTurn } from './lost-session-turn.ts';
import { agreementTurn } from './agreement-turn.ts';
import {
  KIND_ORDER,
  loadView,
  nonce,
  person,
  seriesViews,
  sessionView,
  sortOverdue,
} from './views.ts';

export type Command = Exclude<HelpCommand, never>;

/** What an actor may ask for, shown on their help card. */
export function commandsFor(actor: Actor, admin = false): HelpCommand[] {
  const commands: HelpCommand[] = ['my sessions'];
  if (actor.supervises > 0) commands.push('book', 'record', 'team');
  if (actor.reports > 0 || actor.supervises > 0) commands.push('overdue', 'compliance');
  if (actor.reports > 0) commands.push('cover');
  if (admin) commands.push('not installed');
  commands.push('help');
  return commands;
}

export interface TurnResult {
  card: Card;
  /** What happened, for the log: never text a person typed. */
  outcome: string;
}

const notice = (
  title: string,
  text: string,
  tone: 'good' | 'warning' | 'attention',
  next?: HelpCommand,
): Card => noticeCard({ title, text, tone, ...(next ? { next } : {}) });

export async function runCommand(
  deps: AssistantDeps,
  actor: Actor,
  command: Command | null,
): Promise<TurnResult> {
  try {
    return await command_(deps, actor, command);
  } catch (error) {
    return failure(error);
  }
}

async function command_(
  deps: AssistantDeps,
  actor: Actor,
  command: Command | null,
): Promise<TurnResult> {
  switch (command) {
    case null:
      return {
        card: helpCard({
          name: actor.name,
          commands: commandsFor(actor, assistant.isAdmin(deps, actor)),
          notUnderstood: true,
        }),
        outcome: 'not-understood',
      };
    case 'help':
      return {
        card: helpCard({
          name: actor.name,
          commands: commandsFor(actor, assistant.isAdmin(deps, actor)),
        }),
        outcome: 'help',
      };
    case 'my sessions': {
      const [{ upcoming, awaiting, groups }, toSignOff] = await Promise.all([
        assistant.mySessions(deps, actor),
        recordsToSignOff(deps, actor),
      ]);
      return {
        card: mySessionsCard({
          person: person(actor),
          toSignOff: toSignOff.map((r) => ({ ...r, supervisor: person(r.supervisor) })),
          groupMeetings: groups.map((m) => ({
            groupName: m.groupName,
            type: m.type,
            startsAt: m.startsAt ? londonDateTime(m.startsAt).slice(0, 16) : null,
          })),
          upcoming: upcoming.map((s) => sessionView(s)),
          awaitingRecord: awaiting.map((s) =>
            sessionView(s, assistant.recordDueOf(s, deps.options.defaultRecordWorkingDays)),
          ),
        }),
        outcome: `sessions:${upcoming.length}+${awaiting.length}`,
      };
    }
    case 'book': {
      const [rows, groups] = await Promise.all([
        assistant.supervisees(deps, actor),
        groupsToBook(deps, actor),
      ]);
      if (rows.length === 0 && groups.length === 0)
        return {
          card: notice(
            'Nobody to book for',
            'Cadence has no one you supervise now, and no group whose meetings you organise.',
            'warning',
          ),
          outcome: 'book:none',
        };
      return {
        card: superviseePickerCard({
          supervisees: rows.map((r) => ({
            relationshipId: r.relationshipId,
            supervisee: person(r.supervisee),
            role: r.role,
            nextBookedOn: r.nextBookedOn,
          })),
          groups: groups.map((g) => ({
            groupId: g.id,
            name: g.name,
            type: g.type,
            members: g.members.length,
            bookedThrough: g.lastBookedOn ?? null,
          })),
        }),
        outcome: `book:${rows.length}+${groups.length}`,
      };
    }
    case 'record': {
      const [sessions, meetings] = await Promise.all([
        assistant.awaitingRecord(deps, actor),
        groupMeetingsToRecord(deps, actor),
      ]);
      if (sessions.length === 0 && meetings.length === 0)
        return {
          card: notice(
            'Nothing to record',
            'Every session you supervised has been recorded.',
            'good',
          ),
          outcome: 'record:none',
        };
      return {
        card: awaitingRecordCard({
          sessions: sessions.map((s) =>
            sessionView(s, assistant.recordDueOf(s, deps.options.defaultRecordWorkingDays)),
          ),
          groups: meetings.map((m) => ({
            sessionId: m.sessionId,
            groupName: m.groupName,
            startsAt: m.startsAt ? londonDateTime(m.startsAt).slice(0, 16) : null,
          })),
        }),
        outcome: `record:${sessions.length + meetings.length}`,
      };
    }
    case 'overdue':
      return overduePage(deps, actor, 1);
    case 'compliance': {
      const report = await assistant.complianceOf(deps, actor);
      return {
        card: complianceCard({
          manager: person(report.manager),
          on: report.on,
          rows: [report.overall, ...report.byTeam],
          roleRows: report.byRole,
          trend: report.trend,
          loads: report.supervisorLoad.map(loadView),
        }),
        outcome: 'compliance',
      };
    }
    case 'cover':
      return coverTurn(deps, actor);
    case 'team': {
      const { rows, load } = await assistant.teamGlance(deps, actor);
      return {
        card: teamCard({
          supervisor: person(actor),
          on: londonDate(deps.clock.now()),
          members: rows.map((r) => ({
            supervisee: person(r.member),
            role: r.member.role,
            frequency: r.frequency,
            lastHeldOn: r.lastHeldOn,
            nextDueOn: r.nextDueOn,
            nextBookedOn: r.nextBookedOn,
            state: r.state,
          })),
          load: loadView(load),
        }),
        outcome: `team:${rows.length}`,
      };
    }
    case 'not installed': {
      const people = await assistant.withoutApp(deps, actor);
      const shown = people.slice(0, 40).map((p) => `${p.name} (${p.upn})`);
      const more = people.length > shown.length ? `, and ${people.length - shown.length} more` : '';
      return {
        card: notice(
          people.length === 0
            ? 'Everyone has the app'
            : `${people.length} people have not installed Cadence`,
          people.length === 0
            ? 'Everyone who uses Teams can be reminded.'
            : `They cannot be sent reminders until they install the app in Teams (or it is installed for them from the Teams admin centre): ${shown.join(', ')}${more}.`,
          people.length === 0 ? 'good' : 'warning',
        ),
        outcome: `not-installed:${people.length}`,
      };
    }
    default:
      return unreachable(command);
  }
}

function unreachable(value: never): never {
  throw new Error(`unhandled ${String(value)}`);
}

async function overduePage(
  deps: AssistantDeps,
  actor: Actor,
  page: number,
  extra: { notice?: string; chased?: Set<string> } = {},
): Promise<TurnResult> {
  const report = await assistant.overdueOf(deps, actor);
  const sorted = sortOverdue(report.items);
  const pages = Math.max(1, Math.ceil(sorted.length / OVERDUE_PAGE_SIZE));
  const current = Math.min(Math.max(1, page), pages);
  const slice = sorted.slice((current - 1) * OVERDUE_PAGE_SIZE, current * OVERDUE_PAGE_SIZE);
  const counts = new Map<string, number>();
  for (const item of sorted) counts.set(item.kind, (counts.get(item.kind) ?? 0) + 1);
  const groups = KIND_ORDER.filter((kind) => slice.some((i) => i.kind === kind)).map((kind) => ({
    kind,
    count: counts.get(kind) ?? 0,
    items: slice
      .filter((i) => i.kind === kind)
      .map((i) => ({
        kind: i.kind,
        person: person(i),
        team: i.team,
        daysOverdue: i.daysOverdue,
        detail: i.detail,
        ...(extra.chased?.has(`${i.upn.toLowerCase()}|${i.kind}`) ? { chased: true } : {}),
        ...remindOf(i, actor),
      })),
  }));
  return {
    card: overdueCard({
      manager: person(report.manager),
      ...(report.alsoSupervised && { alsoSupervised: true }),
      on: londonDate(deps.clock.now()),
      people: report.people,
      total: sorted.length,
      groups,
      page: current,
      pages,
      nonce: nonce(),
      ...(extra.notice ? { notice: extra.notice } : {}),
    }),
    outcome: `overdue:${sorted.length}`,
  };
}

export async function runAction(
  deps: AssistantDeps,
  actor: Actor,
  action: CardAction,
  refreshUserIds?: RefreshFor,
): Promise<TurnResult> {
  try {
    return await action_(deps, actor, action, refreshUserIds);
  } catch (error) {
    try {
      return (await recordAgain(deps, actor, action, error, refreshUserIds)) ?? failure(error);
    } catch (again) {
      // Showing the card again can itself be refused (the session is not theirs): that refusal, never a 500.
      return failure(again);
    }
  }
}

/** A record refused for its fields, or recorded meanwhile: the record card again, with its problems or as it stands. */
async function recordAgain(
  deps: AssistantDeps,
  actor: Actor,
  action: CardAction,
  error: unknown,
  refreshUserIds?: RefreshFor,
): Promise<TurnResult | null> {
  if (action.verb === 'signOff') return signOffAgain(deps, actor, action, error, refreshUserIds);
  if (action.verb !== 'record') return null;
  if (error instanceof RecordingInputError) {
    const state = await recordView(deps, actor, action.sessionId);
    const rows = assistant.keptActionRows(actionRowsOf(action));
    const problems = error.problems.map((p) => ({
      field: fieldOf(p.path, rows),
      message: p.message,
    }));
    return {
      card: recordCard({ ...state, problems }, refreshUserIds),
      outcome: `record:invalid:${problems.map((p) => p.field).join(',')}`,
    };
  }
  if (error instanceof RecordingRefusedError) {
    // Recorded meanwhile (another card, a replay): show what is recorded now.
    const state = await recordView(deps, actor, action.sessionId);
    if (state.recorded)
      return { card: recordCard(state, refreshUserIds), outcome: 'record:already' };
  }
  return null;
}

/**
 * A sign-off refused (no comment given, the record amended since the card
 * was sent, or already signed differently): the record card as it stands,
 * the reason above the box, what was typed still in it.
 */
async function signOffAgain(
  deps: AssistantDeps,
  actor: Actor,
  action: Extract<CardAction, { verb: 'signOff' }>,
  error: unknown,
  refreshUserIds?: RefreshFor,
): Promise<TurnResult | null> {
  const why =
    error instanceof RecordingInputError
      ? error.problems.map((p) => p.message).join('; ')
      : error instanceof SignOffStaleError || error instanceof AlreadySignedError
        ? error.message
        : null;
  if (why === null) return null;
  const view = await recordView(deps, actor, action.sessionId);
  if (!view.signOff) return null;
  view.signOff = {
    ...view.signOff,
    problem: why.charAt(0).toUpperCase() + why.slice(1) + '.',
    ...(action.comment && { typed: action.comment }),
  };
  return {
    card: recordCard(view, refreshUserIds),
    outcome: `sign-off:refused:${errorName(error)}`,
  };
}

function errorName(error: unknown): string {
  return error instanceof Error ? error.name : 'unknown';
}

/** The record card's action rows as typed, row 1 first. */
function actionRowsOf(action: Extract<CardAction, { verb: 'record' }>) {
  return Array.from({ length: MAX_ACTION_ROWS }, (_, i) => {
    const n = (i + 1) as ActionRowNumber;
    return {
      text: action[`action${n}Text`],
      owner: action[`action${n}Owner`],
      due: action[`action${n}Due`],
      review: action[`action${n}Review`],
    };
  });
}

/** The card input a recording problem belongs beside; `rows` maps the n-th action checked to its row on the form. */
function fieldOf(path: string, rows: readonly number[]): string {
  const action = /^outcome\.actions\[(\d+)\]\.?(\w*)/.exec(path);
  if (action) {
    const row = (rows[Number(action[1])] ?? Number(action[1])) + 1;
    return `action${row}${{ text: 'Text', ownerUpn: 'Owner', due: 'Due', review: 'Review' }[action[2] ?? ''] ?? 'Text'}`;
  }
  return RECORD_FIELD_OF[path] ?? RECORD_FIELD_OF[path.replace(/\[\d+\]$/, '')] ?? path;
}

/** The sessions a proposal places with the supervisor's cover, each with the cover's name. */
async function coveredViews(
  deps: AssistantDeps,
  report: BookingReport,
  relationshipId: number,
): Promise<NonNullable<ProposalView['covered']>> {
  const mine = report.covered.filter((c) => c.relationshipId === relationshipId);
  const covers = new Map<string, PersonRef | null>();
  for (const upn of new Set(mine.map((c) => c.cover)))
    covers.set(upn, await deps.store.personByUpn(upn));
  return mine.map((c) => {
    const cover = covers.get(c.cover);
    return {
      date: c.on,
      time: c.time,
      cover: cover ? person(cover) : { upn: c.cover, name: c.cover },
    };
  });
}

async function action_(
  deps: AssistantDeps,
  actor: Actor,
  action: CardAction,
  refreshUserIds?: RefreshFor,
): Promise<TurnResult> {
  switch (action.verb) {
    case 'command':
      return command_(deps, actor, action.command);
    case 'propose': {
      const { relationship, report, durationMinutes } = await assistant.propose(
        deps,
        actor,
        action.relationshipId,
        action,
      );
      const series = seriesViews(report);
      const covered = await coveredViews(deps, report, relationship.relationshipId);
      return {
        card: proposalCard(
          {
            relationshipId: relationship.relationshipId,
            supervisor: person(relationship.supervisor),
            supervisee: person(relationship.supervisee),
            durationMinutes,
            avoid: action.avoid,
            series,
            ...(covered.length > 0 && { covered }),
            ...(series.length === 0
              ? {
                  nothingToBook:
                    report.failures[0]?.message ??
                    `${relationship.supervisee.name}'s sessions are already booked through the horizon`,
                }
              : {}),
            nonce: nonce(),
          },
          refreshUserIds,
        ),
        outcome: `propose:${series.length}`,
      };
    }
    case 'proposeGroup':
      return proposeGroupTurn(deps, actor, action.groupId, refreshUserIds, action.avoid);
    case 'book':
    case 'bookGroup':
      // Book outlasts Teams' time limit: bot/booking-turn.ts answers it, and the handler sends it there.
      throw new Error('Book is answered by bot/booking-turn.ts');
    case 'openRecord':
    case 'refresh':
      if (action.verb === 'refresh' && action.card !== 'record')
        return refresh(deps, actor, action, refreshUserIds);
      return {
        card: recordCard(await recordView(deps, actor, action.sessionId!), refreshUserIds),
        outcome: 'record:open',
      };
    case 'record': {
      const result = await assistant.saveRecord(deps, actor, action.sessionId, {
        ...action,
        actions: actionRowsOf(action),
      });
      const state = await recordView(deps, actor, action.sessionId);
      return { card: recordCard(state, refreshUserIds), outcome: `record:${result.status}` };
    }
    case 'openGroupRecord':
    case 'recordGroup':
      return groupRecordTurn(deps, actor, action);
    case 'tellManager': {
      const told = await tellManager(deps, actor, action);
      return {
        card: notice(
          told.already ? 'Already told' : 'Your manager has been told',
          `${told.manager.name}, ${told.supervisor.name}'s manager, ${told.already ? 'was already told' : 'has been sent'} that your ${action.type} supervision is overdue.`,
          'good',
        ),
        outcome: told.already ? 'tell-manager:already' : 'tell-manager:sent',
      };
    }
    case 'signAgreement':
      return agreementTurn(deps, actor, action);
    case 'rebook':
    case 'rebookPropose':
      return lostSessionTurn(deps, actor, action);
    case 'signOff': {
      const result = await signOffFromTeams(deps, actor, action);
      return {
        card: recordCard(await recordView(deps, actor, action.sessionId), refreshUserIds),
        outcome: `sign-off:${result.outcome}${result.replayed ? ':replayed' : ''}`,
      };
    }
    case 'prepare': {
      const saved = await assistant.savePreparation(deps, actor, action.sessionId, action);
      return {
        card: preparationCard(
          { ...(await preparationView(deps, actor, action.sessionId)), saved: true },
          refreshUserIds,
        ),
        outcome: saved.replayed ? 'prepare:replayed' : 'prepare:saved',
      };
    }
    case 'setCover':
    case 'removeCover':
      return coverTurn(deps, actor, action);
    case 'overduePage':
      return overduePage(deps, actor, action.page);
    case 'chase': {
      const result = await assistant.chase(deps, actor, action.upn, action.kind, action.nonce);
      const text = result.replayed
        ? `Already chased: ${result.recipient.name} has been sent this.`
        : result.alreadyToday
          ? `${result.recipient.name} was already chased about this today.`
          : `Chase sent to ${result.recipient.name}.`;
      return overduePage(deps, actor, action.page, {
        notice: text,
        chased: new Set([`${action.upn.toLowerCase()}|${action.kind}`]),
      });
    }
    case 'snooze': {
      const result = await assistant.snooze(deps, actor, action.subject, action.days, action.nonce);
      const until = result.until ? formatDate(londonDateTime(result.until).slice(0, 10)) : 'later';
      return {
        card: notice(
          'Snoozed',
          `Cadence will not remind you about this again before ${until}.`,
          'good',
        ),
        outcome: result.replayed ? 'snooze:replayed' : 'snooze',
      };
    }
    default:
      return unreachable(action);
  }
}

async function refresh(
  deps: AssistantDeps,
  actor: Actor,
  action: Extract<CardAction, { verb: 'refresh' }>,
  refreshUserIds?: RefreshFor,
): Promise<TurnResult> {
  if (action.card === 'preparation' && action.sessionId) {
    return {
      card: preparationCard(await preparationView(deps, actor, action.sessionId), refreshUserIds),
      outcome: 'refresh:preparation',
    };
  }
  if (action.card === 'proposal' && action.relationshipId) {
    return action_(
      deps,
      actor,
      { verb: 'propose', relationshipId: action.relationshipId, avoid: [] },
      refreshUserIds,
    );
  }
  return {
    card: notice(
      'Nothing to show',
      'This card has no fresh state; ask again with a command.',
      'warning',
      'help',
    ),
    outcome: `refresh:${action.card}`,
  };
}

export async function recordView(
  deps: AssistantDeps,
  actor: Actor,
  sessionId: number,
): Promise<RecordView> {
  const state = await assistant.recordState(deps, actor, sessionId);
  const view: RecordView = {
    session: sessionView(state.session, state.recordDueOn),
    owners: state.owners.map(person),
    cases: state.cases,
    nonce: nonce(),
    ...(state.observation && { observation: observationView(state.observation) }),
  };
  if (state.recorded) {
    const record = state.recorded.record ?? {};
    view.recorded = {
      held: state.recorded.status === 'held',
      ...(state.recorded.notHeldReason ? { reason: state.recorded.notHeldReason } : {}),
      ...(record.heldOn !== undefined ? { heldOn: record.heldOn } : {}),
      ...(record.durationMinutes !== undefined ? { durationMinutes: record.durationMinutes } : {}),
      parts: record.parts ?? [],
      ...(state.session.notCovered.length > 0 && { notCovered: state.session.notCovered }),
      ...(typeof record.summary === 'string' && record.summary !== ''
        ? { summary: record.summary }
        : {}),
      ...(state.recorded.observed !== null && { observed: state.recorded.observed }),
      actions: state.recorded.actions.map((a) => ({
        text: a.text,
        owner: person(a.owner),
        dueOn: a.dueOn,
        reviewOn: a.reviewOn,
      })),
      ...(record.nextDate !== undefined ? { nextDate: record.nextDate } : {}),
      ...(state.recorded.recordLocation ? { recordLocation: state.recorded.recordLocation } : {}),
      recordedBy: person(state.recorded.recordedBy ?? actor),
      recordedAt: state.recorded.recordedAt
        ? londonDateTime(state.recorded.recordedAt).slice(0, 16).replace('T', ' ')
        : '',
    };
    const signOff = await signOffStateOf(deps, state.session);
    if (signOff) {
      view.signOff = {
        supervisee: person(state.session.supervisee),
        mine: state.session.supervisee.id === actor.id,
        outcome: signOff.outcome,
        ...(signOff.comment !== null && { comment: signOff.comment }),
        ...(signOff.signedAt && {
          signedAt: londonDateTime(signOff.signedAt).slice(0, 16).replace('T', ' '),
        }),
        dueOn: signOff.dueOn,
        version: signOff.recordAt.getTime(),
        escalatedTo: signOff.escalatedTo && person(signOff.escalatedTo),
      };
    }
  }
  return view;
}

export async function preparationView(
  deps: AssistantDeps,
  actor: { id: number; upn: string; name: string } & Partial<Actor>,
  sessionId: number,
) {
  const state = await assistant.preparationState(deps, actor as Actor, sessionId);
  return {
    session: sessionView(state.session),
    previousActions: state.actions.map((a) => ({
      actionId: a.actionId,
      text: a.text,
      owner: person(a.owner),
      dueOn: a.dueOn,
      reviewOn: a.reviewOn,
      done: a.doneOn !== null,
    })),
    casesDue: state.casesDue,
    agenda: state.agenda,
    ...(state.observation && { observation: observationView(state.observation) }),
    nonce: nonce(),
  };
}

function observationView(standing: ObservationStanding): ObservationView {
  return {
    type: standing.rule.type,
    oneIn: standing.rule.oneIn,
    section: standing.rule.source.section,
    unobserved: standing.unobserved,
    nextShouldBe: standing.nextShouldBe,
  };
}

/** Where to get a fresh card after a refusal for something not found, or not the person's. */
const FRESH_CARD: Record<Unseen, HelpCommand> = {
  session: 'my sessions',
  supervisee: 'book',
  group: 'book',
  reminder: 'my sessions',
};

/** An error as the person sees it: what went wrong and what to do, never a stack trace. */
export function failure(error: unknown): TurnResult {
  // One answer, and one log outcome, whether it does not exist or is someone else's (supervision/not-allowed.ts).
  if (error instanceof NotAllowedError && error.unseen)
    return {
      card: notice('Not found', error.message, 'warning', FRESH_CARD[error.unseen]),
      outcome: `refused:not-found:${error.unseen}`,
    };
  if (error instanceof NotAllowedError)
    return {
      card: notice('Not allowed', error.message, 'attention'),
      outcome: 'refused:not-allowed',
    };
  if (error instanceof AlreadyDoneError)
    return {
      card: notice('Already done', error.message, 'good', 'overdue'),
      outcome: 'already-done',
    };
  if (error instanceof CadenceError)
    return {
      card: notice('That did not work', error.message, 'warning', 'help'),
      outcome: `refused:${error.name}`,
    };
  throw error;
}

/** The person a Chase on `item` reminds, by name, for its button (the domain's `chaseRecipientUpn` decides who). */
function remindOf(
  item: Parameters<typeof assistant.chaseRecipientUpn>[0] & {
    name: string;
    supervisorName: string | null;
  },
  actor: Pick<Actor, 'upn'>,
): { remind?: { upn: string; name: string } } {
  const upn = assistant.chaseRecipientUpn(item, actor);
  if (!upn) return {};
  const isPerson = upn.toLowerCase() === item.upn.toLowerCase();
  return { remind: { upn, name: isPerson ? item.name : (item.supervisorName ?? upn) } };
}
