/**
 * What every list resource reads from its query string alike: exact-match filters, a `Status`
 * that must be one of the resource's own, and Twilio's order (newest first).
 */
import { badParameter } from './rest-errors';

/** A filter per parameter: true when the query does not name `name`, or names exactly `value`. */
export function equalsFilter(query: URLSearchParams): (name: string, value: string | null | undefined) => boolean {
  return (name, value) => query.get(name) === null || query.get(name) === value;
}

/** Refuses (20001) a `name` in the query that is not one of `allowed`. */
export function checkOneOf(query: URLSearchParams, name: string, allowed: ReadonlySet<string>): void {
  const value = query.get(name);
  if (value !== null && !allowed.has(value)) throw badParameter(20001, `${name} must be one of ${[...allowed].join(', ')}`);
}

/** `items` (stored oldest first) newest first by `createdMs`; on equal times the later one stays first. */
export function newestFirst<T>(items: readonly T[], createdMs: (item: T) => number): T[] {
  return [...items].reverse().sort((a, b) => createdMs(b) - createdMs(a));
}
