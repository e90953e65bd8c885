import { executeAction, refreshFor, type RefreshFor } from './buttons.ts';
import {
  adaptiveCard,
  andMore,
  factSet,
  heading,
  textBlock,
  type Card,
  type CardElement,
} from './card.ts';
import { actionDates, capitalise, clip, formatDate, humanize, typesText } from './format.ts';
import { largestFitting } from './size.ts';
import type { PreparationView } from './types.ts';
import { md, plain } from './markdown.ts';

/** Rows of each list (actions, cases, agenda) before "and N more". */
export const MAX_PREPARATION_ROWS = 30;

function previousActions(view: PreparationView, rows: number): CardElement[] {
  if (view.previousActions.length === 0)
    return [textBlock('No actions from last time.', { isSubtle: true })];
  const shown = view.previousActions.slice(0, rows);
  return [
    ...shown.map((action) => ({
      type: 'Input.Toggle',
      id: `done${action.actionId}`,
      title: `${clip(action.text, 300)} (${actionDates(action)})`,
      value: action.done ? 'true' : 'false',
      valueOn: 'true',
      valueOff: 'false',
      wrap: true,
    })),
    ...andMore(view.previousActions.length - shown.length, 'more actions'),
  ];
}

function casesDue(view: PreparationView, rows: number): CardElement[] {
  if (view.casesDue.length === 0)
    return [textBlock('No children due for discussion.', { isSubtle: true })];
  const shown = view.casesDue.slice(0, rows);
  return [
    ...(shown.length > 0
      ? [
          factSet(
            shown.map(
              (c) =>
                [plain(c.reference), `${humanize(c.status)}, due ${formatDate(c.dueOn)}`] as [
                  string,
                  string,
                ],
            ),
          ),
        ]
      : []),
    ...andMore(view.casesDue.length - shown.length, 'more children'),
  ];
}

function agenda(view: PreparationView, rows: number): CardElement[] {
  const shown = view.agenda.slice(0, rows);
  return [
    view.agenda.length === 0
      ? textBlock('Nothing added yet.', { isSubtle: true })
      : textBlock(shown.map((item) => md`- ${clip(item, 300)}`).join('\n')),
    ...andMore(view.agenda.length - shown.length, 'more items'),
  ];
}

/**
 * Getting ready for a session: tick off last time's actions, see which
 * children are due for discussion (by case reference), add to the agenda.
 */
export function preparationCard(view: PreparationView, refreshUserIds?: RefreshFor): Card {
  const longest = Math.max(view.previousActions.length, view.casesDue.length, view.agenda.length);
  return largestFitting(Math.min(longest, MAX_PREPARATION_ROWS), (rows) =>
    build(view, rows, refreshUserIds),
  );
}

function build(view: PreparationView, rows: number, refreshUserIds: RefreshFor | undefined): Card {
  const { session } = view;
  const body = [
    heading(`Preparing for supervision on ${formatDate(session.date)}`),
    textBlock(
      md`${capitalise(typesText(session))} at ${session.time}: ${session.supervisee.name} with ${session.supervisor.name}.`,
      { spacing: 'None' },
    ),
    ...(view.saved ? [textBlock('Saved.', { color: 'Good', weight: 'Bolder' })] : []),
    // The policy's one-in-N observations (supervision/observation.ts): said when this session should be one.
    ...(view.observation?.nextShouldBe
      ? [
          textBlock(
            `Plan this session as a direct observation of practice: the policy asks 1 in ${view.observation.oneIn} ${humanize(view.observation.type).toLowerCase()} sessions to be one (${view.observation.section}), and the last ${view.observation.unobserved} ${view.observation.unobserved === 1 ? 'was' : 'were'} not.`,
            { weight: 'Bolder', separator: true },
          ),
        ]
      : []),
    textBlock('Actions from last time, and earlier ones still open', {
      weight: 'Bolder',
      separator: true,
    }),
    ...previousActions(view, rows),
    textBlock('Children due for discussion', { weight: 'Bolder', separator: true }),
    ...casesDue(view, rows),
    textBlock('Agenda', { weight: 'Bolder', separator: true }),
    ...agenda(view, rows),
    {
      type: 'Input.Text',
      id: 'agenda',
      label: 'Add to the agenda',
      placeholder: 'One item; no names of children',
      maxLength: 500,
    },
  ];
  const actions = [
    executeAction(
      'Save',
      { verb: 'prepare', sessionId: session.sessionId, nonce: view.nonce },
      { style: 'positive' },
    ),
  ];
  return adaptiveCard(body, {
    actions,
    refresh: refreshFor({ card: 'preparation', sessionId: session.sessionId }, refreshUserIds),
  });
}
