/**
 * Graph's error body: {error:{code, message}}
 * (https://learn.microsoft.com/graph/errors). Handlers throw this; the server
 * turns it into the response, with any headers it carries (Retry-After).
 */
export class GraphError extends Error {
  override readonly name = 'GraphError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }

  body(): { error: { code: string; message: string; innerError: { date: string } } } {
    return {
      error: {
        code: this.code,
        message: this.message,
        innerError: { date: new Date().toISOString().slice(0, 19) },
      },
    };
  }
}
