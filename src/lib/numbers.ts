import type { CountryCode, NumberType } from 'libphonenumber-js';
import type * as PhoneLib from 'libphonenumber-js/max';

let loaded: typeof PhoneLib | undefined;
/**
 * libphonenumber-js with full metadata takes ~30 ms to load: loaded on first use, so a cold
 * Function that rings teammates (or a page that has not dialled yet) never pays for it.
 */
function phoneLib(): typeof PhoneLib {
  return (loaded ??= require('libphonenumber-js/max') as typeof PhoneLib);
}

function parsePhoneNumber(text: string, defaultCountry?: CountryCode): PhoneLib.PhoneNumber | undefined {
  return phoneLib().parsePhoneNumberFromString(text, defaultCountry);
}

/** The codes no phone number can have, e.g. `UK` where `GB` is meant: a typo in ALLOWED_COUNTRIES. */
export function unknownCountries(codes: readonly string[]): string[] {
  return codes.filter((code) => !phoneLib().isSupportedCountry(code));
}

/** Number types a team may dial; premium-rate, shared-cost and unknown types are refused (toll fraud). */
const DIALLABLE_TYPES: ReadonlySet<NumberType> = new Set<NumberType>(['FIXED_LINE', 'MOBILE', 'FIXED_LINE_OR_MOBILE', 'TOLL_FREE', 'VOIP']);

/**
 * NANP services billed per call that libphonenumber types as ordinary lines: exchange 976 (local
 * pay-per-call lines, the premium numbers before 900) and NPA-555-1212 (directory assistance).
 */
function isNanpChargedService(parsed: PhoneLib.PhoneNumber): boolean {
  if (parsed.countryCallingCode !== '1') return false;
  const exchangeAndLine = parsed.nationalNumber.slice(3);
  return exchangeAndLine.startsWith('976') || exchangeAndLine === '5551212';
}

/** Longest input worth parsing; E.164 has at most 15 digits, people add spaces and punctuation. */
const MAX_INPUT_LENGTH = 40;

export type DialDecision =
  | { ok: true; e164: string; country: CountryCode }
  | { ok: false; reason: 'invalid' | 'country' | 'type' };

/**
 * Normalises what a person typed (E.164, national or international format) and applies the
 * dialling policy: valid, in an allowed country, and of a diallable type.
 * `homeCountry` reads national formats, e.g. the country of the team's own number.
 */
export function decideDial(input: string, allowedCountries: readonly CountryCode[], homeCountry?: CountryCode): DialDecision {
  if (input.length > MAX_INPUT_LENGTH) return { ok: false, reason: 'invalid' };
  const parsed = parsePhoneNumber(input, homeCountry);
  if (!parsed || !parsed.isValid() || !parsed.country) return { ok: false, reason: 'invalid' };
  if (!allowedCountries.includes(parsed.country)) return { ok: false, reason: 'country' };
  const type = parsed.getType();
  if (!type || !DIALLABLE_TYPES.has(type) || isNanpChargedService(parsed)) return { ok: false, reason: 'type' };
  return { ok: true, e164: parsed.number, country: parsed.country };
}

/** The country of an E.164 number, e.g. of CALLER_ID, to read national formats with. */
export function countryOf(e164: string): CountryCode | undefined {
  return parsePhoneNumber(e164)?.country;
}

/** True when the text looks like a phone number rather than a teammate's name. */
export function looksLikePhoneNumber(input: string): boolean {
  return /^[\d\s()+.\-]+$/.test(input) && /\d/.test(input);
}
