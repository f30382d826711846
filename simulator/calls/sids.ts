import { randomBytes } from 'node:crypto';

/** A new Call SID: `CA` and 32 hex digits, as Twilio's look. */
export function newSid(): string {
  return `CA${randomBytes(16).toString('hex')}`;
}
