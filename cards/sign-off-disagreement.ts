import { executeAction } from './buttons.ts';
import { adaptiveCard, factSet, heading, textBlock, type Card } from './card.ts';
import { clip, formatDate, formatDateTime, humanize } from './format.ts';
import { md, plain } from './markdown.ts';
import type { SignOffDisagreementView } from './types.ts';

/**
 * A supervisee disagreed with their supervision record: their supervisor's
 * manager is told, with the reason in the supervisee's words (Lambeth:
 * disagreements "can be escalated via the appropriate line management
 * structures", 002, Appendix A). The record itself stays where the
 * council keeps it; the card says where.
 */
export function signOffDisagreementCard(view: SignOffDisagreementView): Card {
  return adaptiveCard(
    [
      heading(md`${view.supervisee.name} disagrees with a supervision record`),
      textBlock(
        md`${view.supervisor.name} recorded ${view.supervisee.name}'s ${humanize(view.type)} supervision of ${formatDate(view.heldOn)}; ${view.supervisee.name} disagreed with the record on ${formatDateTime(view.disagreedAt)}. As ${view.supervisor.name}'s manager, please talk it through with them both.`,
        { spacing: 'None' },
      ),
      factSet([
        ['Why', plain(clip(view.reason, 1000))],
        ['Recorded', formatDateTime(view.recordedAt)],
        [
          'Full record kept in',
          view.recordLocation ? plain(clip(view.recordLocation, 300)) : 'not said',
        ],
      ]),
    ],
    { actions: [executeAction('Who is overdue?', { verb: 'command', command: 'overdue' })] },
  );
}
