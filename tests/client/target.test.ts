import type { MetadataJson } from 'libphonenumber-js';
import full from 'libphonenumber-js/metadata.max.json';
import { numberPolicy } from '../../src/client/dialling/number-policy';
import { resolveTarget } from '../../src/client/dialling/target';
import { mergeMetadata, zoneMetadata, zonesFor } from '../../src/lib/numbers/phone-zones';

const codes = full.country_calling_codes as Record<string, string[]>;
/** The policy as the page loads it: only the zones of the allowed countries and the team's number. */
const policyFor = (allowed: string[], teamNumber = '+14155550100') => numberPolicy(mergeMetadata(zonesFor(allowed, teamNumber, codes).map((zone) => zoneMetadata(full as MetadataJson, zone))), codes);
const team = ['alice', 'bob_smith'];
const resolve = (text: string, allowed = ['US', 'CA']) => resolveTarget(text, team, allowed, '+14155550100', policyFor(allowed));

describe('resolveTarget', () => {
  it('finds teammates by name, ignoring case and spaces', () => {
    expect(resolve('  Bob_Smith ')).toEqual({ kind: 'teammate', to: 'bob_smith' });
  });

  it('accepts numbers in the usual formats and normalises them to E.164', () => {
    for (const text of ['+1 415 555 0123', '(415) 555-0123', '415.555.0123', '+14155550123', '1-415-555-0123']) {
      expect(resolve(text)).toEqual({ kind: 'phone', to: '+14155550123' });
    }
  });

  it('refuses before the call what /voice would refuse', () => {
    expect(resolve('555')).toEqual({ kind: 'refused', code: 'SB_NUMBER_INVALID' });
    expect(resolve('+44 20 7946 0958')).toEqual({ kind: 'refused', code: 'SB_NUMBER_COUNTRY' });
    expect(resolve('+1 900 555 0123')).toEqual({ kind: 'refused', code: 'SB_NUMBER_TYPE' });
    // Billed per call though libphonenumber calls them ordinary lines (src/lib/numbers/dial-policy.ts).
    expect(resolve('+1 415 976 0123')).toEqual({ kind: 'refused', code: 'SB_NUMBER_TYPE' });
    expect(resolve('+1 415 555 1212')).toEqual({ kind: 'refused', code: 'SB_NUMBER_TYPE' });
    expect(resolve('dave')).toEqual({ kind: 'refused', code: 'SB_TEAMMATE' });
    expect(resolve('   ')).toBeUndefined();
  });

  it('refuses a number of a zone it did not load as the server does: another country', () => {
    // Only zone 1 is loaded for a US team; +44 and +81 are known calling codes of other countries.
    expect(policyFor(['US']).decideDial('+81 3-1234-5678', ['US'] as never, 'US')).toEqual({ ok: false, reason: 'country' });
    expect(resolve('+44 20 7946 0958', ['US'])).toEqual({ kind: 'refused', code: 'SB_NUMBER_COUNTRY' });
    // A country that shares an allowed calling code is recognised, and refused, by its own name.
    expect(resolve('+1 604 555 0123', ['US'])).toEqual({ kind: 'refused', code: 'SB_NUMBER_COUNTRY' });
    expect(resolve('+1 604 555 0123')).toEqual({ kind: 'phone', to: '+16045550123' });
    expect(resolve('+999 1234')).toEqual({ kind: 'refused', code: 'SB_NUMBER_INVALID' });
  });

  it('loads only the zones a team needs', () => {
    expect(zonesFor(['US', 'CA'], '+14155550100', codes)).toEqual(['1']);
    expect(zonesFor(['GB', 'JP'], '+442079460958', codes)).toEqual(['4', '8']);
    expect(zonesFor(['DE'], '+14155550100', codes)).toEqual(['1', '4']);
  });

  it('formats as you type in the team’s country', () => {
    expect(policyFor(['US']).formatAsYouType('4155550', 'US')).toBe('(415) 555-0');
    expect(policyFor(['US', 'GB']).formatAsYouType('+4420794', 'US')).toBe('+44 20 794');
    expect(policyFor(['US']).formatAsYouType('+14155550123')).toBe('+1 415 555 0123');
  });

  it('tells where a number is from: exactly in the zones loaded, by a calling code only one country has elsewhere', () => {
    const policy = policyFor(['US', 'CA']);
    expect(policy.placeOf('+16045550123')).toBe('CA');
    expect(policy.placeOf('+14155550123')).toBe('US');
    expect(policy.placeOf('+33142685300')).toBe('FR');
    expect(policy.placeOf('+81312345678')).toBe('JP');
    // +44 is also Jersey's and Guernsey's, +7 also Kazakhstan's: not told when their zone is not loaded.
    expect(policy.placeOf('+442079460958')).toBeUndefined();
    expect(policy.placeOf('+74951234567')).toBeUndefined();
    expect(policyFor(['GB']).placeOf('+442079460958')).toBe('GB');
    expect(policy.placeOf('+999 1234')).toBeUndefined();
  });
});
