/**
 * Puts the app's token on requests to the configured Graph host, and on
 * nothing else.
 *
 * Why not the SDK's AuthenticationHandler: it attaches the token only when the
 * URL starts with `https://` and its host is graph.microsoft.com or one of
 * `customHosts` (GraphRequestUtil.isValidEndpoint in
 * @microsoft/microsoft-graph-client 3.0.x), and strips the header otherwise.
 * The emulator listens on http://127.0.0.1, so with that handler the only
 * difference between Graph and the emulator would be a missing token. Matching
 * the configured origin exactly keeps the base URL the one thing that changes,
 * and never sends the token to a host we did not configure.
 */
import type {
  AuthenticationProvider,
  Context,
  Middleware,
} from '@microsoft/microsoft-graph-client';

export class BearerTokenHandler implements Middleware {
  private next: Middleware | undefined;

  constructor(
    private readonly provider: AuthenticationProvider,
    private readonly origin: string,
  ) {}

  setNext(next: Middleware): void {
    this.next = next;
  }

  async execute(context: Context): Promise<void> {
    if (!this.next)
      throw new Error('BearerTokenHandler is the last middleware; put the fetch handler after it');
    const url = typeof context.request === 'string' ? context.request : context.request.url;
    const options = (context.options ??= {});
    const headers = { ...(options.headers as Record<string, string> | undefined) };
    if (new URL(url).origin === this.origin) {
      headers.Authorization = `Bearer ${await this.provider.getAccessToken()}`;
    } else {
      delete headers.Authorization;
    }
    options.headers = headers;
    await this.next.execute(context);
  }
}
