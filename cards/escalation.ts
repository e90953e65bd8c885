import { refreshFor, type RefreshFor } from './buttons.ts';
import { adaptiveCard, factSet, heading, textBlock, type Card } from './card.ts';
import { formatDate, plural, sessionWhen } from './format.ts';
import { snoozeControls } from './snooze.ts';
import type { EscalationView } from './types.ts';
import { md } from './markdown.ts';

/** To a supervisor's manager: a session's record is past its deadline. */
export function escalationCard(view: EscalationView, refreshUserIds?: RefreshFor): Card {
  const snooze = snoozeControls(view.subject, view.nonce, view.snoozedUntil);
  const body = [
    heading(`A supervision record is ${plural(view.workingDaysLate, 'working day')} late`),
    textBlock(
      md`${view.supervisor.name} has not yet recorded their session with ${view.supervisee.name}.`,
    ),
    factSet([
      ['Session', sessionWhen(view.session)],
      ['Record was due', formatDate(view.recordDueOn)],
      ['Supervisor', md`${view.supervisor.name} (${view.supervisor.upn})`],
    ]),
    ...snooze.body,
  ];
  const refresh = refreshFor(
    {
      card: 'escalation',
      subject: view.subject,
      sessionId: view.session.sessionId,
      key: view.outboxKey,
    },
    refreshUserIds,
  );
  return adaptiveCard(body, { actions: snooze.actions, refresh });
}
