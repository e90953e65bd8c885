import { describe, expect, it } from 'vitest';
import { awaitingRecordCard } from './awaiting-record.ts';
import { bookedCard } from './booked.ts';
import * as f from '../test/support/card-fixtures.ts';
import { mySessionsCard } from './my-sessions.ts';
import { superviseePickerCard } from './supervisee-picker.ts';
import { button, buttonTitles, cardText } from '../test/support/card-support.ts';

describe('mySessionsCard', () => {
  const card = mySessionsCard(f.mySessionsView);

  it('lists coming sessions with the other person', () => {
    const text = cardText(card);
    expect(text).toContain('One-to-one, Tue 15 Dec 2026 at 10:00 (60 minutes), with Sara Iqbal');
    expect(text).toContain('with Daniel Okafor');
  });

  it('offers a Record button for each session awaiting a record', () => {
    expect(buttonTitles(card)).toEqual(['Record the session with Sara Iqbal']);
    expect(button(card, 'Record the session with Sara Iqbal').data).toEqual({
      verb: 'openRecord',
      sessionId: 4187,
    });
    expect(cardText(card)).toContain('Record due by Tue 8 Dec 2026');
  });

  it('says when there is nothing', () => {
    const text = cardText(mySessionsCard({ person: f.sara, upcoming: [], awaitingRecord: [] }));
    expect(text).toContain('Nothing booked.');
    expect(text).toContain('Nothing waiting.');
  });

  it('caps long lists and says how many more', () => {
    const many = Array.from({ length: 25 }, (_, i) => f.session({ sessionId: 5000 + i }));
    const capped = mySessionsCard({ person: f.tom, upcoming: many, awaitingRecord: many });
    expect(buttonTitles(capped)).toHaveLength(20);
    expect(cardText(capped)).toContain('… and 5 more booked');
  });
});

describe('awaitingRecordCard', () => {
  it('has a button per session opening its record card', () => {
    const card = awaitingRecordCard(f.awaitingView);
    expect(cardText(card)).toContain('2 sessions are waiting for a record');
    expect(cardText(card)).toContain('Tom Reed with Daniel Okafor');
    expect(buttonTitles(card)).toEqual([
      'Record the session with Sara Iqbal',
      'Record the session with Daniel Okafor',
    ]);
  });

  it('says when nothing is waiting', () => {
    expect(cardText(awaitingRecordCard({ sessions: [] }))).toContain('Nothing to record');
  });
});

describe('superviseePickerCard', () => {
  it('has one button per supervisee, asking for a proposal for them, after the groups the person organises', () => {
    const card = superviseePickerCard(f.pickerView);
    expect(buttonTitles(card)).toEqual([
      'Propose times for Assessment team case discussion',
      'Propose times for Sara Iqbal',
      'Propose times for Daniel Okafor',
    ]);
    expect(button(card, 'Propose times for Daniel Okafor').data).toEqual({
      verb: 'propose',
      relationshipId: 312,
    });
    expect(cardText(card)).toContain('**Sara Iqbal**, ASYE: next booked Tue 15 Dec 2026');
    expect(cardText(card)).toContain('nothing booked');
  });
});

describe('bookedCard', () => {
  const text = cardText(bookedCard(f.bookedView));

  it('lists the sessions booked for both people', () => {
    expect(text).toContain('Supervision booked: 2 sessions');
    expect(text).toContain('Sara Iqbal, supervised by Tom Reed.');
    expect(text).toContain('Wed 9 Dec 2026');
  });

  it('counts moved and unplaceable sessions and shows failures', () => {
    expect(text).toContain('1 session moved off the regular slot');
    expect(text).toContain('1 session could not be placed: book it by hand.');
    expect(text).toContain("Sara Iqbal's calendar refused one session");
  });

  it('does not say the sessions are in the calendars when none were booked', () => {
    const none = cardText(bookedCard({ ...f.bookedView, sessions: [], moved: 0, unplaceable: 0 }));
    expect(none).toContain('Nothing was booked');
    expect(none).not.toContain('Outlook');
  });
});
