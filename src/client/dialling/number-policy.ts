/**
 * The dialling policy and as-you-type formatting for the page, on libphonenumber-js's core with
 * only the metadata of the team's numbering zones (src/lib/numbers/phone-zones.ts; loaded by number-policy-loader.ts
 * after the phone is registered). It is the very policy /voice applies (src/lib/numbers/dial-policy.ts),
 * so the page refuses what the server would refuse, before the call starts.
 */
import type { CountryCode, MetadataJson } from 'libphonenumber-js';
import { AsYouType, parsePhoneNumberFromString } from 'libphonenumber-js/core';
import { decideDialWith, looksLikePhoneNumber, type DialDecision } from '../../lib/numbers/dial-policy';
import { callingCodeOf, type CallingCodes } from '../../lib/numbers/phone-zones';

/** What the dialler and the target resolution use. */
export interface NumberPolicy {
  decideDial(input: string, allowedCountries: readonly CountryCode[], homeCountry?: CountryCode): DialDecision;
  /** The country of an E.164 number (of a loaded zone). */
  countryOf(e164: string): CountryCode | undefined;
  /**
   * Where an E.164 number is from, to show beside it: its country when a loaded zone tells it,
   * else the country of its calling code when only one country has that code (+33: France); none
   * where that cannot be told (+44 is also Jersey's).
   */
  placeOf(e164: string): string | undefined;
  looksLikePhoneNumber(input: string): boolean;
  /** `text` formatted as the number it is becoming, read in `country` when it has no `+`. */
  formatAsYouType(text: string, country?: CountryCode): string;
}

/**
 * The policy on `metadata` (some zones). A number of a zone that is not loaded belongs to a
 * country the team may not call (allowed countries are always loaded): refused as `country`.
 */
export function numberPolicy(metadata: MetadataJson, codes: CallingCodes): NumberPolicy {
  const parse = (text: string, defaultCountry?: CountryCode) => parsePhoneNumberFromString(text, { defaultCountry }, metadata);
  const loaded = metadata.country_calling_codes as Record<string, unknown>;
  return {
    decideDial(input, allowedCountries, homeCountry) {
      const decision = decideDialWith(parse, input, allowedCountries, homeCountry);
      const code = decision.ok ? undefined : callingCodeOf(input, codes);
      return code && !(code in loaded) ? { ok: false, reason: 'country' } : decision;
    },
    countryOf: (e164) => parse(e164)?.country,
    placeOf(e164) {
      const countries = codes[callingCodeOf(e164, codes) ?? ''];
      return parse(e164)?.country ?? (countries?.length === 1 ? countries[0] : undefined);
    },
    looksLikePhoneNumber,
    formatAsYouType: (text, country) => new AsYouType(country, metadata).input(text),
  };
}
