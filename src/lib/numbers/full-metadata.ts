import type { CountryCode } from 'libphonenumber-js';
import type * as PhoneLib from 'libphonenumber-js/max';
import { decideDialWith, type DialDecision } from './dial-policy';

export { looksLikePhoneNumber, type DialDecision } from './dial-policy';

let loaded: typeof PhoneLib | undefined;
/**
 * libphonenumber-js with full metadata takes ~30 ms to load: loaded on first use, so a cold
 * Function that rings teammates never pays for it.
 */
function phoneLib(): typeof PhoneLib {
  // A require, not an import: loaded on first use (see above), which an import cannot do in a CommonJS bundle.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (loaded ??= require('libphonenumber-js/max') as typeof PhoneLib);
}

function parsePhoneNumber(text: string, defaultCountry?: CountryCode): PhoneLib.PhoneNumber | undefined {
  return phoneLib().parsePhoneNumberFromString(text, defaultCountry);
}

/** The codes no phone number can have, e.g. `UK` where `GB` is meant: a typo in ALLOWED_COUNTRIES. */
export function unknownCountries(codes: readonly string[]): string[] {
  return codes.filter((code) => !phoneLib().isSupportedCountry(code));
}

/** The dialling policy (src/lib/numbers/dial-policy.ts) with the full metadata of every country. */
export function decideDial(input: string, allowedCountries: readonly CountryCode[], homeCountry?: CountryCode): DialDecision {
  return decideDialWith(parsePhoneNumber, input, allowedCountries, homeCountry);
}

/** The country of an E.164 number, e.g. of CALLER_ID, to read national formats with. */
export function countryOf(e164: string): CountryCode | undefined {
  return parsePhoneNumber(e164)?.country;
}
