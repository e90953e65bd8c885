import { executeAction } from './buttons.ts';
import { adaptiveCard, attention, factSet, heading, textBlock, type Card } from './card.ts';
import { capitalise, formatDate, formatDateTime, humanize } from './format.ts';
import { md, plain } from './markdown.ts';
import type { AgreementView } from './types.ts';

const VENUES: Record<string, string> = { teams: 'Teams meeting', 'in-person': 'in person' };

/**
 * The supervision agreement, for both people to sign: what it holds (each
 * type's frequency now, where sessions are held, since when), who has
 * signed, and Sign for whoever has not. Once both have, when, and when the
 * review falls due.
 */
export function agreementCard(view: AgreementView): Card {
  const title =
    view.kind === 'review'
      ? md`Supervision agreement review: ${view.supervisee.name} with ${view.supervisor.name}`
      : view.kind === 'update'
        ? md`Supervision agreement to update: ${view.supervisee.name} with ${view.supervisor.name}`
        : md`Supervision agreement: ${view.supervisee.name} with ${view.supervisor.name}`;
  const body = [
    heading(title),
    ...(view.kind === 'update' && view.changedOn
      ? [
          textBlock(
            `The agreed frequency changed on ${formatDate(view.changedOn)}: read the frequencies below and sign the agreement again.`,
            { spacing: 'None' },
          ),
        ]
      : []),
    factSet([
      ...view.types.map((t) => [capitalise(humanize(t.type)), t.frequency] as [string, string]),
      ['Where', VENUES[view.venue] ?? plain(view.venue)],
      ['Supervised since', formatDate(view.fromOn)],
      ['Last signed or reviewed', view.lastSignedOn ? formatDate(view.lastSignedOn) : 'never'],
    ]),
  ];
  if (view.done)
    return adaptiveCard([
      ...body,
      textBlock(
        `Signed by both on ${formatDate(view.done.on)}.${view.done.nextDueOn ? ` Next review due by ${formatDate(view.done.nextDueOn)}.` : ''}`,
        { color: 'Good', weight: 'Bolder' },
      ),
    ]);
  if (!view.kind)
    return adaptiveCard([
      ...body,
      textBlock('Nothing to sign now: the policy asks for no agreement review.', {
        isSubtle: true,
      }),
    ]);
  const signedBy = (who: 'supervisor' | 'supervisee') => {
    const at = view.signed[who];
    return at ? `signed ${formatDateTime(at)}` : 'not yet';
  };
  const mine = view.signed[view.viewer];
  return adaptiveCard(
    [
      ...body,
      textBlock(
        view.dueOn
          ? `To sign by ${formatDate(view.dueOn)}, by both of you.`
          : 'The policy asks every supervisee to have one, signed by both of you.',
        { weight: 'Bolder', separator: true },
      ),
      factSet([
        [view.supervisor.name, signedBy('supervisor')],
        [view.supervisee.name, signedBy('supervisee')],
      ]),
      ...(view.problem ? [attention(plain(view.problem))] : []),
    ],
    mine
      ? {}
      : {
          actions: [
            executeAction(
              'Sign',
              {
                verb: 'signAgreement',
                superviseeId: view.superviseeId,
                kind: view.kind,
                ...(view.dueOn ? { dueOn: view.dueOn } : {}),
              },
              { style: 'positive' },
            ),
          ],
        },
  );
}
