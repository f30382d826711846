/** What Twilio accepts in a form field that holds a URL or a boolean, checked alike by every resource. */
import { badParameter } from './rest-errors';

/** An absolute http(s) URL, as Twilio takes in its URL parameters. */
export const WEB_URL = /^https?:\/\/[^\s/?#]+\S*$/;

/** `true` or `false` (what the `twilio` client sends for a boolean); anything else is refused (20001). */
export function booleanValue(name: string, raw: string): boolean {
  if (raw !== 'true' && raw !== 'false') throw badParameter(20001, `${name} must be true or false`);
  return raw === 'true';
}
