/**
 * Reads whole collections (a series' instances, direct reports, a delta)
 * by following `@odata.nextLink` until the last page
 * (https://learn.microsoft.com/graph/paging). The next pages of many
 * collections go out together, so they share `$batch` calls too.
 */
import { requireAll, type GraphCall, type SendCalls } from './batch.ts';
import { page, parseGraph } from './schemas.ts';
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

export async function readCollections(send: SendCalls, calls: GraphCall[]): Promise<Collection[]> {
  const collections: Collection[] = calls.map((call) => ({ call, items: [], deltaLink: null }));
  let pending = calls.map((call, index) => ({ index, call }));
  for (let round = 0; pending.length > 0; round++) {
    if (round === MAX_PAGES) throw new Error(`Graph kept paging after ${MAX_PAGES} pages of ${pending[0]!.call.url}`);
    const replies = requireAll(await send(pending.map(({ call }) => call)));
    const next: typeof pending = [];
    replies.forEach((reply, position) => {
      const { index, call } = pending[position]!;
      const body = parseGraph(page, reply.body, call);
      const collection = collections[index]!;
      collection.items.push(...body.value);
      if (body['@odata.nextLink']) next.push({ index, call: { ...call, url: relativeLink(body['@odata.nextLink']), body: undefined } });
      else collection.deltaLink = body['@odata.deltaLink'] ?? null;
    });
    pending = next;
  }
  return collections;
}
