/**
 * Writing CSV for people who open it in Excel: RFC 4180 (fields quoted when
 * they hold a comma, a quote or a line break; quotes doubled; CRLF between
 * records), UTF-8 with a byte order mark, and cells that Excel would run as a
 * formula neutralised.
 *
 * The byte order mark: Excel on Windows reads a CSV opened by double-click in
 * the machine's legacy code page unless the file starts with one, so a name
 * such as "Siobhán Ó Briain" would arrive garbled. Our own importer, Python's
 * `utf-8-sig` and most tools skip it.
 */

/** A table to write: its header and its rows, in the header's order. */
export interface CsvTable {
  columns: readonly string[];
  rows: readonly (readonly CsvValue[])[];
}

export type CsvValue = string | number | null | undefined;

const BOM = '\uFEFF';
/**
 * What a cell may not start with (OWASP "CSV injection"): Excel and other
 * spreadsheets take = + - @ as a formula, and a leading tab or carriage
 * return can hide one.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/** One cell: empty for null, a formula start prefixed with `'`, quoted when it must be. */
export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  // Numbers are ours (ids, minutes, counts), never negative: written as they are.
  let text = typeof value === 'number' ? String(value) : value;
  if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The whole file's text, from the byte order mark to the last CRLF. */
export function toCsv(table: CsvTable): string {
  const line = (cells: readonly CsvValue[]) => `${cells.map(csvCell).join(',')}\r\n`;
  return BOM + line(table.columns) + table.rows.map(line).join('');
}
