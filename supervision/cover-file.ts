/**
 * The cover file (docs/roster.md#cover): cover periods from a council's own
 * records of leave, one row per period, as `cadence cover set` would set each
 * — the same checks, the same audit. Checked and written in one transaction:
 * a file with any problem is refused whole, each problem with its line, and
 * nothing is written. A row Cadence already holds exactly is left as it is, so
 * importing the same file again changes nothing; periods Cadence holds that
 * the file does not name are left too (removing cover is `cadence cover
 * remove` or the `cover` card).
 *
 * Columns: supervisor_upn (who is away), cover_upn (who stands in), from, to
 * (the first and last day, London dates, both included).
 */
import { InputError, parseIsoDate } from '../rules/index.ts';
import { setCover } from './cover.ts';
import { cellsOf, readCsv } from './csv.ts';
import type { FileChanges } from './file-changes.ts';
import type { CoverStore, InTransaction } from './ports/index.ts';
import { FileProblemsError, type LineProblem } from './problems.ts';

export const COVER_COLUMNS = {
  required: ['supervisor_upn', 'cover_upn', 'from', 'to'],
  optional: [],
} as const;

export interface CoverEntry {
  line: number;
  supervisorUpn: string;
  coverUpn: string;
  from: string;
  to: string;
}

/** A dry run is checked in full, period by period, then taken back: this carries its answer out of the transaction. */
class DryRun extends Error {
  constructor(readonly plan: FileChanges<CoverEntry>) {
    super('dry run');
  }
}

export async function importCovers(
  inTransaction: InTransaction<CoverStore>,
  input: { text: string; file: string; actor: string; dryRun: boolean },
): Promise<{ plan: FileChanges<CoverEntry>; written: boolean }> {
  const entries = readCsv(input.text, input.file, COVER_COLUMNS).map((row) => {
    const { value } = cellsOf(row, []);
    return {
      line: row.line,
      supervisorUpn: value('supervisor_upn').toLowerCase(),
      coverUpn: value('cover_upn').toLowerCase(),
      from: value('from'),
      to: value('to'),
    };
  });
  try {
    return await inTransaction(async (store) => {
      const problems: LineProblem[] = [];
      const plan: FileChanges<CoverEntry> = { added: [], updated: [], unchanged: 0, notInFile: 0 };
      for (const entry of entries) {
        if (await heldAlready(store, entry)) {
          plan.unchanged += 1;
          continue;
        }
        try {
          // Rows are set in the file's order, so two rows of the file that overlap are refused too.
          await setCover(store, { ...entry, actor: input.actor });
          plan.added.push(entry);
        } catch (error) {
          if (!(error instanceof InputError)) throw error;
          problems.push({
            line: entry.line,
            message: error.message.replace(/^cover not set: /, ''),
          });
        }
      }
      if (problems.length > 0) throw new FileProblemsError(input.file, problems);
      if (input.dryRun) throw new DryRun(plan);
      return { plan, written: plan.added.length > 0 };
    });
  } catch (error) {
    if (error instanceof DryRun) return { plan: error.plan, written: false };
    throw error;
  }
}

/** The same period (supervisor, cover, first and last day) is in Cadence already. */
async function heldAlready(store: CoverStore, entry: CoverEntry): Promise<boolean> {
  let from: string;
  let to: string;
  try {
    [from, to] = [parseIsoDate(entry.from), parseIsoDate(entry.to)];
  } catch {
    return false; // setCover says what is wrong with the dates
  }
  const supervisor = await store.personByUpn(entry.supervisorUpn);
  if (!supervisor || to < from) return false;
  return (await store.overlapping(supervisor.id, from, to)).some(
    (p) => p.cover.upn.toLowerCase() === entry.coverUpn && p.fromOn === from && p.toOn === to,
  );
}

export function describeCoverPlan(plan: FileChanges<CoverEntry>, written: boolean): string {
  return [
    `${written ? '' : 'would be: '}${plan.added.length} added, ${plan.unchanged} already in Cadence`,
    ...plan.added.map(
      (e) => `  + ${e.coverUpn} covers for ${e.supervisorUpn} from ${e.from} to ${e.to}`,
    ),
  ].join('\n');
}
