import { buttonNonce, executeAction, refreshFor, type RefreshFor } from './buttons.ts';
import { adaptiveCard, heading, textBlock, type Card } from './card.ts';
import { OVERDUE_LABELS } from '../supervision/index.ts';
import { snoozeControls } from './snooze.ts';
import type { ChaseView } from './types.ts';
import { md, plain } from './markdown.ts';

/** A reminder to one person that something of theirs is overdue, from a manager's Chase or from Cadence. */
export function chaseCard(view: ChaseView, refreshUserIds?: RefreshFor): Card {
  const snooze = snoozeControls(view.subject, view.nonce, view.snoozedUntil);
  const body = [
    heading(`Reminder: ${OVERDUE_LABELS[view.kind].toLowerCase()}`),
    textBlock(
      view.from ? md`${view.from.name} asked Cadence to remind you.` : 'Cadence is reminding you.',
      { isSubtle: true, spacing: 'None' },
    ),
    textBlock(plain(view.detail)),
    ...snooze.body,
  ];
  const actions = [
    ...(view.sessionId !== undefined
      ? [
          executeAction(
            'Open record',
            { verb: 'openRecord', sessionId: view.sessionId },
            { style: 'positive' },
          ),
        ]
      : []),
    ...(view.tellManager
      ? [
          executeAction('Tell my manager', {
            verb: 'tellManager',
            type: view.tellManager.type,
            dueOn: view.tellManager.dueOn,
            nonce: buttonNonce(view.nonce, 'tell'),
          }),
        ]
      : []),
    ...snooze.actions,
  ];
  const refresh = refreshFor(
    { card: 'chase', subject: view.subject, sessionId: view.sessionId, key: view.outboxKey },
    refreshUserIds,
  );
  return adaptiveCard(body, { actions, refresh });
}
