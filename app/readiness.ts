/**
 * What `/readyz` checks (bot/readiness.ts serves it): the database answers
 * `SELECT 1`, and Microsoft Graph accepts a token (graph/reachability.ts).
 * Each has a time limit, so a probe never hangs on a black-holed host. Graph
 * is asked at most once per `graphCacheMs` whatever the probe period: several
 * instances probed every few seconds would otherwise each send Graph a
 * request that often, for nothing.
 */
import type { CheckResult, ReadinessCheck } from '../bot/index.ts';
import { probeGraph, type GraphClient } from '../graph/index.ts';
import type { Sql } from '../store/index.ts';

export const DATABASE_TIMEOUT_MS = 2_000;
export const GRAPH_TIMEOUT_MS = 3_000;
export const GRAPH_CACHE_MS = 15_000;

export interface ReadinessOptions {
  db: Sql;
  /** Null when Graph is not configured: booking is off, which is not a fault. */
  graph: GraphClient | null;
  /** Elapsed time in ms (performance.now by default): the cache's age, which a pinned business clock cannot measure. */
  elapsedMs?: () => number;
  graphCacheMs?: number;
}

export function readinessChecks(options: ReadinessOptions): Record<string, ReadinessCheck> {
  const { db, graph } = options;
  return {
    database: () =>
      withTimeout(
        db.query('SELECT 1').then((): CheckResult => ({ ok: true })),
        DATABASE_TIMEOUT_MS,
        'unreachable',
      ),
    graph: graph
      ? cached(
          () =>
            withTimeout(
              probeGraph(graph).then((probe): CheckResult =>
                probe.ok ? { ok: true } : { ok: false, reason: probe.reason },
              ),
              GRAPH_TIMEOUT_MS,
              'unreachable',
            ),
          options.graphCacheMs ?? GRAPH_CACHE_MS,
          options.elapsedMs ?? (() => performance.now()),
        )
      : () => Promise.resolve<CheckResult>({ ok: true, detail: 'not configured' }),
  };
}

/** The check's answer, "timed out" when it takes longer than `ms`, or `failed` (a word, never the error's text) when it throws. */
async function withTimeout(
  check: Promise<CheckResult>,
  ms: number,
  failed: string,
): Promise<CheckResult> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<CheckResult>((resolve) => {
    timer = setTimeout(() => resolve({ ok: false, reason: 'timed out' }), ms);
  });
  try {
    return await Promise.race([
      check.catch((): CheckResult => ({ ok: false, reason: failed })),
      late,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** One answer per `ttlMs`; probes arriving while a check runs share it. */
function cached(
  check: () => Promise<CheckResult>,
  ttlMs: number,
  elapsedMs: () => number,
): ReadinessCheck {
  let last: { at: number; answer: Promise<CheckResult> } | null = null;
  return () => {
    const now = elapsedMs();
    if (!last || now - last.at >= ttlMs) last = { at: now, answer: check() };
    return last.answer;
  };
}
