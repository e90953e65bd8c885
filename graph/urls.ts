/** The relative URLs `$batch` takes: no host, no `/v1.0` (https://learn.microsoft.com/graph/json-batching#request-format). */

/** A user id or UPN as a path: `@` stays as it is, as in Graph's own examples; anything else unusual is escaped. */
export function userPath(upn: string): string {
  return `/users/${encodeURIComponent(upn).replaceAll('%40', '@')}`;
}

/** An event id as a path segment: Outlook ids are base64 and may hold `/`, `+` or `=`. */
export function segment(id: string): string {
  return encodeURIComponent(id);
}

/**
 * A link Graph returned (`https://graph.microsoft.com/v1.0/users/…?$skiptoken=…`)
 * as the relative URL `$batch` takes (`/users/…?$skiptoken=…`). The SDK's own
 * URL parser would not help: it recognises only https links.
 */
export function relativeLink(link: string): string {
  const url = new URL(link, 'https://unused');
  const path = url.pathname.replace(/^\/(v1\.0|beta)(?=\/)/, '');
  return path + url.search;
}

/** A query string from pairs, each value escaped. */
export function query(params: Record<string, string>): string {
  return (
    '?' +
    Object.entries(params)
      .map(([name, value]) => `${name}=${encodeURIComponent(value)}`)
      .join('&')
  );
}
