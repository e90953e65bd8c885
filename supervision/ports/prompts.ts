/** What the prompt scan reads (`supervision/prompts.ts`; `store/prompt-queries.ts` implements it). */
import type { TeamMember, TeamSnapshot } from './team.ts';

/** Someone a message may go to. */
export interface Recipient {
  id: number;
  usesTeams: boolean;
}

/** A booked session (so not yet recorded), with the people its prompts go to. */
export interface PromptSession {
  sessionId: number;
  type: string;
  startsAt: Date;
  endsAt: Date;
  /** The supervisee's policy, which sets the record deadline (as in "who is overdue?"). */
  policy: string;
  supervisee: Recipient;
  /** The supervisor of the session's relationship. */
  supervisor: Recipient;
  /** The supervisor's manager (people.manager_id), escalated to; null when none is recorded. */
  supervisorManager: Recipient | null;
}

/** A group meeting booked and not recorded, with who records it: the facilitator, or the first member when the peers take turns. */
export interface GroupPromptMeeting {
  sessionId: number;
  startsAt: Date;
  endsAt: Date;
  /** Whoever records it: the facilitator, or the first peer when peers take turns. */
  organiser: Recipient;
  /** The organiser's policy: its record deadline is the meeting's. */
  policy: string;
  /** The organiser's line manager, told when the record is late; null when none is recorded. */
  organiserManager: Recipient | null;
}

/** A person with a current supervisor, as "who is overdue?" reads them. */
export interface PromptMember extends TeamMember {
  usesTeams: boolean;
  /** Who is told as their supervisor: the current supervisor, or whoever covers them that day; null when none is recorded. */
  supervisor: Recipient | null;
}

export interface Snooze {
  personId: number;
  /** `record:<sessionId>` or `overdue:<superviseeId>:<type>`. */
  subject: string;
  untilAt: Date;
}

/** What the prompt scan reads; `store/` implements it with set-based queries over time windows. */
export interface PromptReader {
  /** Booked sessions starting after `now` and before `before`. */
  listUpcomingSessions(now: Date, before: Date): Promise<PromptSession[]>;
  /** Booked sessions that started on or after `since` and ended by `now`: ended, not recorded. */
  listEndedSessions(since: Date, now: Date): Promise<PromptSession[]>;
  /** Booked group meetings that started on or after `since` and ended by `now`: ended, not recorded. */
  listEndedGroupMeetings(since: Date, now: Date): Promise<GroupPromptMeeting[]>;
  /** Everyone with someone below them: a direct report (people.manager_id) or a current supervisee. */
  listLeaders(): Promise<Recipient[]>;
  /** Everyone with a current supervisor, with who that is. */
  /**
   * Everyone with a current supervisor, the supervisor as the prompts reach
   * them on the London date `on`: whoever covers them that day, if anyone
   * (docs/roster.md#cover), unless that is the person themselves.
   */
  listSupervised(on: string): Promise<PromptMember[]>;
  /** Per person and type: last held and next booked (the `TeamReader` query). */
  summariseSessions(personIds: number[], now: Date): Promise<TeamSnapshot['sessions']>;
  /** Records these people have not signed off (the `TeamReader` query). */
  listAwaitingSignOff(personIds: number[]): Promise<NonNullable<TeamSnapshot['awaitingSignOff']>>;
  /** Snoozes still in force at `now`. */
  listSnoozes(now: Date): Promise<Snooze[]>;
}
