/**
 * What a person typed, as a command. Exact words and a few natural phrasings
 * ("who is overdue?") are understood; anything else, typos included, gets
 * the help card rather than silence or a guess.
 */
import type { HelpCommand } from '../cards/index.ts';

const PHRASES: [RegExp, HelpCommand][] = [
  [/^(help|hi|hello|hey|start|\?|menu|commands)$/, 'help'],
  [
    /^(my )?sessions?$|^my supervisions?$|^when is my (next )?(session|supervision)$/,
    'my sessions',
  ],
  [/^book( (sessions?|supervision|a schedule))?$/, 'book'],
  [/^record( (a )?(session|supervision))?$|^(records?|to record)$/, 'record'],
  [
    /^(overdue|who is overdue|who's overdue|whos overdue|what is overdue|what's overdue)$/,
    'overdue',
  ],
  [/^compliance$|^how (is|are) (we|my (team|service)) doing$/, 'compliance'],
  [/^(my )?team$/, 'team'],
  [/^cover( (for|supervision|a supervisor))?$|^set cover$/, 'cover'],
  [
    /^(not installed|who has not installed( the app)?|who hasn't installed( the app)?|installs?)$/,
    'not installed',
  ],
];

/**
 * The longest text read as a command. The longest phrase above is under 40
 * characters and a mention adds a name; anything longer is not a command, and
 * is not read at all: the patterns below are linear, but a 250 KB message
 * should cost nothing to turn away (a lazy `<at>.*?</at>` took 15 s on one).
 */
export const MAX_COMMAND_CHARS = 200;

/** The command in `text`, or null when it is not one. Mentions (`<at>Cadence</at>`) and punctuation are ignored. */
export function commandOf(text: string | undefined): HelpCommand | null {
  if ((text ?? '').length > MAX_COMMAND_CHARS) return null;
  const words = (text ?? '')
    // A mention's name holds no '<': [^<]* cannot backtrack across other tags.
    .replace(/<at>[^<]*<\/at>/gi, ' ')
    .toLowerCase()
    .replace(/[’']/g, "'")
    .replace(/[^a-z0-9' ?]+/g, ' ')
    .replace(/\s*\?\s*$/, '')
    .replace(/\s+/g, ' ')
    .trim();
  if (words === '') return 'help';
  return PHRASES.find(([pattern]) => pattern.test(words))?.[1] ?? null;
}
