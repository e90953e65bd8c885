/**
 * What a cases file would change: checks across rows (a reference twice) and
 * against Cadence (the worker must be a person Cadence holds, and the status
 * one their policy covers), and the difference from the cases Cadence already
 * holds. Pure: the store supplies a snapshot and applies the plan in one
 * transaction.
 */
import { CadenceError, findCaseStatus, loadShippedPack } from '../rules/index.ts';
import type { CaseEntry } from './cases-file.ts';
import { fileChanges, hasNoChanges, type FileChanges } from './file-changes.ts';
import { FileProblemsError, type LineProblem } from './problems.ts';

/** A case as the store holds it (dates as YYYY-MM-DD text). */
export interface StoredCase {
  id: number;
  reference: string;
  status: string;
  sinceOn: string;
  workerUpn: string | null;
  closedOn: string | null;
  lastDiscussedBeforeCadence: string | null;
}

/** A person a case can be allocated to: who they are and the policy they work under. */
export interface CaseWorker {
  id: number;
  upn: string;
  policy: string;
}

export interface CasesSnapshot {
  /** Cases by reference, exactly as written. */
  cases: ReadonlyMap<string, StoredCase>;
  /** People by lower-case UPN. */
  people: ReadonlyMap<string, CaseWorker>;
}

export type CasesPlan = FileChanges<CaseEntry>;

/** Checks the file as a whole against itself and Cadence, and says what would change. */
export function planCases(
  file: string,
  entries: CaseEntry[],
  rowProblems: LineProblem[],
  held: CasesSnapshot,
): CasesPlan {
  const problems = [...rowProblems, ...crossRowProblems(entries, held)];
  if (problems.length > 0) throw new FileProblemsError(file, problems);
  return fileChanges(entries, held.cases, (entry) => entry.reference, changedFields);
}

export const casesPlanIsEmpty = hasNoChanges;

function crossRowProblems(entries: CaseEntry[], held: CasesSnapshot): LineProblem[] {
  const problems: LineProblem[] = [];
  const firstLine = new Map<string, number>();
  for (const entry of entries) {
    const seen = firstLine.get(entry.reference);
    if (seen !== undefined)
      problems.push({
        line: entry.line,
        message: `reference ${entry.reference} already appears on line ${seen}`,
      });
    else firstLine.set(entry.reference, entry.line);

    const worker = held.people.get(entry.workerUpn);
    if (!worker) {
      problems.push({
        line: entry.line,
        message: `worker_upn '${entry.workerUpn}' is not in Cadence; import the roster first (cadence roster import)`,
      });
      continue;
    }
    try {
      findCaseStatus(loadShippedPack(worker.policy), entry.status);
    } catch (error) {
      if (!(error instanceof CadenceError)) throw error;
      problems.push({ line: entry.line, message: error.message });
    }
  }
  return problems;
}

function changedFields(entry: CaseEntry, stored: StoredCase): [string, unknown, unknown][] {
  return [
    ['status', entry.status, stored.status],
    ['since', entry.since, stored.sinceOn],
    ['worker', entry.workerUpn, stored.workerUpn?.toLowerCase() ?? null],
    ['closed', entry.closed ?? null, stored.closedOn],
    ['last_discussed', entry.lastDiscussed ?? null, stored.lastDiscussedBeforeCadence],
  ];
}
