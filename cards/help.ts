import { executeAction } from './buttons.ts';
import { actionSets, adaptiveCard, heading, textBlock, type Card } from './card.ts';
import { capitalise } from './format.ts';
import type { HelpCommand, HelpView } from './types.ts';
import { md } from './markdown.ts';

/** What each command does, in the words the help card uses. */
export const COMMAND_DESCRIPTIONS: Record<HelpCommand, string> = {
  'my sessions': 'your coming sessions and those waiting for a record',
  book: 'propose and book regular supervision for someone you supervise',
  record: 'record a session that has taken place',
  overdue: 'what is overdue for the people below you',
  compliance: 'how many people were supervised within policy',
  team: 'the people you supervise and when each is next due',
  cover: 'who covers for a supervisor below you while they are away',
  'not installed':
    'for Cadence administrators: who has not installed the app, so cannot be reminded',
  help: 'this list',
};

/** The commands a person can use, each with a button; `notUnderstood` opens with "Sorry, I didn't understand that". */
export function helpCard(view: HelpView): Card {
  const greeting = view.name ? md`Hello ${view.name}.` : 'Hello.';
  const body = [
    ...(view.notUnderstood
      ? [textBlock("Sorry, I didn't understand that. Here is what I can do.", { color: 'Warning' })]
      : []),
    heading('Cadence'),
    textBlock(`${greeting} Type a command, or choose one below.`),
    textBlock(
      view.commands
        .map((command) => `- **${command}**: ${COMMAND_DESCRIPTIONS[command]}`)
        .join('\n'),
    ),
    ...actionSets(
      view.commands.map((command) =>
        executeAction(capitalise(command), { verb: 'command', command }),
      ),
    ),
  ];
  return adaptiveCard(body);
}
