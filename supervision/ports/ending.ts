/** What ending relationships in Outlook reads and writes (`supervision/relationship-ending.ts`; `store/relationship-endings.ts` implements it). */
import type { IsoDate } from '../../rules/index.ts';
import type { OutboxMessage } from './outbox.ts';
import type { PersonRef } from './recording.ts';

export interface PendingEnding {
  relationshipId: number;
  /** The relationship's last day: occurrences after it are taken out. */
  endedOn: IsoDate | string;
  supervisor: PersonRef;
  supervisee: PersonRef;
  /** The new supervisor, when a new relationship followed. */
  successor: PersonRef | null;
  /** Starts of the sessions that were in Outlook when it ended: what the two people are told. */
  withdrawn: Date[];
  /**
   * Everyone whose calendar holds the relationship's series: the supervisor, and any alternate
   * supervisor or cover who organised some (docs/roster.md#alternating-supervisors, #cover).
   */
  organisers: string[];
  /** Series Cadence recorded for the relationship, with the pattern each was created with (Graph replaces a recurrence whole). */
  series: { calendarSeriesId: string; everyWeeks: number; weekday: number; firstOn: string }[];
}

/** What ending relationships in Outlook reads and writes; `store/` implements it. */
export interface EndingStore {
  pendingEndings(): Promise<PendingEnding[]>;
  /** Settles the ending and queues its messages, in one transaction; a second call does nothing. */
  finishEnding(
    relationshipId: number,
    detail: Record<string, unknown>,
    messages: readonly OutboxMessage[],
  ): Promise<void>;
  /** Leaves it pending for the next run, saying why. */
  failEnding(relationshipId: number, reason: string): Promise<void>;
}
