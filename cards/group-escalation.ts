/**
 * To the manager of whoever records a group meeting: its record is past its
 * deadline (docs/roster.md#groups). Until it is recorded, every member stays
 * due for the group's type, so the manager is told how many that is.
 */
import { adaptiveCard, factSet, heading, textBlock, type Card } from './card.ts';
import { formatDate, formatDateTime, humanize, plural } from './format.ts';
import { md } from './markdown.ts';
import { snoozeControls } from './snooze.ts';
import type { GroupEscalationView } from './types.ts';

export function groupEscalationCard(view: GroupEscalationView): Card {
  const snooze = snoozeControls(view.subject, view.nonce, undefined);
  return adaptiveCard(
    [
      heading(`A group supervision record is ${plural(view.workingDaysLate, 'working day')} late`),
      textBlock(
        md`${view.recorder.name} has not yet recorded ${view.groupName}. Until it is recorded, its ${plural(view.members, 'member')} stay due for ${humanize(view.type).toLowerCase()} supervision.`,
      ),
      factSet([
        ['Meeting', view.startsAt ? formatDateTime(view.startsAt) : 'time not known'],
        ['Record was due', formatDate(view.recordDueOn)],
        ['Records it', md`${view.recorder.name} (${view.recorder.upn})`],
      ]),
      ...snooze.body,
    ],
    { actions: snooze.actions },
  );
}
