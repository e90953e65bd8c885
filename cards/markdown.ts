/**
 * Text people typed (a record's actions, an agenda item, where a record is
 * kept) and text from the roster (names, teams) shown as typed. Adaptive
 * Cards render a CommonMark subset in a TextBlock's text (bold, italic,
 * lists, `[title](url)` links: https://learn.microsoft.com/adaptive-cards/authoring-cards/text-features),
 * and Teams in a Fact's title and value too
 * (https://learn.microsoft.com/microsoftteams/platform/task-modules-and-cards/cards/cards-format):
 * without escaping, an action typed as `[click](https://…)` by a supervisor
 * is a live link in the supervisee's card. RichTextBlock's TextRuns, inputs
 * (their values, labels, choice titles, a toggle's title) and button titles
 * are not markdown, and take text as it is.
 *
 * CommonMark shows a backslash-escaped ASCII punctuation character as the
 * character itself, so escaping changes nothing a person reads; it only
 * stops the text being read as markup. Cadence's own text around it keeps
 * its markup (`**` for bold, `- ` for lists): `md` escapes only what is
 * interpolated.
 */

/** Escaped wherever they stand: emphasis, links and images, code, autolinks and strikethrough. */
const ANYWHERE = /[\\`*_[\]<~]/g;
/** What makes a line a list item, heading, quote, thematic break or setext underline when it starts one. */
const LINE_START = /^(\s*)([-+=#>]|\d{1,9}(?=[.)]))/;
/** A web address in full or from `www.`: every punctuation in it escaped, so no linkifier sees one address. */
const URL = /(?<![a-z0-9])(?:[a-z][a-z0-9+.-]{0,31}:\/\/|www\.)[^\s]*/gi;
/** The dot of a domain (`evil.com`, `name@council.gov.uk`): a fuzzy linkifier's cue. */
const DOMAIN_DOT = /(?<=[a-z0-9])\.(?=[a-z]{2,})/gi;
const ASCII_PUNCTUATION = /[!-/:-@[-`{-~]/g;

/**
 * `text` as a TextBlock or Fact shows it, character for character, with no
 * markup: markdown punctuation backslash-escaped, line breaks (which would
 * start a line of markup) folded into spaces.
 */
export function plain(text: string): string {
  const folded = text.replace(/\s+/g, ' ');
  const escaped = folded.replace(ANYWHERE, '\\$&');
  // An ordered list starts with digits and `.` or `)`: the punctuation after the digits is what is escaped.
  const lineStart = escaped.replace(LINE_START, (_, space: string, marker: string) =>
    /^\d/.test(marker) ? `${space}${marker}\\` : `${space}\\${marker}`,
  );
  return lineStart
    .replace(URL, (url) => url.replace(/\\(.)/g, '$1').replace(ASCII_PUNCTUATION, '\\$&'))
    .replace(DOMAIN_DOT, '\\.');
}

/**
 * A template whose interpolated values are shown as typed ({@link plain}),
 * while its own text keeps its markup: md`**${name}**, ${role}`.
 */
export function md(strings: TemplateStringsArray, ...values: readonly (string | number)[]): string {
  return strings.reduce(
    (out, literal, i) => out + literal + (i < values.length ? plain(String(values[i])) : ''),
    '',
  );
}
