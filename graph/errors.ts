/**
 * The errors `graph/` raises. `graph/` imports nothing of ours, so these stand
 * alone; `app/` maps them to a message and an exit code with the rest.
 */

/** Which request failed: enough to find it in Graph's logs and ours, never a body (it may hold names). */
export interface FailedRequest {
  method: string;
  url: string;
  mailbox: string | null;
}

/** A Graph request that failed for good: a refusal (4xx), or a throttle or fault that outlasted its retries. */
export class GraphRequestError extends Error {
  override name = 'GraphRequestError';
  constructor(
    readonly status: number,
    readonly code: string,
    readonly request: FailedRequest,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(
      `Microsoft Graph refused ${request.method} ${request.url}: ${status} ${code}${detail ? ` (${detail})` : ''}`,
      options,
    );
  }
}

/** Graph answered, but not in the shape its documentation gives; `path` says where inside the body. */
export class GraphResponseError extends Error {
  override name = 'GraphResponseError';
  constructor(
    readonly request: FailedRequest,
    readonly path: string,
    problem: string,
  ) {
    super(
      `unexpected answer from Microsoft Graph to ${request.method} ${request.url}: at ${path || 'the top'}: ${problem}`,
    );
  }
}
