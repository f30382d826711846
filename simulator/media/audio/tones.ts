/**
 * Generated call-progress sounds: ringback while a `<Dial>` rings, the `<Record>` beep, DTMF for
 * `<Play digits>` and hold music for a lone conference participant. Everything is synthesised
 * here (no recorded material), at 8 kHz.
 */
import { SAMPLE_RATE, samplesFor } from './pcm';

const { abs, exp, floor, sin, PI } = Math; // module-level: per-sample code avoids global lookups (see pcm.ts)
const TWO_PI = 2 * PI;

/** Each edge of a tone burst ramps over 5 ms, so cadences and loops never click. */
const EDGE_SAMPLES = samplesFor(5);

/** Adds a sine of `hz` at `amplitude` (0 … 1 of full scale) to `out[start … start + length)`, ramped at both edges. */
function addSine(out: Float32Array, hz: number, amplitude: number, start: number, length: number): void {
  const end = start + length < out.length ? start + length : out.length;
  const ramp = length / 2 < EDGE_SAMPLES ? length / 2 : EDGE_SAMPLES;
  for (let i = start; i < end; i++) {
    const n = i - start;
    const edge = n < ramp ? n / ramp : length - n < ramp ? (length - n) / ramp : 1;
    out[i] += amplitude * edge * sin((TWO_PI * hz * n) / SAMPLE_RATE);
  }
}

/** Float samples (-1 … 1) to 16-bit PCM; callers keep their sums within range. */
function toPcm(samples: Float32Array): Int16Array {
  const out = new Int16Array(samples.length);
  for (let i = 0; i < samples.length; i++) out[i] = (samples[i] * 32767) | 0;
  return out;
}

/** A sum of sines, each at `amplitude` (0 … 1), lasting `ms` (a test tone, ringback, a DTMF key). */
export function dualTone(frequencies: number[], amplitude: number, ms: number): Int16Array {
  const out = new Float32Array(samplesFor(ms));
  for (const hz of frequencies) addSine(out, hz, amplitude, 0, out.length);
  return toPcm(out);
}

/** A call-progress cadence: the frequencies mixed while it sounds, and one cycle's alternating on/off durations (ms). */
export interface Cadence {
  hz: readonly number[];
  pattern: readonly number[];
}

/** North American ringback: 440 Hz + 480 Hz, 2 s on, 4 s off. */
export const US_RINGBACK: Cadence = { hz: [440, 480], pattern: [2000, 4000] };

/**
 * `seconds` of ringback in `cadence` (North American by default) starting with a ring; one cycle
 * loops seamlessly. The tones together peak at -13 dB of full scale (two tones: -19 dB each),
 * about the level a telephone network sends.
 */
export function ringback(seconds: number, cadence: Cadence = US_RINGBACK): Int16Array {
  const out = new Float32Array(samplesFor(seconds * 1000));
  const amplitude = 0.22 / cadence.hz.length;
  const lengths = cadence.pattern.map(samplesFor);
  for (let start = 0; start < out.length;) {
    for (const [index, length] of lengths.entries()) {
      if (index % 2 === 0) for (const hz of cadence.hz) addSine(out, hz, amplitude, start, length);
      start += length;
    }
  }
  return toPcm(out);
}

/** Frequency of Twilio's `<Record playBeep>` beep. */
export const BEEP_HZ = 1000;

/** A 1 kHz beep, as `<Record>` plays before recording and `<Conference>` on join or leave. */
export function beep(ms = 500): Int16Array {
  return dualTone([BEEP_HZ], 0.3, ms);
}

/** Row and column frequencies of each DTMF key. */
const DTMF_ROWS = [697, 770, 852, 941];
const DTMF_COLUMNS = [1209, 1336, 1477, 1633];
const DTMF_KEYPAD = ['123A', '456B', '789C', '*0#D'];

/** The two frequencies (row, column) of a DTMF digit: 0-9, *, #, A-D (case-insensitive). */
export function dtmfFrequencies(digit: string): [number, number] {
  const key = digit.toUpperCase();
  const row = key.length === 1 ? DTMF_KEYPAD.findIndex((keys) => keys.includes(key)) : -1;
  if (row < 0) throw new RangeError(`not a DTMF digit: ${JSON.stringify(digit)} (0-9, *, #, A-D)`);
  return [DTMF_ROWS[row], DTMF_COLUMNS[DTMF_KEYPAD[row].indexOf(key)]];
}

/** The in-band tone of a DTMF digit for `ms` (default 100 ms), each frequency peaking at -13 dB of full scale. */
export function dtmfTone(digit: string, ms = 100): Int16Array {
  return dualTone(dtmfFrequencies(digit), 0.22, ms);
}

/** Hold music's loop: four chords of two seconds each. */
export const HOLD_MUSIC_LOOP_SECONDS = 8;

/** I–vi–IV–V in C major, as MIDI note numbers: bass, then the chord's three tones. */
const PROGRESSION = [
  [48, 60, 64, 67], // C
  [45, 57, 60, 64], // Am
  [41, 57, 60, 65], // F
  [43, 59, 62, 67], // G
];
/** An arpeggio over each chord in eighth notes: which of the chord's tones, played an octave up. */
const ARPEGGIO = [0, 1, 2, 1, 0, 1, 2, 1];

function midiHz(note: number): number {
  return 440 * 2 ** ((note - 69) / 12);
}

let holdMusicLoop: Int16Array | undefined;

/** Adds a note of `hz` whose loudness follows `envelope(0 … 1)`; `triangle` gives it a warmer, buzzier tone. */
function addNote(out: Float32Array, hz: number, amplitude: number, start: number, length: number, envelope: (t: number) => number, triangle = false): void {
  for (let n = 0; n < length; n++) {
    const phase = (hz * n) / SAMPLE_RATE;
    const wave = triangle ? 4 * abs(phase - floor(phase + 0.5)) - 1 : sin(TWO_PI * phase);
    out[start + n] += amplitude * envelope(n / length) * wave;
  }
}

/** Soft pad: slow rise, long plateau, slow fall to zero at the chord's end. */
const padEnvelope = (t: number) => (t < 0.15 ? t / 0.15 : t > 0.8 ? (1 - t) / 0.2 : 1);
/** Plucked note: quick attack, exponential decay, zero at its end. */
const pluckEnvelope = (t: number) => (t < 0.02 ? t / 0.02 : exp(-4 * (t - 0.02)) * (1 - t));

function composeHoldMusic(): Int16Array {
  const chordLength = samplesFor((HOLD_MUSIC_LOOP_SECONDS * 1000) / PROGRESSION.length);
  const out = new Float32Array(chordLength * PROGRESSION.length);
  PROGRESSION.forEach(([bass, ...chord], index) => {
    const start = index * chordLength;
    addNote(out, midiHz(bass), 0.12, start, chordLength, padEnvelope, true);
    for (const note of chord) addNote(out, midiHz(note), 0.05, start, chordLength, padEnvelope);
    const noteLength = chordLength / ARPEGGIO.length;
    ARPEGGIO.forEach((tone, step) => addNote(out, midiHz(chord[tone] + 12), 0.14, start + step * noteLength, noteLength, pluckEnvelope));
  });
  return toPcm(out);
}

/**
 * `seconds` of gentle generated hold music (a bass, a soft pad and an arpeggio over I–vi–IV–V);
 * it repeats every 8 s and any multiple of 8 s loops seamlessly.
 */
export function holdMusic(seconds: number): Int16Array {
  holdMusicLoop ??= composeHoldMusic();
  const out = new Int16Array(samplesFor(seconds * 1000));
  for (let start = 0; start < out.length; start += holdMusicLoop.length) out.set(holdMusicLoop.subarray(0, out.length - start), start);
  return out;
}
