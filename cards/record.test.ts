import { describe, expect, it } from 'vitest';
import { recordAction } from './actions.ts';
import * as f from '../test/support/card-fixtures.ts';
import { recordCard } from './record.ts';
import {
  buttonTitles,
  cardText,
  inputIds,
  inputs,
  press,
  walk,
} from '../test/support/card-support.ts';
import type { Card } from './card.ts';

const inputById = (card: Card, id: string) => inputs(card).find((input) => input.id === id);

describe('recordCard while open', () => {
  const card = recordCard(f.recordView);

  it('asks everything recording takes, one input each', () => {
    expect(inputIds(card)).toEqual([
      'held',
      'reason',
      'note',
      'heldOn',
      'durationMinutes',
      'parts',
      'summary',
      ...Array.from({ length: 10 }, (_, i) =>
        ['Text', 'Owner', 'Due', 'Review'].map((f) => `action${i + 1}${f}`),
      ).flat(),
      'nextDate',
      'recordLocation',
      'cases',
    ]);
  });

  it('shows three action rows and reveals the next, up to ten, with "Add another action"; an owner may be anyone, by typeahead', () => {
    const shown = (id: string) => {
      for (const node of walk(card)) if (node.id === id) return node.isVisible !== false;
      throw new Error(`no ${id}`);
    };
    expect([1, 2, 3, 4, 10].map((n) => shown(`actionRow${n}`))).toEqual([
      true,
      true,
      true,
      false,
      false,
    ]);
    expect([2, 3, 4].map((n) => shown(`addAction${n}`))).toEqual([false, true, false]);
    const add = [...walk(card)].find((n) => n.id === 'addAction3')!;
    expect((add.actions as { targetElements: string[] }[])[0]!.targetElements).toEqual([
      'actionRow4',
      'addAction3',
      'addAction4',
    ]);
    expect(inputById(card, 'action1Owner')).toMatchObject({
      style: 'filtered',
      'choices.data': { type: 'Data.Query', dataset: 'people' },
    });
    expect(inputById(card, 'action7Review')).toMatchObject({
      type: 'Input.Date',
      label: 'This will be reviewed on',
    });
    // A problem on a hidden row shows that row, and the rows before it.
    const withProblem = recordCard({
      ...f.recordView,
      problems: [{ field: 'action5Due', message: 'is not a date' }],
    });
    const visible = (id: string) =>
      [...walk(withProblem)].find((n) => n.id === id)!.isVisible !== false;
    expect([4, 5, 6].map((n) => visible(`actionRow${n}`))).toEqual([true, true, false]);
    expect(visible('addAction5')).toBe(true);
  });

  it('asks whether it was held as a required yes/no, with the reasons for not', () => {
    expect(inputById(card, 'held')).toMatchObject({
      type: 'Input.ChoiceSet',
      style: 'compact',
      isRequired: true,
    });
    expect((inputById(card, 'held')!.choices as { value: string }[]).map((c) => c.value)).toEqual([
      'yes',
      'no',
    ]);
    expect((inputById(card, 'reason')!.choices as { value: string }[]).map((c) => c.value)).toEqual(
      ['annual-leave', 'sickness', 'court', 'other'],
    );
  });

  it('starts the date and length at the booked ones', () => {
    expect(inputById(card, 'heldOn')).toMatchObject({ type: 'Input.Date', value: '2026-12-01' });
    expect(inputById(card, 'durationMinutes')).toMatchObject({ type: 'Input.Number', value: 60 });
  });

  it('offers the parts of supervision and the cases as multi-selects, children by reference only', () => {
    expect(inputById(card, 'parts')).toMatchObject({ isMultiSelect: true });
    const cases = inputById(card, 'cases')!;
    expect(cases).toMatchObject({ isMultiSelect: true });
    expect((cases.choices as { title: string; value: string }[])[0]).toEqual({
      title: 'NDC-004512 (child protection)',
      value: 'NDC-004512',
    });
  });

  it('asks for a short summary and says where the full record goes', () => {
    expect(inputById(card, 'summary')).toMatchObject({ isMultiline: true, maxLength: 2000 });
    expect(String(inputById(card, 'summary')!.placeholder)).toMatch(/short.*case or HR system/);
    expect(inputById(card, 'nextDate')).toMatchObject({
      type: 'Input.Date',
      label: 'Next session date confirmed',
    });
    expect(inputById(card, 'recordLocation')).toMatchObject({
      label: 'Where the full record is kept',
    });
  });

  it('offers the two people in the session as action owners, by UPN', () => {
    expect(inputById(card, 'action2Owner')!.choices).toEqual([
      { title: 'Tom Reed', value: 't.reed@northdale.example' },
      { title: 'Sara Iqbal', value: 's.iqbal@northdale.example' },
    ]);
  });

  it('sends what was filled in as a record action the schema accepts', () => {
    const data = press(card, 'Save record', {
      held: 'yes',
      parts: 'welfare,practice',
      summary: 'Caseload and the strategy meeting.',
      action1Text: 'Update the safety plan',
      action1Owner: f.sara.upn,
      action1Due: '2026-12-12',
      cases: 'NDC-004512,NDC-005101',
    });
    expect(recordAction.parse(data)).toMatchObject({
      verb: 'record',
      sessionId: 4187,
      nonce: f.NONCE,
      held: 'yes',
      heldOn: '2026-12-01',
      durationMinutes: '60',
      parts: ['welfare', 'practice'],
      cases: ['NDC-004512', 'NDC-005101'],
      action1Owner: f.sara.upn,
    });
  });

  it('shows each problem just above its input, and ones no input owns at the top', () => {
    const withProblems = recordCard({
      ...f.recordView,
      problems: [
        { field: 'summary', message: 'is longer than 2000 characters' },
        { field: 'action2Due', message: 'The due date is before the session.' },
        { field: 'outcome', message: 'is missing' },
      ],
    });
    const nodes = [...walk(withProblems)].filter(
      (node) => node.type === 'TextBlock' || String(node.type).startsWith('Input.'),
    );
    const before = (id: string) => nodes[nodes.findIndex((node) => node.id === id) - 1];
    expect(before('summary')).toMatchObject({
      text: 'The summary is longer than 2000 characters.',
      color: 'Attention',
    });
    expect(before('action2Due')).toMatchObject({
      text: 'The due date is before the session.',
      color: 'Attention',
    });
    const body = withProblems.body as { type: string; text?: string }[];
    expect(body.map((element) => element.text)).toEqual(
      expect.arrayContaining([
        'The record was not saved: 3 answers need another look.',
        'Outcome is missing.',
      ]),
    );
    expect(body.findIndex((element) => element.text === 'Outcome is missing.')).toBeLessThan(
      body.findIndex((element) => element.type === 'Input.ChoiceSet'),
    );
  });

  it('has one button, Save record', () => {
    expect(buttonTitles(card)).toEqual(['Save record']);
  });
});

describe('recordCard once recorded', () => {
  const card = recordCard(f.recordedView);

  it('shows the record read only: no inputs and no Save button', () => {
    expect(inputs(card)).toEqual([]);
    expect(buttonTitles(card)).toEqual([]);
  });

  it('says what was recorded and by whom', () => {
    const text = cardText(card);
    expect(text).toContain('Recorded by Tom Reed, Tue 1 Dec 2026 at 11:20.');
    expect(text).toContain('75 minutes');
    expect(text).toContain('Welfare, Practice');
    expect(text).toContain(
      'Update the safety plan with the school (Sara Iqbal, due Sat 12 Dec 2026)',
    );
    expect(text).toContain('Mosaic supervision episode');
  });

  it('says why a session was not held', () => {
    const text = cardText(
      recordCard({
        ...f.recordView,
        recorded: {
          held: false,
          reason: 'court',
          parts: [],
          actions: [],
          recordedBy: f.sara,
          recordedAt: '2026-12-01',
        },
      }),
    );
    expect(text).toContain('Court');
    expect(text).not.toContain('Covered');
  });
});

describe('recordCard for one meeting for several types (Lambeth 2.2)', () => {
  it('names every type the meeting covers and says the record counts for each', () => {
    const card = recordCard({
      ...f.recordView,
      session: { ...f.recordView.session, type: 'case-management', alsoTypes: ['professional'] },
    });
    const text = cardText(card);
    expect(text).toMatch(/Case management and professional, \w{3} \d+ \w{3} \d{4} at/);
    expect(text).toContain(
      'One meeting for case management and professional supervision: this record counts for each type ticked below.',
    );
    // Each type ticked to start with, to untick one the meeting gave no time to.
    const covered = inputById(card, 'typesCovered');
    expect(covered).toMatchObject({ isMultiSelect: true, value: 'case-management,professional' });
  });

  it('once recorded with a type left out, says which it counts for and which stays due', () => {
    const card = recordCard({
      ...f.recordView,
      session: { ...f.recordView.session, type: 'case-management', alsoTypes: ['professional'] },
      recorded: { ...f.recordedView.recorded!, notCovered: ['professional'] },
    });
    const text = cardText(card);
    expect(text).toContain('this record counts for case management only.');
    expect(text).toMatch(/Not covered\W+professional \(still due\)/);
  });

  it('says nothing of the kind for a session of one type', () => {
    expect(cardText(recordCard(f.recordView))).not.toContain('counts for each');
  });
});
