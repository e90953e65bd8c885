/**
 * What a person reads in a card's markdown, as far as a test needs to know:
 * Adaptive Cards render a CommonMark subset in a TextBlock (bold, italic,
 * lists, `[title](url)` links: https://learn.microsoft.com/adaptive-cards/authoring-cards/text-features),
 * and Teams in a Fact's title and value. In CommonMark a backslash before
 * ASCII punctuation shows that character and takes away its meaning; a
 * linkifier (markdown-it's, say) looks for addresses in each run of text
 * between escapes. This is a model of that, not a renderer: enough to tell
 * text shown as typed from text that became a link.
 */
import { shownNodes } from './card-reading.ts';

export interface Rendered {
  /** The characters shown, escapes taken away. */
  text: string;
  /** `[title](url)` links, by url. */
  links: string[];
  /** Addresses a linkifier would make links of. */
  autolinks: string[];
  /** Unescaped `*`, `_` or `~`: emphasis or strikethrough markers. */
  markers: number;
  /** Whether it starts as a line of markup would: a list item, heading, quote or rule. */
  startsBlock: boolean;
}

const PUNCTUATION = /[!-/:-@[-`{-~]/;
const ADDRESS = /(?:[a-z][a-z0-9+.-]*:\/\/|www\.)\S+|[a-z0-9-]+\.(?:com|net|org|uk|example|io)\b/gi;

export function rendered(markdown: string): Rendered {
  const chars: { c: string; escaped: boolean }[] = [];
  for (let i = 0; i < markdown.length; i++) {
    if (markdown[i] === '\\' && i + 1 < markdown.length && PUNCTUATION.test(markdown[i + 1]!))
      chars.push({ c: markdown[++i]!, escaped: true });
    else chars.push({ c: markdown[i]!, escaped: false });
  }
  const links: string[] = [];
  for (let open = 0; open < chars.length; open++) {
    if (chars[open]!.c !== '[' || chars[open]!.escaped) continue;
    const close = chars.findIndex((ch, j) => j > open && ch.c === ']' && !ch.escaped);
    if (close < 0 || chars[close + 1]?.c !== '(' || chars[close + 1]!.escaped) continue;
    const end = chars.findIndex((ch, j) => j > close + 1 && ch.c === ')' && !ch.escaped);
    if (end > 0)
      links.push(
        chars
          .slice(close + 2, end)
          .map((ch) => ch.c)
          .join(''),
      );
  }
  // Runs of unescaped text, as a linkifier sees them.
  const runs = chars.reduce<string[]>(
    (out, ch) => (ch.escaped ? [...out, ''] : [...out.slice(0, -1), (out.at(-1) ?? '') + ch.c]),
    [''],
  );
  return {
    text: chars.map((ch) => ch.c).join(''),
    links,
    autolinks: runs.flatMap((run) => run.match(ADDRESS) ?? []),
    markers: chars.filter((ch) => !ch.escaped && ['*', '_', '~'].includes(ch.c)).length,
    startsBlock: startsBlock(chars),
  };
}

function startsBlock(chars: { c: string; escaped: boolean }[]): boolean {
  const first = chars.findIndex((ch) => ch.c !== ' ');
  const at = chars[first];
  if (!at || at.escaped) return false;
  if (['-', '+', '*', '#', '>', '='].includes(at.c)) return true;
  let i = first;
  while (chars[i] && /\d/.test(chars[i]!.c) && !chars[i]!.escaped) i++;
  return i > first && ['.', ')'].includes(chars[i]?.c ?? '') && !chars[i]!.escaped;
}

/** The markdown a card shows: each TextBlock's text and each Fact's title and value. */
export function markdownOf(card: unknown): string[] {
  const out: string[] = [];
  for (const n of shownNodes(card)) {
    if (n.type === 'TextBlock' && typeof n.text === 'string') out.push(n.text);
    if (n.type === 'FactSet' && Array.isArray(n.facts))
      for (const fact of n.facts as Record<string, unknown>[])
        out.push(String(fact.title), String(fact.value));
  }
  return out;
}
