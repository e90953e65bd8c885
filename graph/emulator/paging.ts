/**
 * Server-side paging with @odata.nextLink
 * (https://learn.microsoft.com/graph/paging). Pages are small (10) by default
 * so tests and clients meet a nextLink early; $top sets the page size.
 */
export const DEFAULT_PAGE = 10;
const MAX_PAGE = 1000;

export function page<T>(
  items: T[],
  q: URLSearchParams,
  link: string,
): { value: T[]; '@odata.nextLink'?: string } {
  const top = Number(q.get('$top') ?? DEFAULT_PAGE);
  const size = Math.min(Math.max(1, Number.isFinite(top) ? top : DEFAULT_PAGE), MAX_PAGE);
  const skip = Number(q.get('$skip') ?? 0) || 0;
  const value = items.slice(skip, skip + size);
  if (skip + size >= items.length) return { value };
  const next = new URLSearchParams(q);
  next.set('$skip', String(skip + size));
  return { value, '@odata.nextLink': `${link}?${next.toString()}` };
}
