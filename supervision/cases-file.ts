/**
 * The cases file: each child's case by the council's reference, its status,
 * since when, and the worker it is allocated to. Never a child's name.
 * Checked whole before anything is written; every problem is reported with
 * its line.
 *
 * Columns (docs/cases.md has the full description):
 *   required  reference, status, since, worker_upn
 *   optional  closed, last_discussed (the last discussion before Cadence)
 */
import type { IsoDate } from '../rules/index.ts';
import { cellsOf, readCsv, UPN_PATTERN, type CsvRow, type ReadingDay } from './csv.ts';
import { FileProblemsError, type LineProblem } from './problems.ts';

export const CASES_COLUMNS = {
  required: ['reference', 'status', 'since', 'worker_upn'],
  optional: ['closed', 'last_discussed'],
} as const;

export interface CaseEntry {
  line: number;
  /** The council's case reference, e.g. CHI-004512; never a child's name. */
  reference: string;
  status: string;
  since: IsoDate;
  /** Lower-case UPN of the worker the case is allocated to. */
  workerUpn: string;
  closed?: IsoDate;
  /** When the case was last discussed in supervision before Cadence kept records. */
  lastDiscussed?: IsoDate;
}

/** The longest reference accepted; the council's system issues short ones. */
export const REFERENCE_MAX_LENGTH = 40;
const REFERENCE = /^[A-Za-z0-9][A-Za-z0-9\-/_.]*$/;

/** Reads and checks every row on its own; checks against the file as a whole and against Cadence are in cases-plan.ts. */
export function readCasesFile(
  text: string,
  file: string,
  day: ReadingDay,
): { entries: CaseEntry[]; problems: LineProblem[] } {
  const rows = readCsv(text, file, CASES_COLUMNS);
  if (rows.length === 0)
    throw new FileProblemsError(file, [{ line: 2, message: 'the file has a header but no cases' }]);
  const entries: CaseEntry[] = [];
  const problems: LineProblem[] = [];
  for (const row of rows) {
    const rowProblems: string[] = [];
    const entry = readEntry(row, rowProblems, day);
    if (entry) entries.push(entry);
    else problems.push(...rowProblems.map((message) => ({ line: row.line, message })));
  }
  return { entries, problems };
}

/** Why `reference` is not a case reference, or undefined when it is one. The refused text is not repeated: it may be a name. */
export function referenceProblem(reference: string): string | undefined {
  if (!reference) return "reference is empty; give the council's case reference, e.g. CHI-004512";
  if (
    /\s/.test(reference) ||
    reference.length > REFERENCE_MAX_LENGTH ||
    !REFERENCE.test(reference)
  ) {
    return `reference must be a case reference, never a child's name: letters, digits and - / _ . only, no spaces, at most ${REFERENCE_MAX_LENGTH} characters, e.g. CHI-004512`;
  }
  return undefined;
}

function readEntry(row: CsvRow, problems: string[], day: ReadingDay): CaseEntry | undefined {
  const { value, date } = cellsOf(row, problems, day);
  const reference = value('reference');
  const refused = referenceProblem(reference);
  if (refused) problems.push(refused);
  const status = value('status');
  if (!status)
    problems.push(
      "status is empty; give a case status of the worker's policy (cadence policy show <policy> lists them)",
    );
  const since = date('since', true, 'start');
  const closed = date('closed', false, 'past');
  const lastDiscussed = date('last_discussed', false, 'past');
  if (since && closed && since > closed) problems.push(`since ${since} is after closed ${closed}`);
  const workerUpn = value('worker_upn').toLowerCase();
  if (!workerUpn)
    problems.push('worker_upn is empty; give the UPN of the worker the case is allocated to');
  else if (!UPN_PATTERN.test(workerUpn))
    problems.push(
      `worker_upn '${value('worker_upn')}' is not a user principal name like name@council.gov.uk`,
    );
  if (problems.length > 0 || !since) return undefined;
  return {
    line: row.line,
    reference,
    status,
    since,
    workerUpn,
    ...(closed && { closed }),
    ...(lastDiscussed && { lastDiscussed }),
  };
}
