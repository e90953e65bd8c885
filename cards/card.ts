/**
 * The few Adaptive Card elements Cadence's cards use, as plain JSON. Kept
 * loose on purpose: the `adaptivecards` library checks every card in the
 * tests, so these helpers only spare the builders repetition.
 *
 * Schema 1.5 because `Action.Execute` and `refresh` (Universal Actions) need
 * it; Teams renders ColumnSet, FactSet and RichTextBlock everywhere, so the
 * cards use those rather than `Table`.
 */

/** An Adaptive Card as JSON. */
export type Card = Record<string, unknown>;
/** Any element, action or property object inside a card. */
export type CardElement = Record<string, unknown>;

export const CARD_SCHEMA = 'http://adaptivecards.io/schemas/adaptive-card.json';
export const CARD_VERSION = '1.5';
/** At most this many buttons in one row: Teams drops buttons past its host's limit (the library's default host allows 5). */
export const MAX_ACTIONS_PER_SET = 5;

type Color = 'Default' | 'Good' | 'Warning' | 'Attention' | 'Accent';

/** Drops keys whose value is undefined, so the JSON carries only what was set. */
export function compact<T extends Record<string, unknown>>(object: T): T {
  return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined)) as T;
}

export function adaptiveCard(
  body: CardElement[],
  options: { actions?: CardElement[]; refresh?: CardElement } = {},
): Card {
  return compact({
    type: 'AdaptiveCard',
    $schema: CARD_SCHEMA,
    version: CARD_VERSION,
    refresh: options.refresh,
    body,
    actions: options.actions && options.actions.length > 0 ? options.actions : undefined,
  });
}

export interface TextOptions {
  color?: Color;
  weight?: 'Bolder';
  size?: 'Small' | 'Medium' | 'Large';
  isSubtle?: boolean;
  spacing?: 'None' | 'Small' | 'Medium' | 'Large';
  separator?: boolean;
  style?: 'heading';
}

/** A wrapping TextBlock (Teams' markdown subset: `**bold**`, lists). */
export function textBlock(text: string, options: TextOptions = {}): CardElement {
  return compact({ type: 'TextBlock', text, wrap: true, ...options });
}

export function heading(text: string): CardElement {
  return textBlock(text, { size: 'Medium', weight: 'Bolder', style: 'heading' });
}

/** A line in the attention colour: a problem the reader has to act on. */
export function attention(text: string, options: TextOptions = {}): CardElement {
  return textBlock(text, { color: 'Attention', ...options });
}

export function factSet(
  facts: [title: string, value: string][],
  options: { separator?: boolean } = {},
): CardElement {
  return compact({
    type: 'FactSet',
    facts: facts.map(([title, value]) => ({ title, value })),
    ...options,
  });
}

export function container(
  items: CardElement[],
  options: { separator?: boolean; spacing?: TextOptions['spacing']; style?: 'emphasis' } = {},
): CardElement {
  return compact({ type: 'Container', items, ...options });
}

export function column(items: CardElement[], width: 'auto' | 'stretch' = 'stretch'): CardElement {
  return { type: 'Column', width, items };
}

export function columnSet(
  columns: CardElement[],
  options: { separator?: boolean; spacing?: TextOptions['spacing'] } = {},
): CardElement {
  return compact({ type: 'ColumnSet', columns, ...options });
}

/** Text runs in one block: how a line carries a coloured badge without a ColumnSet's weight in bytes. */
export function richText(
  runs: { text: string; color?: Color; weight?: 'Bolder'; isSubtle?: boolean }[],
  options: { separator?: boolean; spacing?: TextOptions['spacing'] } = {},
): CardElement {
  return compact({
    type: 'RichTextBlock',
    inlines: runs.map((run) => compact({ type: 'TextRun', ...run })),
    ...options,
  });
}

/** Buttons in the body, split into rows of at most {@link MAX_ACTIONS_PER_SET}. */
export function actionSets(
  actions: CardElement[],
  options: { spacing?: TextOptions['spacing'] } = {},
): CardElement[] {
  const sets: CardElement[] = [];
  for (let i = 0; i < actions.length; i += MAX_ACTIONS_PER_SET) {
    sets.push(
      compact({
        type: 'ActionSet',
        actions: actions.slice(i, i + MAX_ACTIONS_PER_SET),
        ...options,
      }),
    );
  }
  return sets;
}

/** A line saying how many were left off a capped list. */
export function andMore(hidden: number, what = 'more'): CardElement[] {
  return hidden > 0
    ? [textBlock(`… and ${hidden} ${what}`, { isSubtle: true, spacing: 'Small' })]
    : [];
}
