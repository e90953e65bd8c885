/** Cover for an absent supervisor (docs/roster.md#cover): `supervision/cover.ts` sets it against this; `store/cover.ts` implements it. */
import type { AuditEntry } from './common.ts';
import type { PersonRef } from './recording.ts';

export interface CoverPeriod {
  id: number;
  supervisor: PersonRef;
  cover: PersonRef;
  /** London dates, both included. */
  fromOn: string;
  toOn: string;
  setBy: string;
}

export interface CoverStore {
  personByUpn(upn: string): Promise<PersonRef | null>;
  /** The supervisor's cover periods sharing a day with [fromOn, toOn]. */
  overlapping(supervisorId: number, fromOn: string, toOn: string): Promise<CoverPeriod[]>;
  insert(period: Omit<CoverPeriod, 'id'>): Promise<number>;
  /** Periods not over by `on` (all with null), soonest first. */
  list(on: string | null): Promise<CoverPeriod[]>;
  remove(id: number): Promise<CoverPeriod | null>;
  audit(entry: AuditEntry): Promise<void>;
}
