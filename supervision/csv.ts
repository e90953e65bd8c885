/**
 * Reading an uploaded CSV file into rows that remember their line number, so
 * every problem can be reported against the line a person sees in Excel.
 */
import { parse } from 'csv-parse/sync';
import { InputError, addDays, parseIsoDate, type IsoDate } from '../rules/index.ts';

/**
 * How far ahead a start or "since" date may be (a typo such as 2062 for 2026
 * silently changes who is overdue): a year, unless a council sets
 * CADENCE_DAYS_AHEAD for imports planned further ahead.
 */
export const DEFAULT_DAYS_AHEAD = 366;

/** The day a file is read against: history may not be after it, starts not too far beyond it. */
export interface ReadingDay {
  today: IsoDate;
  daysAhead?: number;
}

/** What an import of a file reads: its text, who imports it and on which day, and whether only to say what would change. */
export interface FileImportInput {
  text: string;
  file: string;
  actor: string;
  /** The clock's day: dates of what has happened are not after it. */
  today: IsoDate;
  /** How far ahead a start may be (CADENCE_DAYS_AHEAD); a year when absent. */
  daysAhead?: number;
  dryRun: boolean;
}

/** The reading day of an import's input. */
export const readingDayOf = (input: FileImportInput): ReadingDay => ({
  today: input.today,
  ...(input.daysAhead !== undefined && { daysAhead: input.daysAhead }),
});

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
  let records: { record: Record<string, string>; info: { lines: number }; raw: string }[];
  const duplicated: string[] = [];
  try {
    // With `info`, each record comes wrapped with the line it ends on; with `raw`, its text, so the
    // line it starts on (where a person looks in a spreadsheet) can be counted back.
    const parsed: unknown = parse(text, {
      bom: true,
      columns: (header: string[]) => {
        const names = header.map((name) => name.trim().toLowerCase());
        for (const [i, name] of names.entries())
          if (name && names.indexOf(name) !== i && !duplicated.includes(name))
            duplicated.push(name);
        return names;
      },
      info: true,
      raw: true,
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
  // Two columns of one name: which value would count is anyone's guess, so neither does.
  if (duplicated.length > 0)
    throw new InputError(
      `${file}: the header names ${duplicated.map((name) => `'${name}'`).join(', ')} more than once; keep one column of each name`,
    );
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
  return records.map(({ record, info, raw }) => ({
    line: firstLine(info.lines, raw),
    values: record,
  }));
}

/**
 * The line a record starts on, from the line it ends on and its raw text: a
 * quoted field can span lines, and a person looks for the record where it
 * begins. Blank lines skipped before it come at the start of its raw text.
 */
function firstLine(lastLine: number, raw: string): number {
  const own = raw.replace(/^(\r?\n)+/, '').replace(/\r?\n$/, '');
  return lastLine - (own.match(/\n/g)?.length ?? 0);
}

/** A user principal name (sign-in name) such as n.patel@council.gov.uk. */
export const UPN_PATTERN = /^[^\s@,;]+@[^\s@,;]+\.[^\s@,;]+$/;

/**
 * Reading one row's cells, adding a sentence to `problems` for each bad one
 * rather than stopping at the first, so a file's every problem is reported.
 */
export function cellsOf(row: CsvRow, problems: string[], day?: ReadingDay) {
  const value = (name: string) => row.values[name]?.trim() ?? '';
  return {
    value,
    optional: (name: string) => value(name) || undefined,
    /**
     * A date cell; `when` says what it may be against the reading day: `past`
     * (something that has happened: not after today) or `start` (not more
     * than the allowed days ahead).
     */
    date: (name: string, required: boolean, when?: 'past' | 'start'): IsoDate | undefined => {
      const text = value(name);
      if (!text) {
        if (required) problems.push(`${name} is empty; give a date as YYYY-MM-DD`);
        return undefined;
      }
      let date: IsoDate;
      try {
        date = parseIsoDate(text, name);
      } catch (error) {
        if (!(error instanceof InputError)) throw error;
        problems.push(error.message);
        return undefined;
      }
      if (day && when === 'past' && date > day.today) {
        problems.push(
          `${name} ${date} is after today (${day.today}): it says what has happened, so it cannot be a day still to come`,
        );
        return undefined;
      }
      const ahead = day?.daysAhead ?? DEFAULT_DAYS_AHEAD;
      if (day && when === 'start' && date > addDays(day.today, ahead)) {
        problems.push(
          `${name} ${date} is more than ${ahead} days after today (${day.today}); check the year (CADENCE_DAYS_AHEAD allows further ahead)`,
        );
        return undefined;
      }
      return date;
    },
  };
}
