import { randomBytes } from 'node:crypto';

/** A new SID: a two-letter prefix (CA call, RE recording, CF conference, …) and 32 hex digits, as Twilio's look. */
export function newSid(prefix = 'CA'): string {
  return `${prefix}${randomBytes(16).toString('hex')}`;
}
