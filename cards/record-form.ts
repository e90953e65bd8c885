import { INITIAL_ACTION_ROWS, MAX_ACTION_ROWS } from './actions.ts';
import { andMore, attention, container, textBlock, type CardElement } from './card.ts';
import { capitalise, humanize } from './format.ts';
import { NOT_HELD_REASON_LABELS, PART_LABELS } from './record-labels.ts';
import { PARTS, type RecordView } from './types.ts';
import { md, plain } from './markdown.ts';

/** The dataset the owner inputs' typeahead asks the bot for (bot/people-search.ts answers it). */
export const PEOPLE_DATASET = 'people';

/** Cases the form offers to tick: as many as recording accepts. */
export const MAX_RECORD_CASES = 200;

type Problems = Map<string, string[]>;

/** A field's problems, above the input, each as a sentence naming the field. */
function problemsFor(problems: Problems, id: string, name: string): CardElement[] {
  // A problem can quote what was typed (a case reference, an owner): shown as text.
  return (problems.get(id) ?? []).map((message) =>
    attention(/^[a-z]/.test(message) ? md`${name} ${message}.` : plain(message), {
      spacing: 'Small',
    }),
  );
}

function choices(entries: [value: string, title: string][]): { title: string; value: string }[] {
  return entries.map(([value, title]) => ({ title, value }));
}

/** Builds the inputs with each one's problems above it, and the ids used, so problems for any other field can be listed at the top. */
function formInputs(
  view: RecordView,
  problems: Problems,
  caseRows: number,
): { held: CardElement[]; notHeld: CardElement[]; heldDetails: CardElement[]; ids: Set<string> } {
  const ids = new Set<string>();
  const field = (name: string, input: CardElement & { id: string }): CardElement[] => {
    ids.add(input.id);
    return [...problemsFor(problems, input.id, name), input];
  };
  const owners = choices(view.owners.map((o) => [o.upn, o.name]));
  // Rows past the first few wait hidden, each revealed by the row before's "Add another action" —
  // in the client, so nothing typed is lost (Action.ToggleVisibility). A row with a problem shows.
  const hasProblem = (n: number) =>
    ['Text', 'Owner', 'Due', 'Review'].some((f) => problems.has(`action${n}${f}`));
  const lastShown = Math.max(
    INITIAL_ACTION_ROWS,
    ...Array.from({ length: MAX_ACTION_ROWS }, (_, i) => (hasProblem(i + 1) ? i + 1 : 0)),
  );
  const actionRows = Array.from({ length: MAX_ACTION_ROWS }, (_, i) => {
    const n = i + 1;
    const row = container(
      [
        ...field(`Action ${n}`, {
          type: 'Input.Text',
          id: `action${n}Text`,
          label: `Action ${n}`,
          maxLength: 500,
        }),
        // Either person, or anyone in Cadence: Teams asks the bot as the owner is typed
        // (application/search, bot/people-search.ts; "Typeahead search in Adaptive Cards",
        // learn.microsoft.com/microsoftteams/platform/task-modules-and-cards/cards/dynamic-search).
        ...field(`Action ${n}'s owner`, {
          type: 'Input.ChoiceSet',
          id: `action${n}Owner`,
          label: 'Owner',
          style: 'filtered',
          placeholder: 'Either of you, or type a name',
          choices: owners,
          'choices.data': { type: 'Data.Query', dataset: PEOPLE_DATASET },
        }),
        ...field(`Action ${n}'s due date`, {
          type: 'Input.Date',
          id: `action${n}Due`,
          label: 'Due by',
        }),
        ...field(`Action ${n}'s review date`, {
          type: 'Input.Date',
          id: `action${n}Review`,
          label: 'This will be reviewed on',
        }),
      ],
      { spacing: 'Medium' },
    );
    const more =
      n < MAX_ACTION_ROWS
        ? [
            {
              type: 'ActionSet',
              id: `addAction${n}`,
              ...(n !== lastShown && { isVisible: false }),
              actions: [
                {
                  type: 'Action.ToggleVisibility',
                  title: 'Add another action',
                  targetElements: [
                    `actionRow${n + 1}`,
                    `addAction${n}`,
                    ...(n + 1 < MAX_ACTION_ROWS ? [`addAction${n + 1}`] : []),
                  ],
                },
              ],
            },
          ]
        : [];
    return [{ ...row, id: `actionRow${n}`, ...(n > lastShown && { isVisible: false }) }, ...more];
  }).flat();
  const cases = view.cases.slice(0, caseRows);
  return {
    held: field('Whether it was held', {
      type: 'Input.ChoiceSet',
      id: 'held',
      label: 'Was the session held?',
      style: 'compact',
      isRequired: true,
      errorMessage: 'Say whether the session was held',
      choices: choices([
        ['yes', 'Yes, it was held'],
        ['no', 'No, it was not held'],
      ]),
    }),
    notHeld: [
      ...field('The reason', {
        type: 'Input.ChoiceSet',
        id: 'reason',
        label: 'Why not',
        style: 'compact',
        choices: choices(Object.entries(NOT_HELD_REASON_LABELS)),
      }),
      ...field('The note', {
        type: 'Input.Text',
        id: 'note',
        label: 'Anything to add',
        maxLength: 2000,
      }),
    ],
    heldDetails: [
      ...field('The date held', {
        type: 'Input.Date',
        id: 'heldOn',
        label: 'Date held',
        value: view.session.date,
      }),
      ...field('The length', {
        type: 'Input.Number',
        id: 'durationMinutes',
        label: 'Length in minutes',
        value: view.session.durationMinutes,
        min: 5,
        max: 480,
      }),
      // One meeting for several types: each ticked to start with; untick one it gave no time to.
      ...(view.session.alsoTypes?.length
        ? field('The types covered', {
            type: 'Input.ChoiceSet',
            id: 'typesCovered',
            label: 'Supervision it gave time to (untick any it did not: that one stays due)',
            isMultiSelect: true,
            style: 'expanded',
            value: [view.session.type, ...view.session.alsoTypes].join(','),
            choices: choices(
              [view.session.type, ...view.session.alsoTypes].map((t) => [
                t,
                capitalise(humanize(t)),
              ]),
            ),
          })
        : []),
      ...observationField(view, field),
      ...field('What it covered', {
        type: 'Input.ChoiceSet',
        id: 'parts',
        label: 'What the session covered',
        isMultiSelect: true,
        style: 'expanded',
        choices: choices(PARTS.map((p) => [p, PART_LABELS[p]])),
      }),
      ...field('The summary', {
        type: 'Input.Text',
        id: 'summary',
        label: 'Summary',
        isMultiline: true,
        maxLength: 2000,
        placeholder:
          "Keep it short: the full record goes in the case or HR system. No children's names.",
      }),
      textBlock('Actions agreed', { weight: 'Bolder' }),
      ...actionRows,
      ...field('The next session date', {
        type: 'Input.Date',
        id: 'nextDate',
        label: 'Next session date confirmed',
      }),
      ...field('Where the record is kept', {
        type: 'Input.Text',
        id: 'recordLocation',
        label: 'Where the full record is kept',
        maxLength: 2000,
      }),
      ...(cases.length > 0
        ? field('The children discussed', {
            type: 'Input.ChoiceSet',
            id: 'cases',
            label: 'Children discussed (case references)',
            isMultiSelect: true,
            style: 'expanded',
            choices: choices(
              cases.map((c) => [c.reference, `${c.reference} (${humanize(c.status)})`]),
            ),
          })
        : []),
      ...andMore(
        view.cases.length - cases.length,
        'more children on the caseload, not listed here',
      ),
    ],
    ids,
  };
}

/**
 * Whether the session was (or included) a direct observation of practice,
 * asked only where the policy counts them (Lambeth 2.2.2: 1 in 3
 * professional sessions), with what the count says of this one.
 */
function observationField(
  view: RecordView,
  field: (name: string, input: CardElement & { id: string }) => CardElement[],
): CardElement[] {
  const o = view.observation;
  if (!o) return [];
  const type = humanize(o.type).toLowerCase();
  return [
    textBlock(
      `The policy asks 1 in ${o.oneIn} ${type} sessions to be a direct observation of practice (${o.section}).${observationStanding(o)}`,
      { isSubtle: true },
    ),
    ...field('Observation of practice', {
      type: 'Input.Toggle',
      id: 'observed',
      title: 'This session was (or included) a direct observation of practice',
      value: 'false',
      valueOn: 'true',
      valueOff: 'false',
      wrap: true,
    }),
  ];
}

/** How many in a row were not an observation, and whether this one should be; nothing when none. */
export function observationStanding(o: NonNullable<RecordView['observation']>): string {
  if (o.unobserved === 0) return '';
  return ` The last ${o.unobserved} ${o.unobserved === 1 ? 'was' : 'were'} not${o.nextShouldBe ? ': this one should be' : ''}.`;
}

/** The record form's body: problems no input owns at the top, then held or not, then the details of a held session. */
export function recordForm(view: RecordView, caseRows: number): CardElement[] {
  const problems: Problems = new Map();
  for (const { field, message } of view.problems ?? [])
    problems.set(field, [...(problems.get(field) ?? []), message]);
  const inputs = formInputs(view, problems, caseRows);
  const loose = (view.problems ?? []).filter((p) => !inputs.ids.has(p.field));
  const count = view.problems?.length ?? 0;
  return [
    ...(count > 0
      ? [
          attention(
            `The record was not saved: ${count === 1 ? 'one answer needs' : `${count} answers need`} another look.`,
            { weight: 'Bolder' },
          ),
        ]
      : []),
    ...loose.map((p) =>
      attention(
        /^[a-z]/.test(p.message)
          ? md`${capitalise(humanize(p.field))} ${p.message}.`
          : plain(p.message),
        { spacing: 'Small' },
      ),
    ),
    ...inputs.held,
    container([textBlock('If it was not held', { weight: 'Bolder' }), ...inputs.notHeld], {
      separator: true,
    }),
    container([textBlock('If it was held', { weight: 'Bolder' }), ...inputs.heldDetails], {
      separator: true,
    }),
  ];
}
