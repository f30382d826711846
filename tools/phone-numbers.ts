/** The account's phone numbers as setup and doctor see them: looking one up, and what answers it. */
import type { IncomingPhoneNumberInstance } from 'twilio/lib/rest/api/v2010/account/incomingPhoneNumber';
import type { TwilioClient } from './twilio-api';

/** Where Twilio points a number it has just sold: not serving anything of the owner's. */
const TWILIO_DEMO_URL = /^https?:\/\/demo\.twilio\.com\//;

/** How `phoneNumber` relates to the account: a number it owns, a verified caller ID, or neither. */
export interface NumberLookup {
  readonly owned?: IncomingPhoneNumberInstance;
  readonly verified: boolean;
}

/**
 * Looks a number up exactly. Twilio's `PhoneNumber` filter also matches partial numbers, so
 * the results are narrowed to the one that is equal.
 */
export async function lookUpNumber(client: TwilioClient, phoneNumber: string): Promise<NumberLookup> {
  const owned = (await client.incomingPhoneNumbers.list({ phoneNumber })).find((n) => n.phoneNumber === phoneNumber);
  if (owned) return { owned, verified: false };
  const verified = (await client.outgoingCallerIds.list({ phoneNumber })).some((c) => c.phoneNumber === phoneNumber);
  return { verified };
}

/** What answers a number now, when it is something other than Twilio's demo answer. */
export function currentUse(number: IncomingPhoneNumberInstance): string | undefined {
  if (number.trunkSid) return `a SIP trunk (${number.trunkSid})`;
  if (number.voiceApplicationSid) return `the TwiML App ${number.voiceApplicationSid}`;
  if (number.voiceUrl && !TWILIO_DEMO_URL.test(number.voiceUrl)) return number.voiceUrl;
  return undefined;
}

/** True when `name` is only the number written another way, as Twilio names a number it sells (`(415) 555-0100`). */
const isNumberItself = (name: string, phoneNumber: string) => /^[\d\s()+.-]*$/.test(name) && phoneNumber.replace(/\D/g, '').endsWith(name.replace(/\D/g, ''));

/** One line per number: the number, its name if it has one, and what answers it now. */
export function listNumbers(numbers: readonly IncomingPhoneNumberInstance[]): string[] {
  return numbers.map((n) =>
    [n.phoneNumber, n.friendlyName && !isNumberItself(n.friendlyName, n.phoneNumber) && n.friendlyName, currentUse(n) && `(answered by ${currentUse(n)})`].filter(Boolean).join('  '),
  );
}

/** The message for a verified caller ID used as the team number. */
export const verifiedOnly = (phoneNumber: string) =>
  `${phoneNumber} is a verified caller ID, not a Twilio number: outbound calls can show it, but calls to it never reach the team. Buy a number for inbound calls.`;
