/**
 * The dialling policy and as-you-type formatting, loaded as a separate chunk after the phone is
 * registered: libphonenumber-js with full metadata is larger than the SDK, and the page must not
 * wait for it. It is the very policy /voice applies (src/lib/numbers.ts), so the page refuses
 * exactly what the server would refuse, before the call starts.
 */
import type { CountryCode } from 'libphonenumber-js';
import type * as PhoneLib from 'libphonenumber-js/max';

export { countryOf, decideDial, looksLikePhoneNumber } from '../lib/numbers';

// The same (CommonJS) copy that src/lib/numbers.ts requires: an ES import would resolve to the
// package's other build and put its ~150 KB of metadata in the chunk a second time.
const { AsYouType } = require('libphonenumber-js/max') as typeof PhoneLib;

/** `text` formatted as the number it is becoming, read in `country` when it has no `+`. */
export function formatAsYouType(text: string, country?: CountryCode): string {
  return new AsYouType(country).input(text);
}
