import { describe, expect, it } from 'vitest';
import { snoozeAction } from './actions.ts';
import { chaseCard } from './chase.ts';
import { escalationCard } from './escalation.ts';
import * as f from '../test/support/card-fixtures.ts';
import { button, buttonTitles, cardText } from '../test/support/card-support.ts';

describe('chaseCard', () => {
  const card = chaseCard(f.chaseView);

  it('says what is overdue and who asked', () => {
    const text = cardText(card);
    expect(text).toContain('Reminder: session not recorded');
    expect(text).toContain('Priya Shah asked Cadence to remind you.');
    expect(text).toContain('The one-to-one with Sara Iqbal on Tue 1 Dec 2026 has no record');
  });

  it('opens the record and snoozes for a day or a week', () => {
    expect(buttonTitles(card)).toEqual(['Open record', 'Snooze 1 day', 'Snooze 1 week']);
    expect(button(card, 'Open record').data).toEqual({ verb: 'openRecord', sessionId: 4187 });
    expect(snoozeAction.parse(button(card, 'Snooze 1 week').data)).toEqual({
      verb: 'snooze',
      subject: 'unrecorded:4187',
      days: 5, // working days: a week
      nonce: `${f.NONCE}.5d`,
    });
  });

  it('gives Snooze 1 day and Snooze 1 week a nonce each, so pressing one does not make the other a replay', () => {
    for (const reminder of [card, escalationCard(f.escalationView)]) {
      const [day, week] = ['Snooze 1 day', 'Snooze 1 week'].map(
        (title) => snoozeAction.parse(button(reminder, title).data).nonce,
      );
      expect(day).not.toBe(week);
    }
  });

  it('once snoozed, says until when and offers no snooze', () => {
    const snoozed = chaseCard({ ...f.chaseView, snoozedUntil: '2026-12-08' });
    expect(cardText(snoozed)).toContain('Snoozed until Tue 8 Dec 2026.');
    expect(buttonTitles(snoozed)).toEqual(['Open record']);
  });

  it('has no Open record without a session, and says when Cadence chased on its own', () => {
    const own = chaseCard({
      ...f.chaseView,
      from: null,
      sessionId: undefined,
      kind: 'agreement-missing',
      detail: 'No supervision agreement recorded.',
    });
    expect(buttonTitles(own)).toEqual(['Snooze 1 day', 'Snooze 1 week']);
    expect(cardText(own)).toContain('Cadence is reminding you.');
  });
});

describe('escalationCard', () => {
  const card = escalationCard(f.escalationView);

  it('tells the manager whose record is late and by how much', () => {
    const text = cardText(card);
    expect(text).toContain('A supervision record is 3 working days late');
    expect(text).toContain('Tom Reed has not yet recorded their session with Sara Iqbal.');
    expect(text).toContain('Tue 8 Dec 2026');
  });

  it('snoozes, and once snoozed offers no snooze', () => {
    expect(snoozeAction.parse(button(card, 'Snooze 1 day').data)).toMatchObject({
      subject: 'escalation:4187',
      days: 1,
    });
    const snoozed = escalationCard({ ...f.escalationView, snoozedUntil: '2026-12-04' });
    expect(buttonTitles(snoozed)).toEqual([]);
    expect(cardText(snoozed)).toContain('Snoozed until Fri 4 Dec 2026.');
  });
});
