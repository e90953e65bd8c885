/**
 * Reading an uploaded CSV file into rows that remember their line number, so
 * every problem can be reported against the line a person sees in Excel.
 */
import { parse } from 'csv-parse/sync';
import { InputError } from '../rules/index.ts';

export interface CsvRow {
  line: number;
  values: Record<string, string>;
}

export interface CsvColumns {
  required: readonly string[];
  optional: readonly string[];
}

/** Parses `text`; refuses a file whose header lacks a required column or has an unknown one. */
export function readCsv(text: string, file: string, columns: CsvColumns): CsvRow[] {
  let records: { record: Record<string, string>; info: { lines: number } }[];
  try {
    // With `info`, each record comes wrapped with its line numbers.
    const parsed: unknown = parse(text, {
      bom: true,
      columns: (header: string[]) => header.map((name) => name.trim().toLowerCase()),
      info: true,
      skip_empty_lines: true,
      trim: true,
    });
    records = parsed as typeof records;
  } catch (error) {
    throw new InputError(`${file}: not a readable CSV file: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  const header = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0]!.split(',').map((name) => name.trim().replace(/^"|"$/g, '').toLowerCase());
  const missing = columns.required.filter((name) => !header.includes(name));
  const unknown = header.filter((name) => name && !columns.required.includes(name) && !columns.optional.includes(name));
  if (missing.length > 0 || unknown.length > 0) {
    const problems = [
      missing.length > 0 ? `missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}` : '',
      unknown.length > 0 ? `unknown column${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}` : '',
    ].filter(Boolean);
    throw new InputError(
      `${file}: ${problems.join('; ')}; the header must have ${columns.required.join(', ')}${columns.optional.length > 0 ? ` and may have ${columns.optional.join(', ')}` : ''}`,
    );
  }
  return records.map(({ record, info }) => ({ line: info.lines, values: record }));
}
