/**
 * Sample-rate conversion to and from the 8 kHz of the phone network. Downsampling (MP3 at 44.1 kHz,
 * speech at 22.05 kHz) low-passes with a windowed sinc so that nothing above the new Nyquist
 * frequency folds back as noise; upsampling interpolates linearly, which is plenty for a phone line.
 */
import { clampToInt16, floatToInt16 } from './pcm';

/** Zero crossings of the low-pass kernel on each side: enough for ~40 dB of alias rejection. */
const KERNEL_ZERO_CROSSINGS = 6;
/** Pass band as a share of the output's Nyquist frequency; the rest is the filter's transition. */
const PASS_BAND = 0.9;

/**
 * Converts `samples` from `fromRate` to `toRate` Hz. Float input is read as -1 … 1, 16-bit input as
 * is; the output is 16-bit, `round(length × toRate / fromRate)` samples long.
 */
export function resample(samples: Float32Array | Int16Array, fromRate: number, toRate: number): Int16Array {
  if (!(fromRate > 0 && toRate > 0 && Number.isFinite(fromRate) && Number.isFinite(toRate))) {
    throw new RangeError(`cannot resample from ${fromRate} Hz to ${toRate} Hz`);
  }
  // By element size, not instanceof: arrays from a worker or a jest sandbox belong to another realm.
  const input = samples.BYTES_PER_ELEMENT === 2 ? (samples as Int16Array) : scaleFloats(samples as Float32Array);
  const length = Math.round((input.length * toRate) / fromRate);
  const step = fromRate / toRate;
  const out = new Int16Array(length);
  if (fromRate === toRate) out.set(input);
  else if (step > 1) lowPassAt(input, step, out);
  else interpolateLinearly(input, step, out);
  return out;
}

/** Float samples scaled to the 16-bit range and clipped. */
function scaleFloats(samples: Float32Array): Int16Array {
  const out = new Int16Array(samples.length);
  for (let i = 0; i < samples.length; i++) out[i] = floatToInt16(samples[i]);
  return out;
}

function interpolateLinearly(input: Int16Array, step: number, out: Int16Array): void {
  const last = input.length - 1;
  for (let j = 0; j < out.length; j++) {
    const position = j * step;
    const index = position | 0;
    const next = index < last ? index + 1 : last;
    const fraction = position - index;
    out[j] = clampToInt16(input[index] * (1 - fraction) + input[next] * fraction);
  }
}

/** Kernel values per input sample of distance: fine enough that nearest lookup adds no audible error. */
const KERNEL_STEPS_PER_SAMPLE = 256;

/** Each output sample is a Blackman-windowed sinc average of the input around its position. */
function lowPassAt(input: Int16Array, step: number, out: Int16Array): void {
  const cutoff = PASS_BAND / step; // 1 = the input's Nyquist frequency
  const halfWidth = KERNEL_ZERO_CROSSINGS / cutoff;
  const kernel = lowPassKernel(cutoff, halfWidth);
  for (let j = 0; j < out.length; j++) {
    const centre = j * step;
    const from = centre - halfWidth;
    const first = from <= 0 ? 0 : (from | 0) + 1;
    const to = (centre + halfWidth) | 0;
    const last = to < input.length ? to : input.length - 1;
    let sum = 0;
    let weights = 0;
    for (let i = first; i <= last; i++) {
      const distance = i < centre ? centre - i : i - centre;
      const weight = kernel[(distance * KERNEL_STEPS_PER_SAMPLE + 0.5) | 0];
      sum += input[i] * weight;
      weights += weight;
    }
    out[j] = weights === 0 ? 0 : clampToInt16(sum / weights);
  }
}

/** The kernel tabulated from distance 0 to `halfWidth` input samples. */
function lowPassKernel(cutoff: number, halfWidth: number): Float64Array {
  const kernel = new Float64Array(Math.ceil(halfWidth * KERNEL_STEPS_PER_SAMPLE) + 1);
  for (let k = 0; k < kernel.length; k++) {
    const distance = k / KERNEL_STEPS_PER_SAMPLE;
    kernel[k] = sinc(distance * cutoff) * blackman(Math.min(1, distance / halfWidth));
  }
  return kernel;
}

function sinc(x: number): number {
  if (x === 0) return 1;
  const angle = Math.PI * x;
  return Math.sin(angle) / angle;
}

/** Blackman window over -1 … 1. */
function blackman(x: number): number {
  const phase = Math.PI * x;
  return 0.42 + 0.5 * Math.cos(phase) + 0.08 * Math.cos(2 * phase);
}
