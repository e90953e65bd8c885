import { executeAction, refreshFor, type RefreshFor } from './buttons.ts';
import { adaptiveCard, heading, textBlock, type Card } from './card.ts';
import { formatDate, humanize, sessionWhen, typesText } from './format.ts';
import { MAX_RECORD_CASES, recordForm } from './record-form.ts';
import { recordSummary } from './record-summary.ts';
import { signOffSection } from './sign-off.ts';
import { largestFitting } from './size.ts';
import type { RecordView } from './types.ts';
import { md } from './markdown.ts';

/**
 * A session's record card: the form while it is open, with the problems of
 * the last submit beside their inputs; once recorded, a read-only summary
 * with no form and no Save button, so a record is not saved twice from an
 * old card.
 */
export function recordCard(view: RecordView, refreshUserIds?: RefreshFor): Card {
  const { session } = view;
  const header = [
    heading(md`Record: ${session.supervisee.name} with ${session.supervisor.name}`),
    textBlock(sessionWhen(session), { spacing: 'None' }),
    // One meeting for several types (Lambeth 2.2 asks that each area's time is protected): say the record counts for each.
    ...(session.alsoTypes?.length
      ? [
          textBlock(
            view.recorded?.notCovered?.length
              ? `One meeting for ${typesText(session)} supervision: this record counts for ${[
                  session.type,
                  ...session.alsoTypes,
                ]
                  .filter((t) => !view.recorded!.notCovered!.includes(t))
                  .map(humanize)
                  .join(' and ')} only.`
              : `One meeting for ${typesText(session)} supervision: this record counts for each${view.recorded ? '' : ' type ticked below'}.`,
            { isSubtle: true, spacing: 'None' },
          ),
        ]
      : []),
  ];
  const refresh = refreshFor({ card: 'record', sessionId: session.sessionId }, refreshUserIds);
  if (view.recorded) {
    // A held record's sign-off (cards/sign-off.ts): asked of the supervisee, shown to both.
    const signOff = view.signOff && signOffSection(session.sessionId, view.signOff);
    return adaptiveCard([...header, ...recordSummary(view.recorded), ...(signOff?.body ?? [])], {
      ...(signOff?.actions.length ? { actions: signOff.actions } : {}),
      refresh,
    });
  }

  const due = session.recordDueOn
    ? [
        textBlock(`Record due by ${formatDate(session.recordDueOn)}.`, {
          isSubtle: true,
          spacing: 'None',
        }),
      ]
    : [];
  const save = executeAction(
    'Save record',
    { verb: 'record', sessionId: session.sessionId, nonce: view.nonce },
    { style: 'positive' },
  );
  return largestFitting(Math.min(view.cases.length, MAX_RECORD_CASES), (caseRows) =>
    adaptiveCard([...header, ...due, ...recordForm(view, caseRows)], { actions: [save], refresh }),
  );
}
