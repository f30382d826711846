/**
 * What the dialling policy (SECURITY.md, "Toll-fraud controls") must decide for numbers whose
 * nature is public knowledge, written from the numbering plans (NANPA's NPA and N11 assignments,
 * Ofcom's UK plan and its drama ranges, ARCEP's French plan), never from our code or the library
 * it uses: fixed, mobile, toll-free and VoIP lines in an allowed country are dialled; premium,
 * shared-cost, personal, UAN, pager and services billed per call are refused, and so is anything
 * that is not a complete number (emergency and short codes, wrong lengths, reserved ranges).
 */

/** The policy's verdict: dial, or refuse for one of `decideDial`'s reasons. */
export type Verdict = 'allow' | 'invalid' | 'country' | 'type';

export interface KnownNumber {
  input: string;
  /** ALLOWED_COUNTRIES for this row. */
  countries: readonly ('US' | 'CA' | 'GB' | 'FR')[];
  verdict: Verdict;
  /** What the numbering plan says the number is. */
  why: string;
}

const US_CA = ['US', 'CA'] as const;
const row = (input: string, verdict: Verdict, why: string, countries: KnownNumber['countries'] = US_CA): KnownNumber => ({ input, countries, verdict, why });

/** NANP toll-free codes in service (NANPA): dialled, the caller pays nothing extra. */
export const NANP_TOLL_FREE = ['800', '888', '877', '866', '855', '844', '833'] as const;

export const KNOWN_NUMBERS: readonly KnownNumber[] = [
  row('+12024561111', 'allow', 'US geographic, Washington DC (NPA 202)'),
  row('+14155550123', 'allow', 'US geographic, San Francisco (NPA 415)'),
  row('(415) 555-0123', 'allow', 'the same in US national format'),
  row('+16135550123', 'allow', 'Canada geographic, Ottawa (NPA 613)'),
  row('+15149876543', 'allow', 'Canada geographic, Montreal (NPA 514)'),
  row('+14037771234', 'allow', 'Canada geographic, Calgary (NPA 403)'),
  ...NANP_TOLL_FREE.map((code) => row(`+1${code}2345678`, 'allow', `NANP toll-free ${code}`)),
  ...['880', '881', '882', '883', '884', '885', '886', '887', '889'].map((code) => row(`+1${code}2345678`, 'invalid', `NANP ${code}: reserved for future toll-free, not in service`)),
  row('+19002345678', 'type', 'NANP 900: premium rate'),
  row('+1-900-555-0123', 'type', 'NANP 900 premium rate, typed with dashes'),
  row('+12139761234', 'type', 'exchange 976 (Los Angeles): local pay-per-call, the premium numbers before 900'),
  row('+1 (212) 976-1234', 'type', 'exchange 976 (New York): local pay-per-call'),
  row('+12125551212', 'type', 'NPA-555-1212: directory assistance, billed per call'),
  row('+15002345678', 'type', 'NANP 500: personal communications services (follow-me numbers)'),
  row('+15332345678', 'type', 'NANP 533: personal communications services'),
  row('+17002345678', 'invalid', 'NANP 700: carrier-specific services, not a subscriber number'),
  row('+17102345678', 'invalid', 'NANP 710: US government emergency telecommunications service'),
  row('+14562345678', 'invalid', 'NANP 456: inbound international carrier services'),
  row('+14112345678', 'invalid', 'N11 is never an area code'),
  row('+18762345678', 'country', 'Jamaica (NANP 876): a one-ring-scam favourite'),
  row('+18092345678', 'country', 'Dominican Republic (NANP 809)'),
  row('+16492311234', 'country', 'Turks and Caicos (NANP 649)'),
  row('+12844941234', 'country', 'British Virgin Islands (NANP 284)'),
  row('+12423221234', 'country', 'Bahamas (NANP 242)'),
  row('+17872345678', 'country', 'Puerto Rico (NANP 787): a country code of its own, PR'),
  row('+16712345678', 'country', 'Guam (NANP 671): GU'),
  row('+442079460958', 'country', 'United Kingdom, London'),
  row('+33123456789', 'country', 'France, Paris'),
  row('911', 'invalid', 'emergency: never placed by a softphone line'),
  row('+1911', 'invalid', 'emergency with a country code'),
  row('112', 'invalid', 'emergency (GSM, Europe)'),
  row('611', 'invalid', 'N11 service code (repair)'),
  row('22222', 'invalid', 'SMS short code'),
  row('*67 415 555 0123', 'invalid', 'vertical service code before a number'),
  row('+1415555012', 'invalid', 'nine digits after +1: too short'),
  row('+141555501234', 'invalid', 'eleven digits after +1: too long'),
  row(`+1${'4'.repeat(60)}`, 'invalid', 'overlong input'),
  row('+8816123456789', 'invalid', 'Iridium satellite (+881): no country, billed at satellite rates'),
  row('+882351234567', 'invalid', 'international networks (+882): no country'),
  row('+442079460958', 'allow', 'UK geographic, London (020)', ['GB']),
  row('02079460958', 'allow', 'the same in UK national format with GB the home country', ['GB']),
  row('+448081570000', 'allow', 'UK freephone 0808', ['GB']),
  row('+445612345678', 'allow', 'UK VoIP 056', ['GB']),
  row('+447700900123', 'invalid', 'UK 07700 900xxx: mobile range Ofcom keeps for drama, never assigned', ['GB']),
  row('+449098790000', 'type', 'UK 09: premium rate', ['GB']),
  row('+447012345678', 'type', 'UK 070: personal numbers (follow-me, a known fraud route)', ['GB']),
  row('+448712345678', 'type', 'UK 0871: service-charge number', ['GB']),
  row('+448452345678', 'type', 'UK 0845: service-charge number', ['GB']),
  row('+447640123456', 'type', 'UK 076: pagers', ['GB']),
  row('+443001234567', 'type', 'UK 03: UAN (non-geographic), refused like every UAN', ['GB']),
  row('+447624123456', 'country', 'UK 07624: Isle of Man mobile, country IM', ['GB']),
  row('+33612345678', 'allow', 'France mobile 06', ['FR']),
  row('+33890123456', 'type', 'France 089: premium rate', ['FR']),
  row('+33899123456', 'type', 'France 0899: premium rate', ['FR']),
];

/** NANP area codes outside the United States and Canada (NANPA's list of participating countries and territories). */
const NANP_ELSEWHERE = new Set([
  '242',
  '246',
  '264',
  '268',
  '284',
  '340',
  '345',
  '441',
  '473',
  '649',
  '658',
  '664',
  '670',
  '671',
  '684',
  '721',
  '758',
  '767',
  '784',
  '787',
  '809',
  '829',
  '849',
  '868',
  '869',
  '876',
  '939',
]);

/** NANP area codes that are not for ordinary lines: premium, personal, carrier, government, future toll-free. */
const NANP_NOT_LINES = new Set([
  '900',
  '500',
  '521',
  '522',
  '523',
  '524',
  '525',
  '526',
  '527',
  '528',
  '529',
  '533',
  '544',
  '566',
  '577',
  '588',
  '700',
  '710',
  '456',
  '880',
  '881',
  '882',
  '883',
  '884',
  '885',
  '886',
  '887',
  '889',
]);

/**
 * Why a number dialled under ALLOWED_COUNTRIES=US,CA must not have been dialled, or undefined when
 * the NANP allows it: E.164 `+1 NPA NXX XXXX` with NPA and NXX starting 2-9, the NPA neither N11
 * nor outside the US and Canada nor a non-line code, the exchange not 976, not 555-1212.
 */
export function nanpRefusal(e164: string): string | undefined {
  const match = /^\+1([2-9]\d\d)([2-9]\d\d)(\d{4})$/.exec(e164);
  if (!match) return 'not a complete NANP number in E.164';
  const [, npa, nxx, line] = match;
  if (npa.endsWith('11')) return `N11 area code ${npa}`;
  if (NANP_ELSEWHERE.has(npa)) return `area code ${npa} is outside the US and Canada`;
  if (NANP_NOT_LINES.has(npa)) return `area code ${npa} is not for ordinary lines`;
  if (nxx === '976') return 'exchange 976 is pay-per-call';
  if (nxx === '555' && line === '1212') return '555-1212 is directory assistance';
  return undefined;
}
