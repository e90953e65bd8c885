import { describe, expect, it } from 'vitest';
import { prepareAction } from './actions.ts';
import * as f from '../test/support/card-fixtures.ts';
import { preparationCard } from './preparation.ts';
import { buttonTitles, cardText, inputs, press } from '../test/support/card-support.ts';

describe('preparationCard', () => {
  const card = preparationCard(f.preparationView);

  it("shows last time's actions as toggles named by action id", () => {
    expect(inputs(card).filter((input) => input.type === 'Input.Toggle')).toEqual([
      expect.objectContaining({ id: 'done901', value: 'true', valueOn: 'true', valueOff: 'false' }),
      expect.objectContaining({
        id: 'done902',
        value: 'false',
        valueOn: 'true',
        valueOff: 'false',
      }),
    ]);
    expect(cardText(card)).toContain(
      'Book the ASYE reflective log review (Tom Reed, due any time)',
    );
  });

  it('lists children due for discussion by case reference, and the agenda', () => {
    const text = cardText(card);
    expect(text).toContain('NDC-004512');
    expect(text).toContain('child protection, due Mon 14 Dec 2026');
    expect(text).toContain('Caseload weighting after the new transfers');
  });

  it('saves toggles and a new agenda item as a prepare action', () => {
    const data = press(card, 'Save', { done902: 'true', agenda: 'Training plan' });
    expect(prepareAction.parse(data)).toEqual({
      verb: 'prepare',
      sessionId: 4201,
      nonce: f.NONCE,
      agenda: 'Training plan',
      done: [
        { actionId: 901, done: true },
        { actionId: 902, done: true },
      ],
    });
    expect(buttonTitles(card)).toEqual(['Save']);
  });

  it('confirms a save', () => {
    expect(cardText(preparationCard({ ...f.preparationView, saved: true }))).toContain('Saved.');
    expect(cardText(card)).not.toContain('Saved.');
  });
});
