/**
 * A CSV file's bytes as text, as councils really save them (issue 19).
 *
 * - UTF-8, with or without a byte order mark ("CSV UTF-8" in Excel), is read
 *   as it is.
 * - Anything else that is text is read as Windows-1252: what Excel on Windows
 *   writes for "CSV (Comma delimited)" in an English locale. Rather than
 *   refuse it, Cadence reads it and says so, because the names in it are then
 *   exactly right ("Siân Ó Briain", "Aoife O’Brien"), and refusing would only
 *   send the administrator back to Excel to save the same names again
 *   (docs/roster.md says why). Bytes Windows-1252 does not define (0x81, 0x8D,
 *   0x8F, 0x90, 0x9D) mean it was neither: refused, never guessed. No
 *   replacement character (U+FFFD) is ever produced.
 * - A file that is not text — a workbook renamed .csv, a PDF, UTF-16 — is
 *   refused in one line saying what it looks like and how to save it, never
 *   with its bytes.
 */
import { InputError } from '../rules/index.ts';

export type FileEncoding = 'utf-8' | 'windows-1252';

export interface DecodedFile {
  text: string;
  encoding: FileEncoding;
}

const SAVE_AS = 'in Excel choose File > Save As > "CSV UTF-8 (Comma delimited) (*.csv)"';

/** Windows-1252's 0x80–0x9F, where it differs from Latin-1 (null: not defined). */
const CP1252_HIGH: readonly (number | null)[] = [
  0x20ac,
  null,
  0x201a,
  0x0192,
  0x201e,
  0x2026,
  0x2020,
  0x2021,
  0x02c6,
  0x2030,
  0x0160,
  0x2039,
  0x0152,
  null,
  0x017d,
  null,
  null,
  0x2018,
  0x2019,
  0x201c,
  0x201d,
  0x2022,
  0x2013,
  0x2014,
  0x02dc,
  0x2122,
  0x0161,
  0x203a,
  0x0153,
  null,
  0x017e,
  0x0178,
];

const startsWith = (bytes: Uint8Array, prefix: readonly number[]) =>
  prefix.every((byte, i) => bytes[i] === byte);

/** What a file that is not CSV text looks like, in words, or null when it looks like text. */
function notText(bytes: Uint8Array): string | null {
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]))
    return 'this looks like an Excel workbook (.xlsx) or another zip file, not a CSV file';
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]))
    return 'this looks like an older Excel workbook (.xls), not a CSV file';
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46])) return 'this looks like a PDF, not a CSV file';
  if (startsWith(bytes, [0xff, 0xfe]) || startsWith(bytes, [0xfe, 0xff]))
    return 'this is saved as UTF-16 ("Unicode Text"), which Cadence does not read';
  if (bytes.includes(0)) return 'this is not a text file (it holds NUL bytes)';
  return null;
}

function windows1252(bytes: Uint8Array, file: string): string {
  let text = '';
  for (const byte of bytes) {
    if (byte < 0x80 || byte > 0x9f) {
      text += String.fromCharCode(byte);
      continue;
    }
    const code = CP1252_HIGH[byte - 0x80];
    if (code === null || code === undefined)
      throw new InputError(
        `${file}: this is neither UTF-8 nor Windows-1252 text (it holds the byte 0x${byte.toString(16).toUpperCase()}); ${SAVE_AS}`,
      );
    text += String.fromCharCode(code);
  }
  return text;
}

/** The file's text and how it was read; an InputError naming the file when it cannot be read as CSV text. */
export function decodeFileBytes(bytes: Uint8Array, file: string): DecodedFile {
  const what = notText(bytes);
  if (what) throw new InputError(`${file}: ${what}; ${SAVE_AS}`);
  const bom = startsWith(bytes, [0xef, 0xbb, 0xbf]);
  try {
    return {
      text: new TextDecoder('utf-8', { fatal: true }).decode(bom ? bytes.subarray(3) : bytes),
      encoding: 'utf-8',
    };
  } catch {
    if (bom)
      throw new InputError(
        `${file}: this says it is UTF-8 (it starts with a byte order mark) but is not valid UTF-8; ${SAVE_AS}`,
      );
    return { text: windows1252(bytes, file), encoding: 'windows-1252' };
  }
}

/** The line an import's summary adds when the file was not UTF-8, or nothing. */
export function encodingNote(encoding: FileEncoding): string[] {
  return encoding === 'windows-1252'
    ? [
        'read as Windows-1252 (Excel\'s "CSV (Comma delimited)"), not UTF-8: accented names and curly quotes are kept as they were typed; save as "CSV UTF-8" to read it as UTF-8',
      ]
    : [];
}
