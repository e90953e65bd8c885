import { executeAction } from './buttons.ts';
import { adaptiveCard, textBlock, type Card } from './card.ts';
import { capitalise } from './format.ts';
import type { NoticeView } from './types.ts';
import { plain } from './markdown.ts';

const TONE_COLOR = { good: 'Good', warning: 'Warning', attention: 'Attention' } as const;

/** A one-line answer (a confirmation, a refusal) with a button for the next step when there is one. */
export function noticeCard(view: NoticeView): Card {
  // Whatever the text holds (a name, a UPN, what someone typed), it is shown as text.
  const body = [
    textBlock(plain(view.title), { weight: 'Bolder', color: TONE_COLOR[view.tone] }),
    textBlock(plain(view.text)),
  ];
  const actions = view.next
    ? [executeAction(capitalise(view.next), { verb: 'command', command: view.next })]
    : [];
  return adaptiveCard(body, { actions });
}
