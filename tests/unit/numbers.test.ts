import { countryOf, decideDial, looksLikePhoneNumber, unknownCountries } from '../../src/lib/numbers/full-metadata';

const US_CA = ['US', 'CA'] as const;

describe('dialling policy', () => {
  it.each([
    ['+14155550134', '+14155550134'],
    ['(415) 555-0134', '+14155550134'],
    ['415.555.0134', '+14155550134'],
    ['+1 604 555 0199', '+16045550199'],
    ['1-800-555-0199', '+18005550199'],
  ])('normalises %j to %s', (input, e164) => {
    expect(decideDial(input, US_CA, 'US')).toEqual(expect.objectContaining({ ok: true, e164 }));
  });

  it('refuses countries outside ALLOWED_COUNTRIES', () => {
    expect(decideDial('+442079460018', US_CA, 'US')).toEqual({ ok: false, reason: 'country' });
    expect(decideDial('+442079460018', ['GB'], 'US')).toEqual(expect.objectContaining({ ok: true, country: 'GB' }));
  });

  it('refuses premium-rate numbers', () => {
    expect(decideDial('+19005550123', US_CA, 'US')).toEqual({ ok: false, reason: 'type' });
  });

  it.each(['', 'abc', '+1555', '911', '+15555555555', `+1${'4'.repeat(60)}`])('refuses invalid %j', (input) => {
    expect(decideDial(input, US_CA, 'US')).toEqual({ ok: false, reason: 'invalid' });
  });

  it('reads national formats in the team number country', () => {
    expect(countryOf('+14155550100')).toBe('US');
    expect(countryOf('+442079460018')).toBe('GB');
  });

  it('tells numbers from names', () => {
    expect(looksLikePhoneNumber('+1 (415) 555-0134')).toBe(true);
    expect(looksLikePhoneNumber('bob')).toBe(false);
    expect(looksLikePhoneNumber('()')).toBe(false);
  });

  it('names the country codes no number has', () => {
    expect(unknownCountries(['US', 'UK', 'GB', 'XX', 'JP'])).toEqual(['UK', 'XX']);
  });
});
