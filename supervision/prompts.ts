/**
 * Chasing: which proactive messages are due now. A scan reads what it needs
 * through the `PromptReader` port and decides, purely, the messages to put in
 * the outbox. Every message has a key naming what it is for (`preparation:12`,
 * `digest:7:2026-W48`, ...), so the scan can run every few minutes on every
 * instance: enqueueing a key already there adds nothing.
 *
 * - preparation: N working days before a booked session, 09:00 London, to the supervisee;
 * - record prompt: when a booked session ends, to the supervisor;
 * - record due: 09:00 on the day the record falls due (the policy's deadline,
 *   or Cadence's default), still unrecorded, to the supervisor;
 * - escalation: 09:00 the working day after that, still unrecorded, to the
 *   supervisor's manager;
 * - digest: Monday 09:00, to everyone with someone below them;
 * - overdue notice: supervision overdue (as "who is overdue?" finds it), to
 *   the supervisee and their supervisor, once per due date;
 * - agreement: the supervision agreement to both people, from the start of a
 *   relationship (within 30 days of it), and its review from ten working
 *   days before it falls due (until 30 days after);
 * - sign-off due: 09:00 on the last day to sign off a record, still not
 *   signed, to the supervisee (the sign-off card itself went when the record
 *   was saved).
 *
 * Only people who use Teams get messages. A snoozed subject (`record:12`,
 * `overdue:34:one-to-one`) gets nothing for that person until the snooze ends;
 * nothing is enqueued meanwhile, so a later scan sends it then. Messages are
 * enqueued only once they are due (their day has come), so a session recorded
 * or a snooze set before then stops them; the outbox holds each until
 * `notBefore` and the recipient's working hours.
 */
import {
  addDays,
  addWorkingDays,
  daysBetween,
  endOfLondonDay,
  isoWeekday,
  londonDate,
  londonInstant,
  parseIsoDate,
  type IsoDate,
} from '../rules/index.ts';
import { findOverdue } from './overdue.ts';
import { recordDeadline } from './record-deadline.ts';
import { signOffDeadline } from './sign-off.ts';
import { AGREEMENT_NOTICE_WORKING_DAYS, agreementDue } from './agreement-signing.ts';
import type {
  GroupPromptMeeting,
  MemberGroup,
  MessageKind,
  OutboxMessage,
  PromptMember,
  PromptReader,
  PromptSession,
  Recipient,
  Snooze,
  TeamSnapshot,
} from './ports/index.ts';

export interface PromptOptions {
  /** Working days before a session that its preparation prompt goes out (CADENCE_PREPARATION_WORKING_DAYS). */
  preparationWorkingDays?: number;
  /** Working days to record a session where the policy sets no deadline. */
  defaultRecordWorkingDays: number;
  /** How far back (calendar days) unrecorded sessions are still prompted, chased and escalated. */
  unrecordedLookbackDays?: number;
}

export const DEFAULT_PREPARATION_WORKING_DAYS = 2;
export const DEFAULT_UNRECORDED_LOOKBACK_DAYS = 28;
/** The wall-clock time dated prompts go out, London time. */
export const PROMPT_TIME = '09:00';
/** Days after a relationship starts (or a review falls due) that its agreement card is still sent. */
const AGREEMENT_SEND_DAYS = 30;

export interface PromptSnapshot {
  /** Booked sessions: upcoming and ended (either list may hold both; each is judged on its times). */
  sessions: PromptSession[];
  /** Group meetings that have ended unrecorded (docs/roster.md#groups). */
  groupMeetings?: GroupPromptMeeting[];
  leaders: Recipient[];
  members: PromptMember[];
  summaries: TeamSnapshot['sessions'];
  /** Records the members have not signed off (absent: none read). */
  awaitingSignOff?: TeamSnapshot['awaitingSignOff'];
  snoozes: Snooze[];
}

export type SkipReason = 'snoozed' | 'no-manager' | 'not-on-teams';

export interface SkippedPrompt {
  key: string;
  kind: MessageKind;
  /** Null when there is no one to send to (no manager recorded). */
  recipientId: number | null;
  reason: SkipReason;
  /** For a snooze: when it ends. */
  until?: Date;
}

export interface PromptResult {
  messages: OutboxMessage[];
  skipped: SkippedPrompt[];
}

/** The time windows a scan at `now` reads. */
export function promptWindows(
  now: Date,
  options: PromptOptions,
): { upcomingBefore: Date; endedSince: Date; digestWeek: boolean } {
  const today = londonDate(now);
  const n = options.preparationWorkingDays ?? DEFAULT_PREPARATION_WORKING_DAYS;
  return {
    upcomingBefore: endOfLondonDay(addWorkingDays(today, n)),
    endedSince: londonInstant(
      addDays(today, -(options.unrecordedLookbackDays ?? DEFAULT_UNRECORDED_LOOKBACK_DAYS)),
      '00:00',
    ),
    digestWeek: isoWeekday(today) <= 5,
  };
}

/** Reads through the port and decides what is due at `now`. */
export async function promptsDue(
  reader: PromptReader,
  now: Date,
  options: PromptOptions,
): Promise<PromptResult> {
  const windows = promptWindows(now, options);
  const [upcoming, ended, groupMeetings, leaders, members, snoozes] = await Promise.all([
    reader.listUpcomingSessions(now, windows.upcomingBefore),
    reader.listEndedSessions(windows.endedSince, now),
    reader.listEndedGroupMeetings(windows.endedSince, now),
    windows.digestWeek ? reader.listLeaders() : Promise.resolve([]),
    reader.listSupervised(londonDate(now)),
    reader.listSnoozes(now),
  ]);
  const ids = members.map((member) => member.id);
  const [summaries, awaitingSignOff] =
    members.length > 0
      ? await Promise.all([reader.summariseSessions(ids, now), reader.listAwaitingSignOff(ids)])
      : [[], []];
  return decidePrompts(
    {
      sessions: [...upcoming, ...ended],
      groupMeetings,
      leaders,
      members,
      summaries,
      awaitingSignOff,
      snoozes,
    },
    now,
    options,
  );
}

/** The last day to record a session held on `heldOn`: the policy's deadline, or Cadence's default where it sets none. */

/** The ISO week of a date, e.g. `2026-W48` for 23 November 2026. */
export function isoWeekOf(date: IsoDate): string {
  const thursday = addDays(date, 4 - isoWeekday(date));
  const year = thursday.slice(0, 4);
  const week = Math.floor(daysBetween(parseIsoDate(`${year}-01-01`), thursday) / 7) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** The pure part: the messages due at `now`, and those held back and why. */
export function decidePrompts(
  snapshot: PromptSnapshot,
  now: Date,
  options: PromptOptions,
): PromptResult {
  const today = londonDate(now);
  const n = options.preparationWorkingDays ?? DEFAULT_PREPARATION_WORKING_DAYS;
  const { endedSince } = promptWindows(now, options);
  const snoozedUntil = new Map(
    snapshot.snoozes
      .filter((s) => s.untilAt > now)
      .map((s) => [`${s.personId} ${s.subject}`, s.untilAt]),
  );
  const result: PromptResult = { messages: [], skipped: [] };

  const send = (
    to: Recipient | null,
    message: Omit<OutboxMessage, 'recipientId'>,
    subject?: string,
  ) => {
    const skip = (reason: SkipReason, until?: Date) =>
      result.skipped.push({
        key: message.key,
        kind: message.kind,
        recipientId: to?.id ?? null,
        reason,
        ...(until && { until }),
      });
    if (!to) return skip('no-manager');
    if (!to.usesTeams) return skip('not-on-teams');
    const until = subject === undefined ? undefined : snoozedUntil.get(`${to.id} ${subject}`);
    if (until) return skip('snoozed', until);
    result.messages.push({ ...message, recipientId: to.id });
  };

  /**
   * An ended session's record, chased: a prompt when it ends, a reminder on the day it falls due,
   * and the recorder's manager told a working day later. A one-to-one's prompt is not snoozable;
   * a group meeting's is (it is the one card its facilitator is sent).
   */
  const chaseRecord = (
    ended: {
      sessionId: number;
      startsAt: Date;
      endsAt: Date;
      policy: string;
      recorder: Recipient | null;
      manager: Recipient | null;
    },
    kinds: { prompt: MessageKind; due: MessageKind; escalation: MessageKind },
    promptSnoozable: boolean,
  ) => {
    const { sessionId } = ended;
    const subject = `record:${sessionId}`;
    send(
      ended.recorder,
      {
        key: `${kinds.prompt}:${sessionId}`,
        kind: kinds.prompt,
        payload: { sessionId },
        notBefore: ended.endsAt,
      },
      promptSnoozable ? subject : undefined,
    );
    const dueOn = recordDeadline(
      ended.policy,
      londonDate(ended.startsAt),
      options.defaultRecordWorkingDays,
    );
    if (dueOn > today) return;
    const payload = { sessionId, recordDueOn: dueOn };
    const due = { key: `${kinds.due}:${sessionId}`, kind: kinds.due, payload };
    send(ended.recorder, { ...due, notBefore: londonInstant(dueOn, PROMPT_TIME) }, subject);
    const escalateOn = addWorkingDays(dueOn, 1);
    if (escalateOn > today) return;
    send(
      ended.manager,
      {
        key: `${kinds.escalation}:${sessionId}`,
        kind: kinds.escalation,
        payload,
        notBefore: londonInstant(escalateOn, PROMPT_TIME),
      },
      subject,
    );
  };

  // A group meeting's record is chased as a one-to-one's is (docs/roster.md#groups): until it is
  // recorded every member stays due for the group's type.
  for (const meeting of snapshot.groupMeetings ?? []) {
    if (meeting.endsAt > now || meeting.startsAt < endedSince) continue;
    chaseRecord(
      { ...meeting, recorder: meeting.organiser, manager: meeting.organiserManager },
      { prompt: 'group-record-prompt', due: 'group-record-due', escalation: 'group-escalation' },
      true,
    );
  }

  const seen = new Set<number>();
  for (const session of snapshot.sessions) {
    if (seen.has(session.sessionId)) continue;
    seen.add(session.sessionId);
    const { sessionId } = session;
    const heldOn = londonDate(session.startsAt);

    if (session.startsAt > now) {
      const prepareOn = addWorkingDays(heldOn, -n);
      if (prepareOn > today) continue;
      const at = londonInstant(prepareOn, PROMPT_TIME);
      const notBefore = at > now && at < session.startsAt ? at : now;
      send(session.supervisee, {
        key: `preparation:${sessionId}`,
        kind: 'preparation',
        payload: { sessionId },
        notBefore,
      });
      continue;
    }
    if (session.endsAt > now || session.startsAt < endedSince) continue;

    chaseRecord(
      {
        ...session,
        recorder: session.supervisor,
        manager: session.supervisorManager,
      },
      { prompt: 'record-prompt', due: 'record-due', escalation: 'escalation' },
      false,
    );
  }

  // The week's digest, from its Monday; a scan later that week (Monday missed) still sends it.
  if (isoWeekday(today) <= 5) {
    const monday = addDays(today, 1 - isoWeekday(today));
    const week = isoWeekOf(monday);
    for (const leader of snapshot.leaders) {
      send(leader, {
        key: `digest:${leader.id}:${week}`,
        kind: 'digest',
        payload: { weekOf: monday },
        notBefore: londonInstant(monday, PROMPT_TIME),
      });
    }
  }

  // Supervision overdue, found exactly as "who is overdue?" finds it; notices go out from 09:00.
  const noticeAt = londonInstant(today, PROMPT_TIME);
  const byUpn = new Map(snapshot.members.map((member) => [member.upn, member]));
  const byId = new Map(snapshot.members.map((member) => [member.id, member]));
  const overdue = findOverdue(
    { members: snapshot.members, sessions: snapshot.summaries, unrecorded: [], cases: [] },
    today,
    {
      defaultRecordWorkingDays: options.defaultRecordWorkingDays,
    },
  );
  /** A group's organiser is told once per group and due date, however many members it concerns. */
  const groupNotices = new Map<
    string,
    { to: Recipient; group: MemberGroup; dueOn: IsoDate; members: number }
  >();
  for (const item of overdue) {
    const member = byUpn.get(item.upn);
    if (item.kind !== 'supervision-overdue' || !member || !item.type || !item.dueOn) continue;
    const payload = { superviseeId: member.id, type: item.type, dueOn: item.dueOn };
    const subject = `overdue:${member.id}:${item.type}`;
    // A type the member owes through a group (team-session-rules.ts) is the group's organiser's
    // to act on (the next meeting is theirs to hold), not their line supervisor's.
    const group = member.types?.includes(item.type)
      ? undefined
      : member.groups?.find((g) => g.type === item.type && g.id !== undefined);
    for (const to of [member, ...(group ? [] : [member.supervisor])]) {
      if (!to) continue;
      const key = `overdue-notice:${to.id}:${member.id}:${item.type}:${item.dueOn}`;
      send(to, { key, kind: 'overdue-notice', payload, notBefore: noticeAt }, subject);
    }
    if (group?.organiser && group.organiser.id !== member.id) {
      const at = `${group.organiser.id}:${group.id}:${item.dueOn}`;
      const known = groupNotices.get(at);
      if (known) known.members += 1;
      else groupNotices.set(at, { to: group.organiser, group, dueOn: item.dueOn, members: 1 });
    }
  }

  // The supervision agreement, to both people (agreement-signing.ts): a new relationship's at its
  // start, a review from ten working days before it falls due. One long overdue (a council's history
  // on the first day) is left to "who is overdue?" and its Chase rather than sent to everyone at once.
  for (const member of snapshot.members) {
    if (!member.relationshipFrom || !member.supervisor) continue;
    const due = agreementDue({
      policy: member.policy,
      fromOn: member.relationshipFrom,
      signedOn: member.agreementSignedOn,
      reviewedOn: member.agreementReviewedOn,
      changedOn: member.agreementChangedOn ?? null,
    });
    if (!due) continue;
    const window =
      due.kind === 'agreement'
        ? today <= addDays(member.relationshipFrom as IsoDate, AGREEMENT_SEND_DAYS)
        : due.dueOn !== null &&
          today >= addWorkingDays(due.dueOn, -AGREEMENT_NOTICE_WORKING_DAYS) &&
          today <= addDays(due.dueOn, AGREEMENT_SEND_DAYS);
    if (!window) continue;
    for (const to of [member, member.supervisor]) {
      send(to, {
        key: `agreement:${to.id}:${member.id}:${due.kind}:${due.dueOn ?? member.relationshipFrom}`,
        kind: 'agreement',
        payload: { superviseeId: member.id, kind: due.kind, dueOn: due.dueOn },
        notBefore: noticeAt,
      });
    }
  }

  // A record not signed off: the supervisee is reminded at 09:00 on its last day (supervision/sign-off.ts).
  for (const row of snapshot.awaitingSignOff ?? []) {
    const member = byId.get(row.personId);
    if (!member) continue;
    const { dueOn } = signOffDeadline(member.policy, row.requestedOn as IsoDate);
    if (dueOn > today) continue;
    send(
      member,
      {
        key: `sign-off-due:${row.sessionId}:${row.version}`,
        kind: 'sign-off-due',
        payload: { sessionId: row.sessionId, version: row.version },
        notBefore: londonInstant(dueOn, PROMPT_TIME),
      },
      `sign-off:${row.sessionId}`,
    );
  }
  for (const { to, group, dueOn, members } of groupNotices.values()) {
    send(
      to,
      {
        key: `overdue-notice:${to.id}:group-${group.id}:${group.type}:${dueOn}`,
        kind: 'overdue-notice',
        payload: {
          groupId: group.id ?? null,
          groupName: group.name ?? null,
          type: group.type,
          dueOn,
          members,
        },
        notBefore: noticeAt,
      },
      `overdue:group-${group.id}:${group.type}`,
    );
  }
  return result;
}
