/**
 * Reading an uploaded CSV file into rows that remember their line number, so
 * every problem can be reported against the line a person sees in Excel.
 */
import { parse } from 'csv-parse/sync';
import { InputError, parseIsoDate, type IsoDate } from '../rules/index.ts';

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
    throw new InputError(
      `${file}: not a readable CSV file: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
  const header = text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/, 1)[0]!
    .split(',')
    .map((name) => name.trim().replace(/^"|"$/g, '').toLowerCase());
  const missing = columns.required.filter((name) => !header.includes(name));
  const unknown = header.filter(
    (name) => name && !columns.required.includes(name) && !columns.optional.includes(name),
  );
  if (missing.length > 0 || unknown.length > 0) {
    const problems = [
      missing.length > 0
        ? `missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`
        : '',
      unknown.length > 0
        ? `unknown column${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}`
        : '',
    ].filter(Boolean);
    throw new InputError(
      `${file}: ${problems.join('; ')}; the header must have ${columns.required.join(', ')}${columns.optional.length > 0 ? ` and may have ${columns.optional.join(', ')}` : ''}`,
    );
  }
  return records.map(({ record, info }) => ({ line: info.lines, values: record }));
}

/** A user principal name (sign-in name) such as n.patel@council.gov.uk. */
export const UPN_PATTERN = /^[^\s@,;]+@[^\s@,;]+\.[^\s@,;]+$/;

/**
 * Reading one row's cells, adding a sentence to `problems` for each bad one
 * rather than stopping at the first, so a file's every problem is reported.
 */
export function cellsOf(row: CsvRow, problems: string[]) {
  const value = (name: string) => row.values[name]?.trim() ?? '';
  return {
    value,
    optional: (name: string) => value(name) || undefined,
    date: (name: string, required: boolean): IsoDate | undefined => {
      const text = value(name);
      if (!text) {
        if (required) problems.push(`${name} is empty; give a date as YYYY-MM-DD`);
        return undefined;
      }
      try {
        return parseIsoDate(text, name);
      } catch (error) {
        if (!(error instanceof InputError)) throw error;
        problems.push(error.message);
        return undefined;
      }
    },
  };
}
