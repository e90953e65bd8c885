/**
 * The escalation ladder: what stays overdue climbs. Each overdue item (as
 * "who is overdue?" finds it) reaches the person it concerns, then their
 * supervisor, then the supervisor's line manager, then the next level up,
 * each a number of working days after the item fell due. The steps are the
 * pack's `escalation` where a council's document gives them, Cadence's
 * default otherwise (none of the seeded documents gives days: Knowsley's
 * Standard 5 says staff "must escalate", Lambeth's Appendix E escalates a
 * disagreement "via the appropriate line management structures").
 *
 * - Once a day at most: each person gets one ladder message a day, listing
 *   every item that has reached them and that they have not been sent
 *   before; the rest wait for the next day.
 * - Once per item and person: what a person was sent (read back from the
 *   outbox) is not sent to them again for the same due date. A new due date
 *   is a new item.
 * - A snooze holds an item for the person who snoozed it (the same subject as
 *   its other reminders), and only for them: the ladder still climbs.
 * - Steps a dedicated message already takes are left to it (the overdue notice
 *   to the person and supervisor, the record reminder and its escalation, the
 *   sign-off reminder, the agreement card), so no one is told twice.
 */
import { z } from 'zod';
import {
  addDays,
  addWorkingDays,
  loadShippedPack,
  londonDate,
  londonInstant,
  type IsoDate,
} from '../rules/index.ts';
import { findOverdue, type OverdueItem } from './overdue.ts';
import { OVERDUE_KINDS, type OverdueKind } from './overdue-labels.ts';
import { observedTypes } from './observation.ts';
import type {
  LadderReader,
  LadderTold,
  OutboxMessage,
  PromptMember,
  Recipient,
  Snooze,
} from './ports/index.ts';
import type { SkippedPrompt } from './prompts.ts';

export type LadderRung = 'person' | 'supervisor' | 'manager' | 'next-level';

export interface LadderStep {
  to: LadderRung;
  afterWorkingDays: number;
}

/** Cadence's ladder where the policy gives none: the person and supervisor on the day, then up a level each week. */
export const DEFAULT_LADDER: readonly LadderStep[] = [
  { to: 'person', afterWorkingDays: 0 },
  { to: 'supervisor', afterWorkingDays: 0 },
  { to: 'manager', afterWorkingDays: 5 },
  { to: 'next-level', afterWorkingDays: 10 },
];

/** Entries one message carries at most; the rest reach the person the next day. */
export const LADDER_MAX_PER_MESSAGE = 50;
/** How far back the ladder reads what it has sent: the outbox keeps settled messages this long (store/operational-pruning.ts). */
export const LADDER_MEMORY_DAYS = 90;
/** The London time the day's ladder messages go out. */
export const LADDER_TIME = '09:00';

/** Steps another message already takes for that kind (supervision/prompts.ts, supervision/sign-off.ts). */
const TOLD_ELSEWHERE: Partial<Record<OverdueKind, readonly LadderRung[]>> = {
  'supervision-overdue': ['person', 'supervisor'], // the overdue notice
  // The supervisor writes the record (record-due), the manager hears the next working day
  // (escalation); the supervisee has nothing to do.
  unrecorded: ['person', 'supervisor', 'manager'],
  'awaiting-sign-off': ['person'], // the sign-off reminder
  'agreement-missing': ['person', 'supervisor'], // the agreement card
  'agreement-review-overdue': ['person', 'supervisor'],
};

/**
 * Kinds that do not climb: a roster problem (no supervisor, a missing
 * setting) is the administrator's to fix and has no due date, and "not
 * booked" warns of a date still to come (once it passes, the supervision
 * overdue item climbs).
 */
const DOES_NOT_CLIMB: ReadonlySet<OverdueKind> = new Set([
  'no-supervisor',
  'setting-missing',
  'not-booked',
]);

/** The ladder a policy sets, or Cadence's default. */
export function ladderOf(policy: string): { steps: readonly LadderStep[]; policySetsIt: boolean } {
  const own = loadShippedPack(policy).escalation;
  return own
    ? { steps: own.steps, policySetsIt: true }
    : { steps: DEFAULT_LADDER, policySetsIt: false };
}

/** One item on its way up, as a ladder message carries it: ids and dates only. */
export interface LadderEntry {
  /** The item and its due date: `<kind>:<personId>:<type, case or session>:<dueOn>`. */
  key: string;
  kind: OverdueKind;
  personId: number;
  upn: string;
  type?: string;
  caseReference?: string;
  sessionId?: number;
  dueOn: IsoDate;
  /** Their supervisor as the ladder found them (the card names them). */
  supervisorId?: number;
  /** Whom it reached: the person, or someone above them. */
  rung: LadderRung;
  /** The day that step fell on. */
  stepOn: IsoDate;
}

function entryKey(item: OverdueItem, personId: number, dueOn: IsoDate): string {
  const what = item.type ?? item.caseReference ?? item.sessionId ?? '';
  return `${item.kind}:${personId}:${what}:${dueOn}`;
}

/** The subject an entry is snoozed by: the same as its other reminders', so one snooze holds both. */
export function ladderSubject(
  entry: Pick<LadderEntry, 'kind' | 'personId' | 'type' | 'caseReference' | 'sessionId'>,
): string {
  if (entry.kind === 'supervision-overdue') return `overdue:${entry.personId}:${entry.type}`;
  if (entry.kind === 'unrecorded') return `record:${entry.sessionId}`;
  if (entry.kind === 'awaiting-sign-off') return `sign-off:${entry.sessionId}`;
  return `${entry.kind}:${entry.personId}:${entry.type ?? entry.caseReference ?? ''}`.slice(0, 200);
}

const entrySchema = z.object({
  key: z.string().max(300),
  kind: z.enum(OVERDUE_KINDS),
  personId: z.number().int(),
  upn: z.string().max(320),
  type: z.string().max(80).optional(),
  caseReference: z.string().max(80).optional(),
  sessionId: z.number().int().optional(),
  dueOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  supervisorId: z.number().int().optional(),
  rung: z.enum(['person', 'supervisor', 'manager', 'next-level']),
  stepOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
});

/** The entries a ladder message carries (its payload's `entries`), checked: a message that does not parse carries none. */
export function readLadderEntries(json: unknown): LadderEntry[] {
  if (typeof json !== 'string') return [];
  try {
    const parsed = z.array(entrySchema).safeParse(JSON.parse(json));
    return parsed.success ? (parsed.data as LadderEntry[]) : [];
  } catch {
    return [];
  }
}

export interface LadderSnapshot {
  members: PromptMember[];
  items: OverdueItem[];
  /** Each person's line manager (absent: none recorded). */
  managers: ReadonlyMap<number, Recipient | null>;
  told: LadderTold[];
  snoozes: Snooze[];
}

/** The pure part: the day's ladder messages at `now`, and what was held back and why. */
export function decideLadder(
  snapshot: LadderSnapshot,
  now: Date,
  stepsOf: (policy: string) => readonly LadderStep[] = (policy) => ladderOf(policy).steps,
): { messages: OutboxMessage[]; skipped: SkippedPrompt[] } {
  const today = londonDate(now);
  const byUpn = new Map(snapshot.members.map((member) => [member.upn, member]));
  const told = new Set(
    snapshot.told.flatMap((t) => t.keys.map((key) => `${t.recipientId} ${key}`)),
  );
  const toldToday = new Set(snapshot.told.filter((t) => t.on === today).map((t) => t.recipientId));
  const snoozedUntil = new Map(
    snapshot.snoozes
      .filter((s) => s.untilAt > now)
      .map((s) => [`${s.personId} ${s.subject}`, s.untilAt]),
  );
  const managerOf = (person: Recipient | null | undefined) =>
    person ? (snapshot.managers.get(person.id) ?? null) : null;
  const pending = new Map<number, LadderEntry[]>();
  const skipped: SkippedPrompt[] = [];

  for (const item of snapshot.items) {
    if (DOES_NOT_CLIMB.has(item.kind) || !item.dueOn || item.daysOverdue < 0) continue;
    const member = byUpn.get(item.upn);
    if (!member) continue;
    const supervisor = member.supervisor;
    const manager = managerOf(supervisor);
    const rungs: Record<LadderRung, Recipient | null> = {
      person: { id: member.id, usesTeams: member.usesTeams },
      supervisor,
      manager,
      'next-level': managerOf(manager),
    };
    const key = entryKey(item, member.id, item.dueOn);
    const reached = new Set<number>();
    for (const step of stepsOf(member.policy)) {
      const stepOn = addWorkingDays(item.dueOn, step.afterWorkingDays);
      if (stepOn > today) continue;
      const to = rungs[step.to];
      // Someone twice on the ladder (their supervisor is also their manager) hears it at the first step.
      if (to && reached.has(to.id)) continue;
      if (to) reached.add(to.id);
      if (TOLD_ELSEWHERE[item.kind]?.includes(step.to)) continue;
      const entry: LadderEntry = {
        key,
        kind: item.kind,
        personId: member.id,
        upn: member.upn,
        ...(item.type !== undefined && { type: item.type }),
        ...(item.caseReference !== undefined && { caseReference: item.caseReference }),
        ...(item.sessionId !== undefined && { sessionId: item.sessionId }),
        dueOn: item.dueOn,
        ...(supervisor && { supervisorId: supervisor.id }),
        rung: step.to,
        stepOn,
      };
      const skip = (reason: SkippedPrompt['reason'], until?: Date) =>
        skipped.push({
          key: `ladder:${key}:${step.to}`,
          kind: 'ladder',
          recipientId: to?.id ?? null,
          reason,
          ...(until && { until }),
        });
      if (!to) {
        skip('no-manager');
        continue;
      }
      if (told.has(`${to.id} ${key}`)) continue;
      if (!to.usesTeams) {
        skip('not-on-teams');
        continue;
      }
      const until = snoozedUntil.get(`${to.id} ${ladderSubject(entry)}`);
      if (until) {
        skip('snoozed', until);
        continue;
      }
      const list = pending.get(to.id) ?? [];
      list.push(entry);
      pending.set(to.id, list);
    }
  }

  const at = londonInstant(today, LADDER_TIME);
  const messages: OutboxMessage[] = [];
  for (const [recipientId, entries] of pending) {
    if (toldToday.has(recipientId)) continue; // one a day: the rest go tomorrow
    // The longest overdue first, so a message cut at its limit carries the worst.
    entries.sort((a, b) => a.dueOn.localeCompare(b.dueOn) || a.key.localeCompare(b.key));
    const carried = entries.slice(0, LADDER_MAX_PER_MESSAGE);
    messages.push({
      key: `ladder:${recipientId}:${today}`,
      recipientId,
      kind: 'ladder',
      payload: {
        on: today,
        entries: JSON.stringify(carried),
        waiting: entries.length - carried.length,
      },
      notBefore: at > now ? at : now,
    });
  }
  return { messages, skipped };
}

/** Reads through the port and decides the day's ladder messages at `now`. */
export async function ladderDue(
  reader: LadderReader,
  now: Date,
  options: { defaultRecordWorkingDays: number },
): Promise<{ messages: OutboxMessage[]; skipped: SkippedPrompt[] }> {
  const today = londonDate(now);
  const members = await reader.listSupervised(today);
  const ids = members.map((member) => member.id);
  const [sessions, unrecorded, cases, awaitingSignOff, observations, managers, snoozes, told] =
    await Promise.all([
      reader.summariseSessions(ids, now),
      reader.listUnrecorded(ids, now),
      reader.listOpenCases(ids),
      reader.listAwaitingSignOff(ids),
      reader.listObservationStreaks(ids, observedTypes(members.map((m) => m.policy))),
      reader.listLineManagers(),
      reader.listSnoozes(now),
      reader.listLadderTold(londonInstant(addDays(today, -LADDER_MEMORY_DAYS), '00:00')),
    ]);
  const items = findOverdue(
    { members, sessions, unrecorded, cases, awaitingSignOff, observations },
    today,
    options,
  );
  return decideLadder(
    {
      members,
      items,
      managers: new Map(managers.map((m) => [m.id, m.manager])),
      told,
      snoozes,
    },
    now,
  );
}
