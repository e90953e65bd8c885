/**
 * Problems found in an uploaded file, each tied to a line. A file with any
 * problem is refused whole, listing them all, and nothing is written.
 */
import { InputError } from '../rules/index.ts';

export interface LineProblem {
  line: number;
  message: string;
}

export class FileProblemsError extends InputError {
  override name = 'FileProblemsError';
  readonly problems: readonly LineProblem[];

  constructor(
    readonly file: string,
    problems: readonly LineProblem[],
  ) {
    const sorted = [...problems].sort((a, b) => a.line - b.line);
    super(
      `${file}: ${problems.length} problem${problems.length === 1 ? '' : 's'}, nothing was imported\n${sorted.map((p) => `  line ${p.line}: ${p.message}`).join('\n')}`,
    );
    this.problems = sorted;
  }
}
