/**
 * Basic authentication as Twilio's REST API checks it: the account SID and its auth token, or an
 * API key SID and its secret. Secrets are compared in constant time.
 */
import { timingSafeEqual } from 'node:crypto';

/** The credentials the simulated account accepts: username → password. */
export type Credentials = ReadonlyMap<string, string>;

function sameText(a: string, b: string): boolean {
  const [x, y] = [Buffer.from(a), Buffer.from(b)];
  return x.length === y.length && timingSafeEqual(x, y);
}

/** True when the `Authorization` header names known credentials. */
export function isAuthorised(header: string | undefined, credentials: Credentials): boolean {
  const match = /^Basic ([A-Za-z0-9+/=]{1,1024})$/.exec(header ?? '');
  if (!match) return false;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return false;
  const expected = credentials.get(decoded.slice(0, colon));
  return expected !== undefined && sameText(decoded.slice(colon + 1), expected);
}
