import { describe, expect, it } from 'vitest';
import * as f from '../test/support/card-fixtures.ts';
import { helpCard } from './help.ts';
import { noticeCard } from './notice.ts';
import { button, buttonTitles, cardText } from '../test/support/card-support.ts';

describe('helpCard', () => {
  it('greets the person and has a button per command that sends it', () => {
    const card = helpCard(f.helpView);
    expect(cardText(card)).toContain('Hello Tom Reed.');
    expect(buttonTitles(card)).toEqual([
      'My sessions',
      'Book',
      'Record',
      'Team',
      'Overdue',
      'Compliance',
      'Help',
    ]);
    expect(button(card, 'My sessions').data).toEqual({ verb: 'command', command: 'my sessions' });
  });

  it('says it did not understand before listing the commands', () => {
    const card = helpCard({ name: null, commands: ['help'], notUnderstood: true });
    expect((card.body as { text?: string }[])[0]!.text).toMatch(/didn't understand/);
    expect(cardText(helpCard(f.helpView))).not.toMatch(/didn't understand/);
  });
});

describe('noticeCard', () => {
  it('shows the title in its tone and offers the next command', () => {
    const card = noticeCard(f.noticeView);
    expect((card.body as object[])[0]).toMatchObject({ text: 'Record saved', color: 'Good' });
    expect(button(card, 'Record').data).toEqual({ verb: 'command', command: 'record' });
  });

  it('has no button without a next step', () => {
    expect(
      buttonTitles(
        noticeCard({
          title: 'Not allowed',
          text: 'Only the two people in a session can record it.',
          tone: 'attention',
        }),
      ),
    ).toEqual([]);
  });
});
