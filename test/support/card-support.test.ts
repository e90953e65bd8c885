import { describe, expect, it } from 'vitest';
import { cardProblems } from './card-support.ts';

describe('cardProblems', () => {
  it('reports what the adaptivecards library objects to, and a property it does not know', () => {
    const problems = cardProblems({
      type: 'AdaptiveCard',
      version: '1.5',
      body: [
        { type: 'TextBlok', text: 'misspelt element' },
        { type: 'Input.Text', id: 'agenda' },
        { type: 'Input.Text', id: 'agenda' },
        {
          type: 'Input.ChoiceSet',
          id: 'parts',
          isMultiselect: true,
          choices: [{ title: 'Welfare', value: 'welfare' }],
        },
      ],
      actions: [
        { type: 'Action.Execute', title: 'Save', verb: 'prepare', data: { verb: 'prepare' } },
      ],
    });
    expect(problems).toEqual([
      expect.stringContaining('Unknown element type "TextBlok"'),
      expect.stringContaining('Duplicate Id "agenda"'),
      'card.body[0] was dropped',
      expect.stringContaining('.isMultiselect is not a property the library knows'),
      '"Save" has no fallback',
    ]);
  });
});
