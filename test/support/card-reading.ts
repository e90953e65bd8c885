/**
 * Reading Adaptive Cards the way a person does in tests: the text they show,
 * the buttons they offer (with the data each would send), and the inputs.
 */
type Json = Record<string, unknown>;

/** Every object a person is shown, depth first: not the refresh, the fallbacks, or a button's data. */
export function* shownNodes(node: unknown): Generator<Json> {
  if (Array.isArray(node)) {
    for (const item of node) yield* shownNodes(item);
    return;
  }
  if (!node || typeof node !== 'object') return;
  yield node as Json;
  for (const [key, value] of Object.entries(node))
    if (key !== 'refresh' && key !== 'fallback' && key !== 'data') yield* shownNodes(value);
}

/**
 * All the words a person reads on a card, one string, for a test to look in: each
 * TextBlock's and TextRun's text, a fact or choice as "title value" on one line,
 * button titles, input labels, placeholders and values. Not the refresh, the
 * buttons' Action.Submit fallbacks, or a button's data, which no one is shown.
 * (The one reader every test uses; `test/support/card-support.ts` re-exports it.)
 */
export function cardText(card: unknown): string {
  const out: string[] = [];
  for (const n of shownNodes(card)) {
    if (n.type === 'Action.Submit') continue;
    if (typeof n.text === 'string') out.push(n.text);
    if (typeof n.title === 'string' && typeof n.value === 'string')
      out.push(`${n.title} ${n.value}`);
    else for (const key of ['title', 'value']) if (typeof n[key] === 'string') out.push(n[key]);
    for (const key of ['label', 'placeholder']) if (typeof n[key] === 'string') out.push(n[key]);
  }
  return out.join('\n');
}

export interface CardButton {
  title: string;
  verb: string;
  data: Json;
}

/** Every Action.Execute a card offers (not its fallbacks or its refresh). */
export function cardButtons(card: unknown): CardButton[] {
  const out: CardButton[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    const n = node as Json;
    if (n.type === 'Action.Execute')
      out.push({
        title: typeof n.title === 'string' ? n.title : '',
        verb: typeof n.verb === 'string' ? n.verb : '',
        data: (n.data ?? {}) as Json,
      });
    for (const [key, value] of Object.entries(n))
      if (key !== 'refresh' && key !== 'fallback') walk(value);
  };
  walk(card);
  return out;
}

export function button(card: unknown, title: string | RegExp): CardButton {
  const found = cardButtons(card).find((b) =>
    typeof title === 'string' ? b.title === title : title.test(b.title),
  );
  if (!found)
    throw new Error(
      `no button ${String(title)} on the card; it has: ${cardButtons(card)
        .map((b) => b.title)
        .join(', ')}`,
    );
  return found;
}

/** Input ids a card asks for. */
export function cardInputs(card: unknown): string[] {
  const out: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    const n = node as Json;
    if (typeof n.type === 'string' && n.type.startsWith('Input.') && typeof n.id === 'string')
      out.push(n.id);
    for (const value of Object.values(n)) walk(value);
  };
  walk(card);
  return out;
}

/** The Adaptive Card in a bot message's attachments. */
export function cardOf(
  message: { attachments?: { contentType?: string; content?: unknown }[] } | undefined,
): Json {
  const attachment = message?.attachments?.find(
    (a) => a.contentType === 'application/vnd.microsoft.card.adaptive',
  );
  if (!attachment)
    throw new Error(`the message has no Adaptive Card: ${JSON.stringify(message).slice(0, 300)}`);
  return (
    typeof attachment.content === 'string' ? JSON.parse(attachment.content) : attachment.content
  ) as Json;
}
