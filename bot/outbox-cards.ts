/**
 * The card each outbox message becomes, built from the current state when it
 * is sent: a preparation prompt for a session since cancelled, or a record
 * reminder for a session recorded meanwhile, becomes nothing (null).
 *
 * Cards whose state changes after they are sent (a preparation card, a
 * record prompt, a chaser, an escalation) carry a refresh, so Teams shows
 * them as they stand when they are opened: a record prompt answered from
 * another card shows the record, a chaser for a session recorded since says
 * there is nothing left to do. `userIds` is left out: these go to a personal
 * chat, where Teams then refreshes for everyone in it (cards/buttons.ts has
 * the source).
 */
import { randomUUID } from 'node:crypto';
import {
  bookedCard,
  chaseCard,
  digestCard,
  escalationCard,
  formatDate,
  groupEscalationCard,
  groupRecordCard,
  preparationCard,
  recordCard,
  agreementCard,
  lostSessionCard,
  ladderCard,
  LADDER_CARD_ENTRIES,
  relationshipEndedCard,
  signOffDisagreementCard,
  type Card,
  type OverdueKind,
  type RefreshFor,
} from '../cards/index.ts';
import {
  addDays,
  daysBetween,
  londonDate,
  londonDateTime,
  londonInstant,
  parseIsoDate,
} from '../rules/index.ts';
import {
  assistant,
  agreementState,
  lostSessionState,
  ladderSubject,
  readLadderEntries,
  NotAllowedError,
  type AssistantDeps,
  type OutboxItem,
} from '../supervision/index.ts';
import { bookedSessionView, KIND_ORDER, person, sessionView, sortOverdue } from './views.ts';
import { preparationView, recordView } from './turns.ts';
import { groupRecordView } from './group-record-turn.ts';
import { lostSessionView } from './lost-session-turn.ts';
import { agreementView } from './agreement-turn.ts';

/** Proactive messages go to the recipient's personal chat (bot/handler.ts keeps no other reference). */
const IN_PERSONAL_CHAT: RefreshFor = 'chat';

const num = (value: unknown): number => (typeof value === 'number' ? value : Number(value));
const str = (value: unknown): string =>
  typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
/** A chase's kind from its payload: one the cards know, or an error naming it. */
const kindOf = (value: unknown): OverdueKind => {
  const kind = KIND_ORDER.find((k) => k === value);
  if (!kind)
    throw new Error(`an outbox chase names an overdue kind the cards do not know: ${str(value)}`);
  return kind;
};

/**
 * `refresh`: whom the card refreshes for; everyone in the chat when it is
 * sent, the person asking when a refresh builds it again (bot/proactive-refresh.ts).
 */
export async function cardForOutboxItem(
  deps: AssistantDeps,
  item: OutboxItem,
  refresh: RefreshFor = IN_PERSONAL_CHAT,
): Promise<Card | null> {
  const recipient = await deps.store.actorById(item.recipientId);
  if (!recipient) return null;
  const p = item.payload;
  switch (item.kind) {
    case 'preparation': {
      const session = await deps.store.sessionById(num(p.sessionId));
      if (!session || !['planned', 'booked'].includes(session.status)) return null;
      return preparationCard(await preparationView(deps, recipient, session.sessionId), refresh);
    }
    case 'record-prompt':
    case 'record-due': {
      // Not the recipient's to record any more (the session moved to someone else, or is gone): no card.
      const view = await recordView(deps, recipient, num(p.sessionId)).catch((error: unknown) => {
        if (error instanceof NotAllowedError) return null;
        throw error;
      });
      return view && !view.recorded ? recordCard(view, refresh) : null;
    }
    case 'group-record-prompt': {
      // Not the recipient's to record any more (the group changed hands), or recorded meanwhile: no card.
      const view = await groupRecordView(deps, recipient, num(p.sessionId)).catch(
        (error: unknown) => {
          if (error instanceof NotAllowedError) return null;
          throw error;
        },
      );
      return view && !view.recorded ? groupRecordCard(view) : null;
    }
    case 'group-record-due': {
      const view = await groupRecordView(deps, recipient, num(p.sessionId)).catch(
        (error: unknown) => {
          if (error instanceof NotAllowedError) return null;
          throw error;
        },
      );
      return view && !view.recorded
        ? groupRecordCard({ ...view, recordDueOn: str(p.recordDueOn) })
        : null;
    }
    case 'group-escalation': {
      // Recorded (or cancelled) meanwhile, or no longer anyone's to record: nothing to escalate.
      const meeting = await deps.groups.groupMeeting(num(p.sessionId));
      if (!meeting || meeting.status !== 'booked') return null;
      const recorderId = meeting.facilitatorId ?? meeting.members[0]?.id;
      const recorder = recorderId === undefined ? null : await deps.store.personById(recorderId);
      if (!recorder) return null;
      const due = parseIsoDate(str(p.recordDueOn), "the escalation payload's recordDueOn");
      return groupEscalationCard({
        recorder: person(recorder),
        groupName: meeting.groupName,
        type: meeting.type,
        startsAt: meeting.startsAt ? londonDateTime(meeting.startsAt).slice(0, 16) : null,
        members: meeting.members.length,
        recordDueOn: due,
        workingDaysLate: Math.max(1, daysBetween(due, londonDate(deps.clock.now()))),
        subject: `record:${meeting.sessionId}`,
        nonce: randomUUID(),
      });
    }
    case 'escalation': {
      const session = await deps.store.sessionById(num(p.sessionId));
      if (!session || !['planned', 'booked'].includes(session.status)) return null;
      const due = parseIsoDate(str(p.recordDueOn), "the escalation payload's recordDueOn");
      return escalationCard(
        {
          manager: person(recipient),
          supervisor: person(session.supervisor),
          supervisee: person(session.supervisee),
          session: sessionView(session, due),
          recordDueOn: due,
          workingDaysLate: Math.max(1, daysBetween(due, londonDate(deps.clock.now()))),
          subject: `record:${session.sessionId}`,
          nonce: randomUUID(),
          outboxKey: item.key,
        },
        refresh,
      );
    }
    case 'digest': {
      const weekOf = parseIsoDate(str(p.weekOf), "the digest payload's weekOf");
      const [report, lost] = await Promise.all([
        assistant.overdueOf(deps, recipient),
        // The week before the digest's Monday, in London.
        deps.lost.countLostBelow(
          recipient.id,
          londonInstant(addDays(weekOf, -7), '00:00'),
          londonInstant(weekOf, '00:00'),
        ),
      ]);
      const sorted = sortOverdue(report.items);
      const counts = new Map<OverdueKind, number>();
      for (const i of sorted) counts.set(i.kind, (counts.get(i.kind) ?? 0) + 1);
      return digestCard({
        manager: person(recipient),
        weekOf: str(p.weekOf),
        people: report.people,
        counts: [...counts].map(([kind, count]) => ({ kind, count })),
        worst: sorted.slice(0, 5).map((i) => ({
          kind: i.kind,
          person: person(i),
          team: i.team,
          daysOverdue: i.daysOverdue,
          detail: i.detail,
        })),
        lost,
      });
    }
    case 'overdue-notice': {
      if (p.groupId != null) {
        // To a group's organiser: the members who owe the group's type (supervision/prompts.ts).
        const members = num(p.members);
        return chaseCard(
          {
            recipient: person(recipient),
            from: null,
            kind: 'supervision-overdue',
            detail: `${members === 1 ? '1 member' : `${members} members`} of ${str(p.groupName)} ${members === 1 ? 'has' : 'have'} not been to a ${str(p.type)} meeting since one was due by ${formatDate(str(p.dueOn))}. The group's next meeting is yours to book (type book), or to record if it has been held.`,
            subject: `overdue:group-${num(p.groupId)}:${str(p.type)}`,
            nonce: randomUUID(),
            outboxKey: item.key,
          },
          refresh,
        );
      }
      const supervisee = await deps.store.personById(num(p.superviseeId));
      if (!supervisee) return null;
      return chaseCard(
        {
          recipient: person(recipient),
          from: null,
          kind: 'supervision-overdue',
          detail: `${supervisee.name}'s ${str(p.type)} supervision was due by ${str(p.dueOn)} and has not been held.`,
          subject: `overdue:${supervisee.id}:${str(p.type)}`,
          nonce: randomUUID(),
          outboxKey: item.key,
          // The supervisee's own notice: they may raise it with their supervisor's manager (supervision/tell-manager.ts).
          ...(supervisee.id === recipient.id && {
            tellManager: { type: str(p.type), dueOn: str(p.dueOn) },
          }),
        },
        refresh,
      );
    }
    case 'told-manager': {
      const [supervisee, supervisor] = await Promise.all([
        deps.store.personById(num(p.superviseeId)),
        deps.store.personById(num(p.supervisorId)),
      ]);
      if (!supervisee || !supervisor) return null;
      return chaseCard(
        {
          recipient: person(recipient),
          from: person(supervisee),
          kind: 'supervision-overdue',
          detail: `${supervisee.name} says their ${str(p.type)} supervision with ${supervisor.name} (who reports to you) is not happening: it was due by ${formatDate(str(p.dueOn))} and has not been held.`,
          subject: `told:${supervisee.id}:${str(p.type)}`,
          nonce: randomUUID(),
          outboxKey: item.key,
        },
        refresh,
      );
    }
    case 'chase': {
      // A chase about a session says nothing any more once it is recorded (or cancelled).
      const about = p.sessionId ? await deps.store.sessionById(num(p.sessionId)) : null;
      if (p.sessionId && (!about || !['planned', 'booked'].includes(about.status))) return null;
      const from = p.fromId ? await deps.store.personById(num(p.fromId)) : null;
      return chaseCard(
        {
          recipient: person(recipient),
          from: from && person(from),
          kind: kindOf(p.kind),
          detail: str(p.detail),
          ...(p.sessionId ? { sessionId: num(p.sessionId) } : {}),
          subject: str(p.subject),
          nonce: randomUUID(),
          outboxKey: item.key,
        },
        refresh,
      );
    }
    case 'booked': {
      const relationship = await deps.store.relationshipById(num(p.relationshipId));
      if (!relationship) return null;
      const now = deps.clock.now();
      const sessions = (
        await deps.store.upcomingSessions(
          relationship.supervisee.id,
          now,
          new Date(now.getTime() + 200 * 86_400_000),
        )
      ).filter((s) => s.relationshipId === relationship.relationshipId);
      return bookedCard({
        relationshipId: relationship.relationshipId,
        supervisor: person(relationship.supervisor),
        supervisee: person(relationship.supervisee),
        sessions: sessions.map(bookedSessionView),
        moved: 0,
        unplaceable: 0,
        failures: [],
      });
    }
    case 'relationship-ended': {
      // Sent once the series left Outlook (supervision/relationship-ending.ts); the times are those taken out.
      const other = await deps.store.personById(num(p.otherId));
      if (!other) return null;
      const newSupervisor = p.newSupervisorId
        ? await deps.store.personById(num(p.newSupervisorId))
        : null;
      const starts = str(p.sessions)
        .split(' ')
        .filter(Boolean)
        .map((iso) => londonDateTime(new Date(iso)));
      return relationshipEndedCard({
        role: p.role === 'supervisor' ? 'supervisor' : 'supervisee',
        other: person(other),
        newSupervisor: newSupervisor && person(newSupervisor),
        sessions: starts.map((start) => ({ date: start.slice(0, 10), time: start.slice(11, 16) })),
      });
    }
    case 'sign-off':
    case 'sign-off-due':
    case 'sign-off-answer': {
      // The record card, to the supervisee to answer or to the supervisor to read the answer; nothing
      // once this version is answered (a reminder) or replaced by an amendment (which sends its own).
      const view = await recordView(deps, recipient, num(p.sessionId)).catch((error: unknown) => {
        if (error instanceof NotAllowedError) return null;
        throw error;
      });
      const signOff = view?.signOff;
      if (!view || !signOff || signOff.version !== num(p.version)) return null;
      const answered = signOff.outcome !== null;
      if (item.kind === 'sign-off-answer' ? !answered : answered) return null;
      return recordCard(view, refresh);
    }
    case 'agreement': {
      // To each of the two people; anyone else (a cover sent it as the supervisor that day), and a relationship since ended, get nothing.
      const state = await agreementState(deps, recipient, num(p.superviseeId)).catch(
        (error: unknown) => {
          if (error instanceof NotAllowedError) return null;
          throw error;
        },
      );
      return (
        state &&
        agreementCard(
          agreementView(state, {
            kind: p.kind === 'review' || p.kind === 'update' ? p.kind : 'agreement',
            dueOn: p.dueOn == null ? null : str(p.dueOn),
          }),
        )
      );
    }
    case 'session-lost': {
      // Not the recipient's any more (the relationship moved on): no card. A replaced one shows its replacement.
      const state = await lostSessionState(deps, recipient, num(p.sessionId)).catch(
        (error: unknown) => {
          if (error instanceof NotAllowedError) return null;
          throw error;
        },
      );
      return state && lostSessionCard(lostSessionView(state, recipient));
    }
    case 'sign-off-disagreement': {
      const session = await deps.store.sessionById(num(p.sessionId));
      const signOff = session && (await deps.store.signOffOf(session.sessionId));
      if (!session || !signOff || signOff.outcome !== 'disagreed') return null;
      if (signOff.recordAt.getTime() !== num(p.version) || !signOff.signedAt) return null;
      const record = await deps.store.recordOf(session.sessionId);
      const heldOn =
        (typeof record?.record?.heldOn === 'string' && record.record.heldOn) ||
        (session.startsAt ? londonDate(session.startsAt) : londonDate(signOff.recordAt));
      const at = (d: Date) => londonDateTime(d).slice(0, 16).replace('T', ' ');
      return signOffDisagreementCard({
        manager: person(recipient),
        supervisor: person(session.supervisor),
        supervisee: person(session.supervisee),
        heldOn,
        type: session.type,
        recordedAt: at(signOff.recordAt),
        disagreedAt: at(signOff.signedAt),
        reason: signOff.comment ?? '',
        recordLocation: record?.recordLocation ?? null,
      });
    }
    case 'ladder': {
      // The entries as the ladder found them that morning (supervision/escalation-ladder.ts); a
      // Remind or Snooze on one done since answers that it is done.
      const entries = readLadderEntries(p.entries);
      if (entries.length === 0) return null;
      const shown = entries.slice(0, LADDER_CARD_ENTRIES);
      const ids = [...new Set(shown.flatMap((e) => [e.personId, e.supervisorId ?? e.personId]))];
      const people = new Map(
        (await Promise.all(ids.map((id) => deps.store.personById(id))))
          .filter((found) => found !== null)
          .map((found) => [found.id, found]),
      );
      const views = shown.flatMap((entry) => {
        const who = people.get(entry.personId);
        if (!who) return [];
        const supervisor = entry.supervisorId ? people.get(entry.supervisorId) : undefined;
        return [
          {
            kind: entry.kind,
            person: person(who),
            team: null,
            supervisor: supervisor ? person(supervisor) : null,
            ...(entry.type !== undefined && { type: entry.type }),
            ...(entry.caseReference !== undefined && { caseReference: entry.caseReference }),
            dueOn: entry.dueOn,
            rung: entry.rung,
            subject: ladderSubject(entry),
          },
        ];
      });
      return ladderCard({
        recipient: person(recipient),
        on: str(p.on),
        entries: views,
        more: entries.length - views.length + num(p.waiting ?? 0),
        nonce: randomUUID(),
      });
    }
    default:
      return null;
  }
}
