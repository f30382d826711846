/**
 * Twilio's list paging: `PageSize` (default 50), `Page` (from 0) and `PageToken`. The v2010 API
 * answers with `page`, `page_size`, `start`, `end`, `uri`, `first_page_uri`, `next_page_uri` and
 * `previous_page_uri` beside the items; the v1 APIs (Sync, Serverless) with a `meta` object of
 * absolute URLs: `page`, `page_size`, `first_page_url`, `previous_page_url`, `url`,
 * `next_page_url` and `key`, the name the items are listed under.
 */
import { badParameter } from './rest-errors';
import type { RestRequest } from './rest-request';

const DEFAULT_PAGE_SIZE = 50;

/** The page a query asks for, and the link to page `n` of the same list (filters kept). */
function pageOf(path: string, query: URLSearchParams, maxSize: number) {
  const size = whole(query.get('PageSize'), DEFAULT_PAGE_SIZE, 'PageSize');
  if (size < 1 || size > maxSize) throw badParameter(20007, `PageSize must be between 1 and ${maxSize}`);
  const number = whole(query.get('Page'), 0, 'Page');
  // Filters stay in every page link; Twilio's own links carry PageSize, Page and a PageToken.
  const link = (n: number) => {
    const kept = new URLSearchParams([...query].filter(([name]) => !['PageSize', 'Page', 'PageToken'].includes(name)));
    kept.set('PageSize', String(size));
    kept.set('Page', String(n));
    if (n > 0) kept.set('PageToken', `PT${n * size}`);
    return `${path}?${kept.toString()}`;
  };
  return { size, number, start: number * size, link };
}

/** One v2010 page of `items` (already filtered and ordered) for a list request to `path` with `query`. */
export function page<T>(key: string, items: readonly T[], path: string, query: URLSearchParams): Record<string, unknown> {
  const { size, number, start, link } = pageOf(path, query, 1000);
  const slice = items.slice(start, start + size);
  return {
    [key]: slice,
    page: number,
    page_size: size,
    start,
    end: slice.length ? start + slice.length - 1 : start,
    uri: link(number),
    first_page_uri: link(0),
    next_page_uri: start + size < items.length ? link(number + 1) : null,
    previous_page_uri: number > 0 ? link(number - 1) : null,
  };
}

/** One v1 page of `items` for `request`; `maxSize` is the resource's largest PageSize. */
export function pageV1<T>(key: string, items: readonly T[], request: RestRequest, maxSize: number): Record<string, unknown> {
  const { size, number, start, link } = pageOf(`${request.origin}${request.path}`, request.query, maxSize);
  return {
    [key]: items.slice(start, start + size),
    meta: {
      page: number,
      page_size: size,
      first_page_url: link(0),
      previous_page_url: number > 0 ? link(number - 1) : null,
      url: link(number),
      next_page_url: start + size < items.length ? link(number + 1) : null,
      key,
    },
  };
}

function whole(value: string | null, fallback: number, name: string): number {
  if (value === null || value === '') return fallback;
  if (!/^\d{1,7}$/.test(value)) throw badParameter(20007, `${name} must be a whole number`);
  return Number(value);
}
