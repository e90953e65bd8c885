/**
 * The supervisee's sign-off of a held session's record, as the record card
 * shows it (supervision/sign-off.ts): to the supervisee while awaited, a box
 * for a comment and Agree / Add a comment / Disagree; once given, who signed,
 * when, and what they said, to both of them.
 */
import { executeAction } from './buttons.ts';
import { attention, container, factSet, textBlock, type CardElement } from './card.ts';
import { clip, formatDate, formatDateTime } from './format.ts';
import { md, plain } from './markdown.ts';
import type { SignOffView } from './types.ts';

const ANSWERED: Record<NonNullable<SignOffView['outcome']>, string> = {
  agreed: 'agreed with this record',
  commented: 'agreed with this record, with a comment',
  disagreed: 'disagreed with this record',
};

/** The longest comment the card takes (supervision/sign-off.ts refuses longer, beside the box). */
const COMMENT_MAX = 2000;

export function signOffSection(
  sessionId: number,
  view: SignOffView,
): { body: CardElement[]; actions: CardElement[] } {
  if (view.outcome !== null) {
    const who = view.mine ? 'You' : view.supervisee.name;
    return {
      body: [
        container(
          [
            textBlock(md`${who} ${ANSWERED[view.outcome]} on ${formatDateTime(view.signedAt!)}.`, {
              weight: 'Bolder',
              color: view.outcome === 'disagreed' ? 'Attention' : 'Good',
            }),
            ...(view.comment
              ? [
                  factSet([
                    [
                      view.outcome === 'disagreed' ? 'Why' : 'Comment',
                      plain(clip(view.comment, 1000)),
                    ],
                  ]),
                ]
              : []),
            ...(view.mine && view.outcome === 'disagreed'
              ? [
                  textBlock(
                    view.escalatedTo
                      ? md`Your supervisor and ${view.escalatedTo.name}, their manager, have been told.`
                      : 'Your supervisor has been told. No manager is recorded for them in Cadence: raise it with their line manager yourself.',
                    { isSubtle: true, spacing: 'None' },
                  ),
                ]
              : []),
            ...(view.problem ? [attention(plain(view.problem))] : []),
          ],
          { separator: true },
        ),
      ],
      actions: [],
    };
  }
  if (!view.mine)
    return {
      body: [
        textBlock(
          md`Waiting for ${view.supervisee.name} to sign this record off (due by ${formatDate(view.dueOn)}).`,
          { isSubtle: true, separator: true },
        ),
      ],
      actions: [],
    };
  const data = { verb: 'signOff' as const, sessionId, version: view.version };
  return {
    body: [
      container(
        [
          textBlock('Your sign-off', { weight: 'Bolder' }),
          textBlock(
            `Read the record above. Agree, add a comment, or disagree and say why: a disagreement goes to your supervisor and their manager. Please answer by ${formatDate(view.dueOn)}.`,
            { spacing: 'None' },
          ),
          ...(view.problem ? [attention(plain(view.problem))] : []),
          {
            type: 'Input.Text',
            id: 'comment',
            label: 'Your comment, or why you disagree',
            isMultiline: true,
            maxLength: COMMENT_MAX,
            ...(view.typed ? { value: view.typed } : {}),
            placeholder: "No children's names: case references only.",
          },
        ],
        { separator: true },
      ),
    ],
    actions: [
      executeAction('Agree', { ...data, outcome: 'agreed' }, { style: 'positive' }),
      executeAction('Add a comment', { ...data, outcome: 'commented' }),
      executeAction('Disagree', { ...data, outcome: 'disagreed' }, { style: 'destructive' }),
    ],
  };
}
