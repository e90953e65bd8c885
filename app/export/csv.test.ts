/** The CSV writer, read back with the same CSV parser Cadence's imports use. */
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { csvCell, toCsv } from './csv.ts';

const readBack = (text: string): string[][] => parse(text, { bom: true });

describe('csvCell', () => {
  it('quotes a cell with a comma, a quote or a line break (RFC 4180), and only those', () => {
    expect(csvCell('plain text')).toBe('plain text');
    expect(csvCell('Leeds, West Yorkshire')).toBe('"Leeds, West Yorkshire"');
    expect(csvCell('the "main" record')).toBe('"the ""main"" record"');
    expect(csvCell('line one\nline two')).toBe('"line one\nline two"');
    expect(csvCell('line one\r\nline two')).toBe('"line one\r\nline two"');
    expect(csvCell(null)).toBe('');
    expect(csvCell(undefined)).toBe('');
    expect(csvCell(42)).toBe('42');
  });

  it.each(['=SUM(A1:A9)', '+44 121 000', '-2+3', '@SUM(A1)', '\tleading tab', '\rleading return'])(
    'neutralises %j against formula injection',
    (cell) => {
      const written = csvCell(cell);
      const [[read]] = readBack(`${written}\r\n`) as [[string]];
      expect(read).toBe(`'${cell}`);
    },
  );

  it('leaves a formula character that is not the first one alone', () => {
    expect(csvCell('a=b')).toBe('a=b');
    expect(csvCell('t.hughes@council.gov.uk')).toBe('t.hughes@council.gov.uk');
  });
});

describe('toCsv', () => {
  it('writes a byte order mark, the header, CRLF line ends, and reads back to the same cells', () => {
    const rows = [
      [1, 'Siobhán Ó Briain', 'says "hello", then\nleaves', null],
      [2, '=HYPERLINK("http://evil.example","click")', '', 'NDC-000101; NDC-000102'],
    ];
    const text = toCsv({ columns: ['id', 'name', 'note', 'cases'], rows });
    expect(text.startsWith('\uFEFFid,name,note,cases\r\n')).toBe(true);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(readBack(text)).toEqual([
      ['id', 'name', 'note', 'cases'],
      ['1', 'Siobhán Ó Briain', 'says "hello", then\nleaves', ''],
      ['2', `'=HYPERLINK("http://evil.example","click")`, '', 'NDC-000101; NDC-000102'],
    ]);
  });
});
