/**
 * The team's dialling policy on any libphonenumber-js parser: the Functions use the full
 * metadata (src/lib/numbers/full-metadata.ts), the page only the numbering zones its team may dial
 * (src/client/dialling/number-policy.ts), so both refuse the same numbers for the same reasons.
 */
import type { CountryCode, NumberType, PhoneNumber } from 'libphonenumber-js';

/** Reads a number, national formats in `defaultCountry`; undefined when it is not one. */
export type NumberParser = (text: string, defaultCountry?: CountryCode) => PhoneNumber | undefined;

/** Number types a team may dial; premium-rate, shared-cost and unknown types are refused (toll fraud). */
const DIALLABLE_TYPES: ReadonlySet<NumberType> = new Set<NumberType>(['FIXED_LINE', 'MOBILE', 'FIXED_LINE_OR_MOBILE', 'TOLL_FREE', 'VOIP']);

/**
 * NANP services billed per call that libphonenumber types as ordinary lines: exchange 976 (local
 * pay-per-call lines, the premium numbers before 900) and NPA-555-1212 (directory assistance).
 */
function isNanpChargedService(parsed: PhoneNumber): boolean {
  if (parsed.countryCallingCode !== '1') return false;
  const exchangeAndLine = parsed.nationalNumber.slice(3);
  return exchangeAndLine.startsWith('976') || exchangeAndLine === '5551212';
}

/** Longest input worth parsing; E.164 has at most 15 digits, people add spaces and punctuation. */
const MAX_INPUT_LENGTH = 40;

export type DialDecision = { ok: true; e164: string; country: CountryCode } | { ok: false; reason: 'invalid' | 'country' | 'type' };

/**
 * Normalises what a person typed (E.164, national or international format) and applies the
 * dialling policy: valid, in an allowed country, and of a diallable type.
 * `homeCountry` reads national formats, e.g. the country of the team's own number.
 */
export function decideDialWith(parse: NumberParser, input: string, allowedCountries: readonly CountryCode[], homeCountry?: CountryCode): DialDecision {
  if (input.length > MAX_INPUT_LENGTH) return { ok: false, reason: 'invalid' };
  const parsed = parse(input, homeCountry);
  if (!parsed || !parsed.isValid() || !parsed.country) return { ok: false, reason: 'invalid' };
  if (!allowedCountries.includes(parsed.country)) return { ok: false, reason: 'country' };
  const type = parsed.getType();
  if (!type || !DIALLABLE_TYPES.has(type) || isNanpChargedService(parsed)) return { ok: false, reason: 'type' };
  return { ok: true, e164: parsed.number, country: parsed.country };
}

/** True when the text looks like a phone number rather than a teammate's name. */
export function looksLikePhoneNumber(input: string): boolean {
  return /^[\d\s()+.-]+$/.test(input) && /\d/.test(input);
}
