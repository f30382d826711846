/**
 * Basic authentication as Twilio's REST API checks it: the account SID and its auth token, or an
 * API key SID and its secret. API keys belong to the region they were made in, so
 * the password is looked up for the region the request went to. Secrets compare in constant time.
 */
import { timingSafeEqual } from 'node:crypto';

/** The password `username` has in `region`, or undefined when it has none there. */
export type Credentials = (username: string, region: string) => string | undefined;

function sameText(a: string, b: string): boolean {
  const [x, y] = [Buffer.from(a), Buffer.from(b)];
  return x.length === y.length && timingSafeEqual(x, y);
}

/** True when the `Authorization` header names credentials known in `region`. */
export function isAuthorised(header: string | undefined, credentials: Credentials, region: string): boolean {
  const match = /^Basic ([A-Za-z0-9+/=]{1,1024})$/.exec(header ?? '');
  if (!match) return false;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return false;
  const expected = credentials(decoded.slice(0, colon), region);
  return expected !== undefined && sameText(decoded.slice(colon + 1), expected);
}
