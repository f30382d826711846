/**
 * Dates as Twilio's REST APIs write them — v2010 in RFC 2822 (`Fri, 18 Oct 2019 17:00:00 +0000`),
 * the v1 APIs in ISO 8601 to the second (`2019-10-18T17:00:00Z`) — and read them in filters.
 */
import { badParameter } from './rest-errors';

/** RFC 2822 in UTC, as Twilio's `date_created`, `start_time`, …; null stays null. */
export function rfc2822(date: Date | string | undefined): string | null {
  if (date === undefined) return null;
  return new Date(date).toUTCString().replace(/GMT$/, '+0000');
}

/** ISO 8601 in UTC to the second, as the v1 APIs' `date_created`, `date_expires`, …; null stays null. */
export function iso8601(date: Date | string | number | null): string | null {
  return date === null ? null : new Date(date).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** A filter bound: a whole UTC day (`2026-11-27`) or an instant (ISO 8601, as the twilio client sends Date values). */
interface DateFilter {
  /** First instant the value covers (ms). */
  from: number;
  /** First instant after it (ms): the next day for a date, the same instant + 1 ms for a time. */
  until: number;
}

/** Parses a filter value, or undefined when it is not a date. */
function parseDateFilter(value: string): DateFilter | undefined {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const from = Date.parse(`${value}T00:00:00Z`);
    return Number.isNaN(from) ? undefined : { from, until: from + 86_400_000 };
  }
  if (!/^\d{4}-\d{2}-\d{2}T/.test(value)) return undefined;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : { from: at, until: at + 1 };
}

/**
 * Twilio's date filters on one field: `Name=` (that day or instant), `Name>` (on or after),
 * `Name<` (on or before). Returns a predicate over the field's ISO timestamp; a value that is no
 * date is refused (20001).
 */
export function dateFilters(query: URLSearchParams, name: string): (iso: string | undefined) => boolean {
  const tests: ((ms: number) => boolean)[] = [];
  for (const [suffix, test] of [
    ['', (f: DateFilter, ms: number) => ms >= f.from && ms < f.until],
    ['>', (f: DateFilter, ms: number) => ms >= f.from],
    ['<', (f: DateFilter, ms: number) => ms < f.until],
  ] as const) {
    const value = query.get(`${name}${suffix}`);
    if (value === null) continue;
    const filter = parseDateFilter(value);
    if (!filter) throw badParameter(20001, `${name}${suffix} must be a date (YYYY-MM-DD) or a date and time (ISO 8601)`);
    tests.push((ms) => test(filter, ms));
  }
  return (iso) => !tests.length || (iso !== undefined && tests.every((test) => test(Date.parse(iso))));
}
