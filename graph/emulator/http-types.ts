/** One Graph request and its answer, whether it came over HTTP or inside a $batch. */
export interface GraphRequest {
  method: string;
  /** Path and query, relative to /v1.0 (e.g. /users/a@b/events?$top=5). */
  url: string;
  headers: Record<string, string>;
  body: unknown;
}

export interface GraphResponse {
  status: number;
  headers: Record<string, string>;
  body?: unknown;
}

export const json = (
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): GraphResponse => ({
  status,
  headers: {
    'Content-Type': 'application/json; odata.metadata=minimal; charset=utf-8',
    ...headers,
  },
  body,
});
