/**
 * Reads whole collections (a series' instances, direct reports, a delta)
 * by following `@odata.nextLink` until the last page
 * (https://learn.microsoft.com/graph/paging). The next pages of many
 * collections go out together, so they share `$batch` calls too.
 *
 * Each collection stands on its own: one that fails (a mailbox out of scope,
 * an expired delta token) stops only itself, and `readEachCollection` says
 * which failed and why while the others are read to their end.
 */
import type { GraphCall, SendCalls } from './batch.ts';
import { GraphResponseError } from './errors.ts';
import { page, parseGraph } from './schemas.ts';
import type { Outcome } from './types.ts';
import { relativeLink } from './urls.ts';

export interface Collection {
  /** The first call, for error messages. */
  call: GraphCall;
  items: unknown[];
  /** The last page's `@odata.deltaLink`, for delta queries. */
  deltaLink: string | null;
}

/** A guard against a server that never stops paging. */
const MAX_PAGES = 1000;

/** Every collection, or a throw at the first that fails (for reads where one failure spoils the whole answer). */
export async function readCollections(send: SendCalls, calls: GraphCall[]): Promise<Collection[]> {
  return (await readEachCollection(send, calls)).map((outcome) => {
    if (!outcome.ok) throw outcome.error;
    return outcome.value;
  });
}

/** Each collection's outcome, in the order of `calls`: a failed page fails its own collection only. */
export async function readEachCollection(
  send: SendCalls,
  calls: GraphCall[],
): Promise<Outcome<Collection>[]> {
  const collections: Collection[] = calls.map((call) => ({ call, items: [], deltaLink: null }));
  const failed = new Map<number, Error>();
  let pending = calls.map((call, index) => ({ index, call }));
  for (let round = 0; pending.length > 0; round++) {
    if (round === MAX_PAGES) {
      for (const { index, call } of pending)
        failed.set(
          index,
          new GraphResponseError(call, '@odata.nextLink', `still paging after ${MAX_PAGES} pages`),
        );
      break;
    }
    const outcomes = await send(pending.map(({ call }) => call));
    const next: typeof pending = [];
    outcomes.forEach((outcome, position) => {
      const { index, call } = pending[position]!;
      if (!outcome.ok) {
        failed.set(index, outcome.error);
        return;
      }
      try {
        const body = parseGraph(page, outcome.reply.body, call);
        const collection = collections[index]!;
        collection.items.push(...body.value);
        if (body['@odata.nextLink'])
          next.push({
            index,
            call: { ...call, url: relativeLink(body['@odata.nextLink']), body: undefined },
          });
        else collection.deltaLink = body['@odata.deltaLink'] ?? null;
      } catch (error) {
        if (!(error instanceof GraphResponseError)) throw error;
        failed.set(index, error);
      }
    });
    pending = next;
  }
  return collections.map((value, index) => {
    const error = failed.get(index);
    return error ? { ok: false, error } : { ok: true, value };
  });
}
