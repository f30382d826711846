/**
 * Ringback as a caller hears it while a `<Dial>` rings: the country's cadence from `<Dial
 * ringTone>` (Twilio's two-letter codes), the US one by default. One cadence cycle is made and
 * looped by the player.
 */
import { ringback, US_RINGBACK, type Cadence } from './audio/tones';

/** ITU-T E.180 ringing tones of the countries Twilio's `ringTone` names. */
const CADENCES: Record<string, Cadence> = {
  us: US_RINGBACK,
  uk: { hz: [400, 450], pattern: [400, 200, 400, 2000] },
  au: { hz: [400, 450], pattern: [400, 200, 400, 2000] },
  nz: { hz: [400, 450], pattern: [400, 200, 400, 2000] },
  ie: { hz: [400, 450], pattern: [400, 200, 400, 2000] },
  de: { hz: [425], pattern: [1000, 4000] },
  at: { hz: [420], pattern: [1000, 5000] },
  ch: { hz: [425], pattern: [1000, 4000] },
  fr: { hz: [440], pattern: [1500, 3500] },
  it: { hz: [425], pattern: [1000, 4000] },
  es: { hz: [425], pattern: [1500, 3000] },
  nl: { hz: [425], pattern: [1000, 4000] },
  be: { hz: [425], pattern: [1000, 3000] },
  se: { hz: [425], pattern: [1000, 5000] },
  no: { hz: [425], pattern: [1000, 4000] },
  dk: { hz: [425], pattern: [1000, 4000] },
  fi: { hz: [425], pattern: [1000, 4000] },
  pt: { hz: [425], pattern: [1000, 5000] },
  ru: { hz: [425], pattern: [800, 3200] },
  jp: { hz: [400], pattern: [1000, 2000] },
  cn: { hz: [450], pattern: [1000, 4000] },
  in: { hz: [400, 425], pattern: [400, 200, 400, 2000] },
  br: { hz: [425], pattern: [1000, 4000] },
  mx: { hz: [425], pattern: [1000, 4000] },
};

const cycles = new Map<string, Int16Array>();

/** One cycle of the ringback of `country` (unknown or absent: the US one). */
export function ringbackTone(country?: string): Int16Array {
  const key = country && CADENCES[country.toLowerCase()] ? country.toLowerCase() : 'us';
  let cycle = cycles.get(key);
  if (!cycle) {
    const cadence = CADENCES[key];
    cycle = ringback(cadence.pattern.reduce((sum, ms) => sum + ms, 0) / 1000, cadence);
    cycles.set(key, cycle);
  }
  return cycle;
}
