/**
 * The card each outbox message becomes, built from the current state when it
 * is sent: a preparation prompt for a session since cancelled, or a record
 * reminder for a session recorded meanwhile, becomes nothing (null).
 *
 * Cards whose state changes after they are sent (a preparation card, a
 * record prompt) carry a refresh, so Teams shows them as they stand when
 * they are opened: a record prompt answered from another card shows the
 * record. `userIds` is left out: these go to a personal chat, where Teams
 * then refreshes for everyone in it (bot/handler.ts has the source).
 */
import { randomUUID } from 'node:crypto';
import {
  bookedCard,
  chaseCard,
  digestCard,
  escalationCard,
  preparationCard,
  recordCard,
  type Card,
  type OverdueKindView,
  type RefreshFor,
} from '../cards/index.ts';
import { daysBetween, londonDate, type IsoDate } from '../rules/index.ts';
import { assistant, type AssistantDeps, type OutboxItem } from '../supervision/index.ts';
import { person, sessionView, sortOverdue } from './views.ts';
import { preparationView, recordView } from './turns.ts';

/** Proactive messages go to the recipient's personal chat (bot/handler.ts keeps no other reference). */
const IN_PERSONAL_CHAT: RefreshFor = 'chat';

const num = (value: unknown): number => (typeof value === 'number' ? value : Number(value));
const str = (value: unknown): string => (typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '');

export async function cardForOutboxItem(deps: AssistantDeps, item: OutboxItem): Promise<Card | null> {
  const recipient = await deps.store.actorById(item.recipientId);
  if (!recipient) return null;
  const p = item.payload;
  switch (item.kind) {
    case 'preparation': {
      const session = await deps.store.sessionById(num(p.sessionId));
      if (!session || !['planned', 'booked'].includes(session.status)) return null;
      return preparationCard(await preparationView(deps, recipient, session.sessionId), IN_PERSONAL_CHAT);
    }
    case 'record-prompt':
    case 'record-due': {
      const view = await recordView(deps, recipient, num(p.sessionId)).catch(() => null);
      return view && !view.recorded ? recordCard(view, IN_PERSONAL_CHAT) : null;
    }
    case 'escalation': {
      const session = await deps.store.sessionById(num(p.sessionId));
      if (!session || !['planned', 'booked'].includes(session.status)) return null;
      const due = str(p.recordDueOn) as IsoDate;
      return escalationCard({
        manager: person(recipient),
        supervisor: person(session.supervisor),
        supervisee: person(session.supervisee),
        session: sessionView(session, due),
        recordDueOn: due,
        workingDaysLate: Math.max(1, daysBetween(due, londonDate(deps.clock.now()))),
        subject: `record:${session.sessionId}`,
        nonce: randomUUID(),
      });
    }
    case 'digest': {
      const report = await assistant.overdueOf(deps, recipient);
      const sorted = sortOverdue(report.items);
      const counts = new Map<OverdueKindView, number>();
      for (const i of sorted) counts.set(i.kind, (counts.get(i.kind) ?? 0) + 1);
      return digestCard({
        manager: person(recipient),
        weekOf: str(p.weekOf),
        people: report.people,
        counts: [...counts].map(([kind, count]) => ({ kind, count })),
        worst: sorted.slice(0, 5).map((i) => ({ kind: i.kind, person: person(i), team: i.team, daysOverdue: i.daysOverdue, detail: i.detail })),
      });
    }
    case 'overdue-notice': {
      const supervisee = await deps.store.personById(num(p.superviseeId));
      if (!supervisee) return null;
      return chaseCard({
        recipient: person(recipient),
        from: null,
        kind: 'supervision-overdue',
        detail: `${supervisee.name}'s ${str(p.type)} supervision was due by ${str(p.dueOn)} and has not been held.`,
        subject: `overdue:${supervisee.id}:${str(p.type)}`,
        nonce: randomUUID(),
      });
    }
    case 'chase': {
      const from = p.fromId ? await deps.store.personById(num(p.fromId)) : null;
      return chaseCard({
        recipient: person(recipient),
        from: from && person(from),
        kind: str(p.kind) as OverdueKindView,
        detail: str(p.detail),
        ...(p.sessionId ? { sessionId: num(p.sessionId) } : {}),
        subject: str(p.subject),
        nonce: randomUUID(),
      });
    }
    case 'booked': {
      const relationship = await deps.store.relationshipById(num(p.relationshipId));
      if (!relationship) return null;
      const now = deps.clock.now();
      const sessions = (await deps.store.upcomingSessions(relationship.supervisee.id, now, new Date(now.getTime() + 200 * 86_400_000))).filter(
        (s) => s.relationshipId === relationship.relationshipId,
      );
      return bookedCard({
        relationshipId: relationship.relationshipId,
        supervisor: person(relationship.supervisor),
        supervisee: person(relationship.supervisee),
        sessions: sessions.map((s) => sessionView(s)).map((s) => ({ date: s.date, time: s.time, durationMinutes: s.durationMinutes, type: s.type })),
        moved: 0,
        unplaceable: 0,
        failures: [],
      });
    }
    default:
      return null;
  }
}
