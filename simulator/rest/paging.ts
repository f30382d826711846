/**
 * Twilio's list paging: `PageSize` (default 50, at most 1000), `Page` (from 0) and `PageToken`,
 * answered with `page`, `page_size`, `start`, `end`, `uri`, `first_page_uri`, `next_page_uri`,
 * `previous_page_uri` and the page's items under the resource's own key.
 */
import { badParameter } from './rest-errors';

const PAGE_SIZE = { default: 50, max: 1000 };

/** One page of `items` (already filtered and ordered) for a list request to `path` with `query`. */
export function page<T>(key: string, items: readonly T[], path: string, query: URLSearchParams): Record<string, unknown> {
  const size = whole(query.get('PageSize'), PAGE_SIZE.default, 'PageSize');
  if (size < 1 || size > PAGE_SIZE.max) throw badParameter(20007, `PageSize must be between 1 and ${PAGE_SIZE.max}`);
  const number = whole(query.get('Page'), 0, 'Page');
  const start = number * size;
  const slice = items.slice(start, start + size);
  // Filters stay in every page link; Twilio's own links carry PageSize, Page and a PageToken.
  const link = (n: number) => {
    const kept = new URLSearchParams([...query].filter(([name]) => !['PageSize', 'Page', 'PageToken'].includes(name)));
    kept.set('PageSize', String(size));
    kept.set('Page', String(n));
    if (n > 0) kept.set('PageToken', `PT${n * size}`);
    return `${path}?${kept.toString()}`;
  };
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

function whole(value: string | null, fallback: number, name: string): number {
  if (value === null || value === '') return fallback;
  if (!/^\d{1,7}$/.test(value)) throw badParameter(20007, `${name} must be a whole number`);
  return Number(value);
}
