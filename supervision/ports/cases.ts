/** What case import writes with, inside one transaction (`supervision/cases-import.ts`; `store/cases.ts` implements it). */
import type { IsoDate } from '../../rules/index.ts';
import type { CaseWorker, StoredCase } from '../cases-plan.ts';
import type { AuditEntry } from './common.ts';

/** A case's columns as written: by reference only, never a child's name. */
export interface CaseFields {
  reference: string;
  status: string;
  sinceOn: IsoDate;
  workerId: number;
  closedOn: IsoDate | null;
  /** Last discussed before Cadence kept records, from the cases file. */
  lastDiscussedBeforeCadence: IsoDate | null;
}

/** What case import needs, inside one transaction. */
export interface CasesWriter {
  listCases(): Promise<StoredCase[]>;
  /** Everyone a case may be allocated to; only id, upn and policy are read. */
  listPeople(): Promise<CaseWorker[]>;
  insertCase(fields: CaseFields): Promise<number>;
  updateCase(id: number, fields: CaseFields): Promise<void>;
  audit(entry: AuditEntry): Promise<void>;
}
