import { executeAction } from './buttons.ts';
import { adaptiveCard, textBlock, type Card } from './card.ts';
import { capitalise } from './format.ts';
import type { NoticeView } from './types.ts';

const TONE_COLOR = { good: 'Good', warning: 'Warning', attention: 'Attention' } as const;

/** A one-line answer (a confirmation, a refusal) with a button for the next step when there is one. */
export function noticeCard(view: NoticeView): Card {
  const body = [textBlock(view.title, { weight: 'Bolder', color: TONE_COLOR[view.tone] }), textBlock(view.text)];
  const actions = view.next ? [executeAction(capitalise(view.next), { verb: 'command', command: view.next })] : [];
  return adaptiveCard(body, { actions });
}
