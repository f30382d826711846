/**
 * Basic PCM helpers. Every buffer in the simulator's media plane is 8 kHz, 16-bit signed mono PCM
 * (`Int16Array`), the rate of G.711 on a phone call.
 */

/** Samples per second of all media-plane audio. */
export const SAMPLE_RATE = 8000;

/** Samples in one 20 ms RTP frame at 8 kHz (the packetisation browsers use for PCMU). */
export const FRAME_SAMPLES = 160;

/** Largest magnitude of a 16-bit sample, the full scale of `rms` and `dbfs`. */
export const FULL_SCALE = 32767;

/** Samples in `ms` milliseconds at 8 kHz (rounded). */
export function samplesFor(ms: number): number {
  return Math.max(0, Math.round((ms * SAMPLE_RATE) / 1000));
}

/** Milliseconds that `samples` samples last at 8 kHz. */
export function durationMs(samples: number | Int16Array): number {
  const count = typeof samples === 'number' ? samples : samples.length;
  return (count * 1000) / SAMPLE_RATE;
}

/** Cuts `pcm` into 20 ms frames; the last one is padded with silence. Empty input gives no frame. */
export function splitFrames(pcm: Int16Array): Int16Array[] {
  const frames: Int16Array[] = [];
  for (let start = 0; start < pcm.length; start += FRAME_SAMPLES) {
    const frame = new Int16Array(FRAME_SAMPLES);
    frame.set(pcm.subarray(start, start + FRAME_SAMPLES));
    frames.push(frame);
  }
  return frames;
}

/** Joins buffers end to end into a new one. */
export function concatPcm(...parts: Int16Array[]): Int16Array {
  const out = new Int16Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/**
 * Mixes buffers by adding them sample by sample (a conference, a two-party recording), clipping
 * at full scale; as long as the longest.
 */
export function mixPcm(...parts: Int16Array[]): Int16Array {
  const sum = new Int32Array(parts.reduce((longest, part) => (part.length > longest ? part.length : longest), 0));
  for (const part of parts) for (let i = 0; i < part.length; i++) sum[i] += part[i];
  const out = new Int16Array(sum.length);
  for (let i = 0; i < sum.length; i++) out[i] = clampToInt16(sum[i]);
  return out;
}

/** `ms` milliseconds of digital silence. */
export function silence(ms: number): Int16Array {
  return new Int16Array(samplesFor(ms));
}

/** Root mean square of the samples, 0 … 32767 (0 for an empty buffer). */
export function rms(pcm: Int16Array): number {
  if (pcm.length === 0) return 0;
  let sum = 0;
  for (let i = 0; i < pcm.length; i++) sum += pcm[i] * pcm[i];
  return Math.min(FULL_SCALE, Math.sqrt(sum / pcm.length));
}

/** Level relative to full scale in dB (0 for a full-scale square wave, -Infinity for digital silence). */
export function dbfs(pcm: Int16Array): number {
  return 20 * Math.log10(rms(pcm) / FULL_SCALE);
}

/*
 * Per-sample code avoids global lookups (`Math.round`, `Number.isNaN`): under jest's vm context each
 * one costs about half a microsecond, which made a minute of resampling take seconds in tests.
 */

/** Rounds a value on the 16-bit scale to the nearest sample, clipping what lies outside; NaN → 0. */
export function clampToInt16(value: number): number {
  if (value >= 32767) return 32767;
  if (value <= -32768) return -32768;
  if (value !== value) return 0; // NaN
  return value >= 0 ? (value + 0.5) | 0 : -((0.5 - value) | 0);
}

/** Converts a float sample (nominally -1 … 1) to a 16-bit one, clipping what lies outside. */
export function floatToInt16(value: number): number {
  return clampToInt16(value * 32768);
}
