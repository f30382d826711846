/**
 * How much sound a buffer holds, for tests ("the caller heard speech") and the call log, and how
 * strong one frequency is in it (which tone is playing: ringback, a beep, a DTMF key).
 */
import { dbfs, durationMs, FRAME_SAMPLES, rms, SAMPLE_RATE } from './pcm';
import { isSilentFrame } from './silence';

/** A summary of a buffer's loudness. */
export interface AudioEnergy {
  /** Root mean square, 0 … 32767. */
  rms: number;
  /** The same in dB of full scale (-Infinity for digital silence). */
  dbfs: number;
  /** Milliseconds of 20 ms frames that are not silent (silence.ts's threshold). */
  activeMs: number;
}

/** Loudness of `pcm` overall and how much of it is sound rather than silence. */
export function audioEnergy(pcm: Int16Array): AudioEnergy {
  let activeSamples = 0;
  for (let start = 0; start < pcm.length; start += FRAME_SAMPLES) {
    const frame = pcm.subarray(start, start + FRAME_SAMPLES);
    if (!isSilentFrame(frame)) activeSamples += frame.length;
  }
  return { rms: rms(pcm), dbfs: dbfs(pcm), activeMs: durationMs(activeSamples) };
}

/**
 * Amplitude (0 … 32767) of the `hz` component of `pcm`, by the Goertzel algorithm: a pure sine
 * of amplitude A at that frequency gives about A, other frequencies little (for 100 ms or more).
 */
export function toneLevel(pcm: Int16Array, hz: number): number {
  if (pcm.length === 0) return 0;
  const coefficient = 2 * Math.cos((2 * Math.PI * hz) / SAMPLE_RATE);
  let previous = 0;
  let beforePrevious = 0;
  for (let i = 0; i < pcm.length; i++) {
    const current = pcm[i] + coefficient * previous - beforePrevious;
    beforePrevious = previous;
    previous = current;
  }
  const power = previous * previous + beforePrevious * beforePrevious - coefficient * previous * beforePrevious;
  return (2 * Math.sqrt(power > 0 ? power : 0)) / pcm.length;
}
