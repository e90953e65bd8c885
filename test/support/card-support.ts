/**
 * What the card tests check every card with: the `adaptivecards` library's
 * own parse and validation, plus a round trip that catches a property the
 * library does not know (a misspelt `isMultiselect` parses without a word,
 * but is missing from what the library writes back).
 */
import * as AC from 'adaptivecards';
import type { Card } from '../../cards/card.ts';

export { cardText } from './card-reading.ts';

type Json = Record<string, unknown>;

/** Properties the library leaves out of its JSON although set: defaults, and `fallback` (kept only where used). */
const DROPPED_AS_DEFAULT: [key: string, value: unknown][] = [
  ['style', 'compact'],
  ['valueOn', 'true'],
  ['valueOff', 'false'],
];

function dropped(written: unknown, read: unknown, path: string, out: string[]): void {
  if (Array.isArray(written)) {
    // Pair items by type, so an element the library dropped (reported by the parse) does not shift the rest.
    const readItems = Array.isArray(read) ? (read as unknown[]) : [];
    let j = 0;
    written.forEach((item, i) => {
      const typeOf = (x: unknown) => (x && typeof x === 'object' ? (x as Json).type : undefined);
      if (typeOf(item) !== typeOf(readItems[j])) {
        out.push(`${path}[${i}] was dropped`);
        return;
      }
      dropped(item, readItems[j++], `${path}[${i}]`, out);
    });
    return;
  }
  if (!written || typeof written !== 'object') return;
  const readObject = read && typeof read === 'object' ? (read as Json) : {};
  for (const [key, value] of Object.entries(written)) {
    if (key === 'data') continue; // an action's data is the bot's, not the schema's
    if (readObject[key] === undefined) {
      const isDefault = DROPPED_AS_DEFAULT.some(([k, v]) => k === key && v === value);
      const isActionFallback =
        key === 'fallback' && String((written as Json).type).startsWith('Action.');
      // Teams reads a ChoiceSet's dynamic typeahead in a card of any version (its own example is
      // 1.2: learn.microsoft.com/microsoftteams/platform/task-modules-and-cards/cards/dynamic-search);
      // the library writes it back only for 1.6, so it is checked here by hand.
      const isTeamsTypeahead =
        key === 'choices.data' &&
        (written as Json).type === 'Input.ChoiceSet' &&
        (value as Json | null)?.type === 'Data.Query' &&
        typeof (value as Json).dataset === 'string';
      if (!isDefault && !isActionFallback && !isTeamsTypeahead)
        out.push(`${path}.${key} is not a property the library knows`);
    } else {
      dropped(value, readObject[key], `${path}.${key}`, out);
    }
  }
}

/**
 * Teams' charts ("Charts in Adaptive Cards",
 * learn.microsoft.com/microsoftteams/platform/task-modules-and-cards/cards/charts-in-adaptive-cards)
 * are not in the library: each is checked against the documented shape (a
 * `Chart.Line`'s `data` is series of `{ legend, values: [{ x, y }] }`) and must
 * carry a `fallback`, which is what the library — like any client that draws
 * no charts — then reads in its place.
 */
function chartsAsFallbacks(node: unknown, path: string, problems: string[]): unknown {
  if (Array.isArray(node))
    return node.map((item, i) => chartsAsFallbacks(item, `${path}[${i}]`, problems));
  if (!node || typeof node !== 'object') return node;
  const element = node as Json;
  if (typeof element.type === 'string' && element.type.startsWith('Chart.')) {
    if (element.type !== 'Chart.Line')
      problems.push(`${path}: ${element.type} is not a chart Cadence checks`);
    const series = element.data;
    const wellFormed =
      Array.isArray(series) &&
      series.length > 0 &&
      series.every(
        (s: Json) =>
          typeof s.legend === 'string' &&
          Array.isArray(s.values) &&
          (s.values as Json[]).every((v) => typeof v.x === 'string' && typeof v.y === 'number'),
      );
    if (!wellFormed)
      problems.push(`${path}: a Chart.Line's data is not [{ legend, values: [{ x, y }] }]`);
    const known = [
      'type',
      'title',
      'xAxisTitle',
      'yAxisTitle',
      'colorSet',
      'data',
      'fallback',
      'separator',
      'spacing',
      'id',
    ];
    for (const key of Object.keys(element))
      if (!known.includes(key))
        problems.push(`${path}.${key} is not a documented Chart.Line property`);
    if (!element.fallback || typeof element.fallback !== 'object') {
      problems.push(`${path}: a chart has no fallback for clients without charts`);
      return { type: 'TextBlock', text: 'chart' };
    }
    return chartsAsFallbacks(element.fallback, `${path}.fallback`, problems);
  }
  return Object.fromEntries(
    Object.entries(element).map(([key, value]) => [
      key,
      key === 'data' ? value : chartsAsFallbacks(value, `${path}.${key}`, problems),
    ]),
  );
}

function parseProblems(original: Json, label: string): string[] {
  const problems: string[] = [];
  const json = chartsAsFallbacks(original, label, problems) as Json;
  const card = new AC.AdaptiveCard();
  const context = new AC.SerializationContext();
  card.parse(json, context);
  for (let i = 0; i < context.eventCount; i++)
    problems.push(`${label} parse: ${context.getEventAt(i).message}`);
  for (const event of card.validateProperties().validationEvents)
    problems.push(`${label} validation: ${event.message}`);
  dropped(json, card.toJSON(), label, problems);
  return problems;
}

/** Every problem the library reports with the card, and with each button's Action.Submit fallback read as a card of its own. */
export function cardProblems(card: Card): string[] {
  const problems = parseProblems(card, 'card');
  for (const action of executeActions(card)) {
    const fallback = action.fallback as Json | undefined;
    if (!fallback) {
      problems.push(`"${String(action.title)}" has no fallback`);
      continue;
    }
    problems.push(
      ...parseProblems(
        {
          type: 'AdaptiveCard',
          version: '1.5',
          body: [{ type: 'TextBlock', text: 'fallback' }],
          actions: [fallback],
        },
        `fallback of "${String(action.title)}"`,
      ),
    );
  }
  return problems;
}

/** Every object in the card, depth first. */
export function* walk(node: unknown): Generator<Json> {
  if (Array.isArray(node)) {
    for (const item of node) yield* walk(item);
  } else if (node && typeof node === 'object') {
    yield node as Json;
    for (const [key, value] of Object.entries(node)) if (key !== 'data') yield* walk(value);
  }
}

/** The card's buttons (not its refresh action, nor the fallbacks inside the buttons). */
export function executeActions(card: Card): Json[] {
  const refreshAction = (card.refresh as Json | undefined)?.action;
  const all = [...walk(card)].filter(
    (node) => node.type === 'Action.Execute' && node !== refreshAction,
  );
  return all;
}

export function buttonTitles(card: Card): string[] {
  return executeActions(card).map((a) => String(a.title));
}

export function button(card: Card, title: string): Json {
  const found = executeActions(card).find((a) => a.title === title);
  if (!found) throw new Error(`no button "${title}" in: ${buttonTitles(card).join(', ')}`);
  return found;
}

export function inputs(card: Card): Json[] {
  return [...walk(card)].filter(
    (node) => typeof node.type === 'string' && node.type.startsWith('Input.'),
  );
}

export function inputIds(card: Card): string[] {
  return inputs(card).map((input) => String(input.id));
}

/**
 * What the bot receives when a person presses `title` after filling in
 * `typed`: the button's data with every input's value merged over it (as
 * Teams does, defaults included, "" for an empty input), unless the button
 * takes no inputs.
 */
export function press(card: Card, title: string, typed: Record<string, string> = {}): Json {
  const action = button(card, title);
  const data = { ...(action.data as Json) };
  if (action.associatedInputs === 'none') return data;
  for (const input of inputs(card)) {
    const id = String(input.id);
    const initial =
      typeof input.value === 'string' || typeof input.value === 'number' ? String(input.value) : '';
    data[id] = typed[id] ?? (input.type === 'Input.Toggle' && initial === '' ? 'false' : initial);
  }
  return data;
}
