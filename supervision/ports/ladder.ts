/** What the escalation ladder reads (`supervision/escalation-ladder.ts`; `store/ladder-reader.ts` implements it). */
import type { PromptMember, Recipient, Snooze } from './prompts.ts';
import type { TeamSnapshot } from './team.ts';

/** Someone's line manager (people.manager_id), as the ladder climbs to them. */
export interface LineManager {
  id: number;
  manager: Recipient | null;
}

/** A ladder message already queued: to whom, on which London date, and the entries it carried. */
export interface LadderTold {
  recipientId: number;
  on: string;
  keys: string[];
}

export interface LadderReader {
  /** Everyone with a current supervisor on the London date `on` (the `PromptReader` query). */
  listSupervised(on: string): Promise<PromptMember[]>;
  /** The `TeamReader` queries "who is overdue?" is judged from. */
  summariseSessions(personIds: number[], now: Date): Promise<TeamSnapshot['sessions']>;
  listUnrecorded(personIds: number[], now: Date): Promise<TeamSnapshot['unrecorded']>;
  listOpenCases(personIds: number[]): Promise<TeamSnapshot['cases']>;
  listAwaitingSignOff(personIds: number[]): Promise<NonNullable<TeamSnapshot['awaitingSignOff']>>;
  listObservationStreaks(
    personIds: number[],
    types: string[],
  ): Promise<NonNullable<TeamSnapshot['observations']>>;
  /** Every active person's line manager. */
  listLineManagers(): Promise<LineManager[]>;
  /** Snoozes still in force at `now`. */
  listSnoozes(now: Date): Promise<Snooze[]>;
  /** Ladder messages queued since `since`, with the entries each carried. */
  listLadderTold(since: Date): Promise<LadderTold[]>;
}
