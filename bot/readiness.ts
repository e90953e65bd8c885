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
  body: { status: 'ready' | 'not ready' | 'shutting down'; checks?: Record<string, string>; failed?: string[] };
}

/** Runs every check at once; one that throws counts as failed, with no text from the error. */
export async function readiness(checks: Readonly<Record<string, ReadinessCheck>>): Promise<ReadinessAnswer> {
  const names = Object.keys(checks);
  const results = await Promise.all(names.map((name) => checks[name]!().catch((): CheckResult => ({ ok: false, reason: 'failed' }))));
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
