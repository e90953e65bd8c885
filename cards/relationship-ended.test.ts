import { describe, expect, it } from 'vitest';
import { relationshipEndedCard } from './relationship-ended.ts';
import { buttonTitles, cardText } from '../test/support/card-support.ts';

const sana = { upn: 's.iqbal@northdale.example', name: 'Sana Iqbal' };
const farah = { upn: 'f.ali@northdale.example', name: 'Farah Ali' };
const carys = { upn: 'c.evans@northdale.example', name: 'Carys Evans' };
const sessions = [
  { date: '2027-01-04', time: '10:00' },
  { date: '2027-02-01', time: '10:00' },
];

describe('relationshipEndedCard', () => {
  it('tells the supervisee which sessions left Outlook and who supervises them now', () => {
    const text = cardText(
      relationshipEndedCard({ role: 'supervisee', other: sana, newSupervisor: carys, sessions }),
    );
    expect(text).toContain('Your supervisor has changed');
    expect(text).toContain('Sana Iqbal no longer supervises you.');
    expect(text).toContain('Carys Evans supervises you from now on');
    expect(text).toContain('2 sessions with Sana Iqbal were taken out of both Outlook calendars');
    expect(text).toContain('Mon 4 Jan 2027');
    expect(text).toContain('Mon 1 Feb 2027');
  });

  it('tells the former supervisor, and a leaver, without naming a successor who is not there', () => {
    const card = relationshipEndedCard({
      role: 'supervisor',
      other: farah,
      newSupervisor: null,
      sessions: sessions.slice(0, 1),
    });
    const text = cardText(card);
    expect(text).toContain('Supervision of Farah Ali has ended');
    expect(text).toContain('You no longer supervise Farah Ali.');
    expect(text).toContain('1 session with them was taken out of both Outlook calendars');
    expect(text).not.toContain('from now on');
    expect(buttonTitles(card)).toEqual([]);
  });
});
