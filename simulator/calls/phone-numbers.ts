/** How the simulated phone network names numbers and the Voice SDK clients that stand in for phones. */
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

/** A number as E.164 (national US/CA formats accepted), or undefined. */
export function normaliseNumber(text: string): string | undefined {
  if (!text || text.length > 40) return undefined;
  const parsed = parsePhoneNumberFromString(text.trim(), 'US');
  return parsed?.isPossible() ? parsed.number : undefined;
}

/** The Voice SDK identity of the simulated phone for an E.164 number: `phone_<digits>`. */
export function phoneIdentity(e164: string): string {
  return `phone_${e164.replace(/\D/g, '')}`;
}

/** The number a `phone_<digits>` identity stands for, or undefined for other identities. */
export function numberOfPhone(identity: string): string | undefined {
  const match = /^phone_(\d{7,15})$/.exec(identity);
  return match ? `+${match[1]}` : undefined;
}
