/**
 * The Voice SDK's 15 sounds as standard telephone tones, generated at build time (no copies of
 * Twilio's files, nothing from a CDN): 16-bit mono WAV at 8 kHz, telephone quality.
 */
import { SOUND_NAMES, type SoundName } from '../src/client/line/sounds';

/** Telephone bandwidth: every tone we make is well below 4 kHz. */
export const SAMPLE_RATE = 8000;

/** A stretch of sound: the sum of `hz` sine waves for `ms`, or silence when `hz` is empty. */
export interface Segment {
  hz: readonly number[];
  ms: number;
}

/** DTMF row and column frequencies (ITU-T Q.23). */
const DTMF: Record<string, [number, number]> = {
  1: [697, 1209],
  2: [697, 1336],
  3: [697, 1477],
  4: [770, 1209],
  5: [770, 1336],
  6: [770, 1477],
  7: [852, 1209],
  8: [852, 1336],
  9: [852, 1477],
  s: [941, 1209],
  0: [941, 1336],
  h: [941, 1477],
};

const RING = [440, 480];
const silence = (ms: number): Segment => ({ hz: [], ms });

/** What each sound plays. Incoming loops in the SDK; outgoing and disconnect play once. */
export const SOUND_SEGMENTS: Record<SoundName, Segment[]> = {
  // A two-burst ring (0.4 s on, 0.2 s off, 0.4 s on, 2 s off), looped while a call rings.
  incoming: [{ hz: RING, ms: 400 }, silence(200), { hz: RING, ms: 400 }, silence(2000)],
  // One North American ringback burst while the call is being placed.
  outgoing: [{ hz: RING, ms: 1000 }, silence(200)],
  // Three falling tones when a call ends.
  disconnect: [{ hz: [660], ms: 120 }, silence(40), { hz: [550], ms: 120 }, silence(40), { hz: [440], ms: 200 }],
  ...(Object.fromEntries(SOUND_NAMES.filter((name) => name.startsWith('dtmf')).map((name) => [name, [{ hz: DTMF[name.slice(4)], ms: 150 }, silence(50)]])) as Record<
    Exclude<SoundName, 'incoming' | 'outgoing' | 'disconnect'>,
    Segment[]
  >),
};

/** 16-bit samples of the segments; each tone fades in and out over 5 ms so it does not click. */
export function synthesize(segments: readonly Segment[], rate = SAMPLE_RATE): Int16Array {
  const total = segments.reduce((sum, s) => sum + Math.round((s.ms * rate) / 1000), 0);
  const samples = new Int16Array(total);
  const fade = Math.round(rate * 0.005);
  let offset = 0;
  for (const { hz, ms } of segments) {
    const count = Math.round((ms * rate) / 1000);
    for (let i = 0; hz.length && i < count; i++) {
      const envelope = Math.min(1, i / fade, (count - 1 - i) / fade);
      const value = hz.reduce((sum, f) => sum + Math.sin((2 * Math.PI * f * i) / rate), 0) / hz.length;
      samples[offset + i] = Math.round(value * envelope * 0.5 * 32767);
    }
    offset += count;
  }
  return samples;
}

/** A RIFF/WAVE file of 16-bit mono PCM samples. */
export function wav(samples: Int16Array, rate = SAMPLE_RATE): Buffer {
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(36 + samples.length * 2, 4);
  header.write('WAVEfmt ', 8, 'ascii');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(1, 22); // mono
  header.writeUInt32LE(rate, 24);
  header.writeUInt32LE(rate * 2, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36, 'ascii');
  header.writeUInt32LE(samples.length * 2, 40);
  return Buffer.concat([header, Buffer.from(samples.buffer, samples.byteOffset, samples.byteLength)]);
}

/** Every SDK sound as a WAV file, by name. */
export function soundFiles(): Map<SoundName, Buffer> {
  return new Map(SOUND_NAMES.map((name) => [name, wav(synthesize(SOUND_SEGMENTS[name]))]));
}
