/**
 * Ringback as a caller hears it while a `<Dial>` rings: the country's cadence from `<Dial
 * ringTone>` (Twilio's two-letter codes), the US one by default. One cadence cycle is made and
 * looped by the player.
 */
import { SAMPLE_RATE } from './audio/pcm';

interface Cadence {
  /** Frequencies mixed, Hz. */
  hz: number[];
  /** Alternating on/off durations, ms, for one cycle. */
  pattern: number[];
}

/** ITU-T E.180 ringing tones of the countries Twilio's `ringTone` names. */
const CADENCES: Record<string, Cadence> = {
  us: { hz: [440, 480], pattern: [2000, 4000] },
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

const AMPLITUDE = 0.25 * 32767;
const cycles = new Map<string, Int16Array>();

/** One cycle of the ringback of `country` (unknown or absent: the US one). */
export function ringbackTone(country?: string): Int16Array {
  const key = country && CADENCES[country.toLowerCase()] ? country.toLowerCase() : 'us';
  const cached = cycles.get(key);
  if (cached) return cached;
  const { hz, pattern } = CADENCES[key];
  const total = pattern.reduce((sum, ms) => sum + ms, 0);
  const pcm = new Int16Array((total * SAMPLE_RATE) / 1000);
  let start = 0;
  for (const [index, ms] of pattern.entries()) {
    const length = (ms * SAMPLE_RATE) / 1000;
    if (index % 2 === 0) {
      for (let i = 0; i < length; i++) {
        const t = i / SAMPLE_RATE;
        pcm[start + i] = Math.round((AMPLITUDE / hz.length) * hz.reduce((sum, f) => sum + Math.sin(2 * Math.PI * f * t), 0));
      }
    }
    start += length;
  }
  cycles.set(key, pcm);
  return pcm;
}
