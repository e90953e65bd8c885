/**
 * `GET /readyz`: whether this instance can do its work now. Azure Container
 * Apps' readiness probe "checks if a replica is ready to handle incoming
 * requests" and its liveness probe "if your application is still running and
 * responsive" (https://learn.microsoft.com/azure/container-apps/health-probes):
 * a database or Graph outage is the first kind of trouble, not the second, so
 * `/healthz` (liveness) checks nothing but the process, and a restart loop
 * cannot follow an outage elsewhere.
 *
 * The checks are functions handed in by `app/`: the server knows no database
 * and no Graph. Their answers are short words chosen by the check; an
 * exception's text never reaches the body, since a driver's message can name
 * a host, a user or a connection string.
 */

/** One dependency: ready (with an optional word, e.g. "not configured"), or not with a short reason. */
export type CheckResult = { ok: true; detail?: string } | { ok: false; reason: string };

export type ReadinessCheck = () => Promise<CheckResult>;

export interface ReadinessAnswer {
  status: 200 | 503;
  body: {
    status: 'ready' | 'not ready' | 'shutting down';
    checks?: Record<string, string>;
    failed?: string[];
  };
}

/** Runs every check at once; one that throws counts as failed, with no text from the error. */
export async function readiness(
  checks: Readonly<Record<string, ReadinessCheck>>,
): Promise<ReadinessAnswer> {
  const names = Object.keys(checks);
  const results = await Promise.all(
    names.map((name) =>
      checks[name]!().catch((): CheckResult => ({ ok: false, reason: 'failed' })),
    ),
  );
  const words: Record<string, string> = {};
  const failed: string[] = [];
  results.forEach((result, i) => {
    const name = names[i]!;
    words[name] = result.ok ? (result.detail ?? 'ok') : result.reason;
    if (!result.ok) failed.push(name);
  });
  return failed.length === 0
    ? { status: 200, body: { status: 'ready', checks: words } }
    : { status: 503, body: { status: 'not ready', failed, checks: words } };
}

export const SHUTTING_DOWN: ReadinessAnswer = { status: 503, body: { status: 'shutting down' } };

/**
 * The last answer of each set of checks, kept for `ttlMs`, and one run at a
 * time: callers that ask while the checks run wait for that run rather than
 * start another. A stale answer is at most `ttlMs` old, well inside the
 * platform's probe period (10 s by default in Azure Container Apps).
 */
export class ReadinessCache {
  private readonly answers = new Map<string, { at: number; answer: Promise<ReadinessAnswer> }>();

  constructor(
    private readonly ttlMs: number,
    private readonly nowMs: () => number,
  ) {}

  get(key: string, run: () => Promise<ReadinessAnswer>): Promise<ReadinessAnswer> {
    const now = this.nowMs();
    const kept = this.answers.get(key);
    if (kept && now - kept.at < this.ttlMs) return kept.answer;
    const answer = run();
    this.answers.set(key, { at: now, answer });
    return answer;
  }
}

/**
 * At most `perSecond` probes a second from one address: a monitoring system
 * or the platform's probe asks every few seconds; more is a flood, answered
 * 429 at once. The table is emptied every second, so it cannot grow with the
 * number of addresses for longer than that.
 */
export class ProbeLimiter {
  private window = -1;
  private readonly counts = new Map<string, number>();

  constructor(
    private readonly nowMs: () => number,
    private readonly perSecond = 10,
  ) {}

  allow(address: string): boolean {
    const window = Math.floor(this.nowMs() / 1000);
    if (window !== this.window) {
      this.window = window;
      this.counts.clear();
    }
    const count = (this.counts.get(address) ?? 0) + 1;
    this.counts.set(address, count);
    return count <= this.perSecond;
  }
}
