/**
 * POST /$batch (https://learn.microsoft.com/graph/json-batching): at most 20
 * requests; each runs through the same handlers as a top-level request,
 * throttling and the per-mailbox concurrency limit included, so an inner
 * response may be a 429 with its own Retry-After header. Requests without
 * dependsOn run together, as Graph runs them; dependsOn orders them, and a
 * request whose dependency failed is answered 424.
 */
import { GraphError } from './errors.ts';
import type { GraphRequest, GraphResponse } from './http-types.ts';

export const MAX_BATCH = 20;

interface InnerRequest {
  id: string;
  method: string;
  url: string;
  headers?: Record<string, string>;
  body?: unknown;
  dependsOn?: string[];
}

export interface BatchSteps {
  /** Takes the request's mailbox slot, or throws 429; returns the release. */
  admit(req: GraphRequest): () => void;
  /** Runs one admitted request (faults included) and logs it. */
  run(req: GraphRequest): GraphResponse;
  /** Logs a request that never ran (refused at admission or for a failed dependency). */
  refused(req: GraphRequest, res: GraphResponse): void;
  /** The round trip's latency, paid once while the first wave holds its slots. */
  wait(): Promise<void>;
  toResponse(e: unknown): GraphResponse;
}

export function parseBatch(body: unknown): InnerRequest[] {
  const requests = (body as { requests?: unknown } | null)?.requests;
  if (!Array.isArray(requests) || requests.length === 0)
    throw new GraphError(400, 'BadRequest', 'Invalid batch payload format.');
  if (requests.length > MAX_BATCH)
    throw new GraphError(
      400,
      'BadRequest',
      `The number of batch requests exceeds the limit of ${MAX_BATCH}.`,
    );
  const ids = new Set<string>();
  for (const r of requests as InnerRequest[]) {
    if (!r || typeof r.id !== 'string' || typeof r.method !== 'string' || typeof r.url !== 'string')
      throw new GraphError(400, 'BadRequest', 'Each batch request needs id, method and url.');
    if (ids.has(r.id))
      throw new GraphError(400, 'BadRequest', `Duplicate batch request id '${r.id}'.`);
    ids.add(r.id);
  }
  for (const r of requests as InnerRequest[]) {
    for (const d of r.dependsOn ?? [])
      if (!ids.has(d))
        throw new GraphError(400, 'BadRequest', `dependsOn names an unknown request '${d}'.`);
  }
  return requests as InnerRequest[];
}

export async function runBatch(
  body: unknown,
  outerHeaders: Record<string, string>,
  steps: BatchSteps,
): Promise<{ responses: unknown[] }> {
  const inner = parseBatch(body);
  const results = new Map<string, GraphResponse>();
  let pending = inner;
  let first = true;
  while (pending.length > 0) {
    const wave = pending.filter((r) => (r.dependsOn ?? []).every((d) => results.has(d)));
    if (wave.length === 0) throw new GraphError(400, 'BadRequest', 'dependsOn has a cycle.');
    pending = pending.filter((r) => !wave.includes(r));
    const admitted: { r: InnerRequest; req: GraphRequest; release: () => void }[] = [];
    for (const r of wave) {
      const headers = Object.fromEntries(
        Object.entries({ prefer: outerHeaders['prefer'], ...r.headers })
          .filter(([, v]) => v !== undefined)
          .map(([k, v]) => [k.toLowerCase(), String(v)]),
      );
      const req: GraphRequest = { method: r.method, url: r.url, headers, body: r.body };
      if ((r.dependsOn ?? []).some((d) => (results.get(d)?.status ?? 500) >= 400)) {
        const res = steps.toResponse(
          new GraphError(424, 'FailedDependency', 'A request this one depends on failed.'),
        );
        results.set(r.id, res);
        steps.refused(req, res);
        continue;
      }
      try {
        admitted.push({ r, req, release: steps.admit(req) });
      } catch (e) {
        const res = steps.toResponse(e);
        results.set(r.id, res);
        steps.refused(req, res);
      }
    }
    try {
      if (first) await steps.wait();
      first = false;
      for (const { r, req } of admitted) results.set(r.id, steps.run(req));
    } finally {
      for (const a of admitted) a.release();
    }
  }
  return {
    responses: inner.map((r) => {
      const res = results.get(r.id)!;
      return {
        id: r.id,
        status: res.status,
        headers: res.headers,
        ...(res.body === undefined ? {} : { body: res.body }),
      };
    }),
  };
}
