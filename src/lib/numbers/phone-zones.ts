/**
 * libphonenumber-js metadata cut along the ITU's world numbering zones (the first digit of a
 * calling code: 1 North America, 3 and 4 Europe, …), so a page loads only the zones of the
 * countries its team may dial: a North American team needs ~3 KB gzip instead of ~70 KB.
 * Every country sharing a calling code is in the same zone, so a Canadian number is still
 * recognised (and refused) as Canadian where only the US is allowed.
 */
import type { MetadataJson } from 'libphonenumber-js';

/** Calling code → the countries that use it (geographic codes only). */
export type CallingCodes = Readonly<Record<string, readonly string[]>>;

/** The world numbering zone of a calling code: its first digit. */
export function zoneOf(callingCode: string): string {
  return callingCode[0];
}

/** The metadata of the countries whose calling codes are in `zone`; no non-geographic numbers. */
export function zoneMetadata(full: MetadataJson, zone: string): MetadataJson {
  const metadata = { version: full.version, country_calling_codes: {}, countries: {}, nonGeographic: {} } as MetadataJson;
  const codes = metadata.country_calling_codes as Record<string, string[]>;
  const countries = metadata.countries as Record<string, unknown>;
  for (const [code, members] of Object.entries(full.country_calling_codes as Record<string, string[]>)) {
    if (zoneOf(code) !== zone) continue;
    codes[code] = members;
    for (const country of members) countries[country] = (full.countries as Record<string, unknown>)[country];
  }
  return metadata;
}

/** One metadata of several zones. */
export function mergeMetadata(parts: readonly MetadataJson[]): MetadataJson {
  const merged: MetadataJson = { version: parts[0]?.version ?? 4, country_calling_codes: {}, countries: {}, nonGeographic: {} };
  for (const part of parts) {
    Object.assign(merged.country_calling_codes, part.country_calling_codes);
    Object.assign(merged.countries, part.countries);
  }
  return merged;
}

/** The calling code an international number starts with (`+44 20…` → `44`); calling codes are prefix-free. */
export function callingCodeOf(international: string, codes: CallingCodes): string | undefined {
  const digits = international.trim().startsWith('+') ? international.replace(/\D/g, '') : '';
  return [1, 2, 3].map((length) => digits.slice(0, length)).find((prefix) => prefix.length && prefix in codes);
}

/** The zones a team needs: those of its allowed countries and of its own number. */
export function zonesFor(allowedCountries: readonly string[], teamNumber: string, codes: CallingCodes): string[] {
  const zones = new Set<string>();
  for (const [code, members] of Object.entries(codes)) if (members.some((country) => allowedCountries.includes(country))) zones.add(zoneOf(code));
  const own = callingCodeOf(teamNumber, codes);
  if (own) zones.add(zoneOf(own));
  return [...zones].sort();
}
