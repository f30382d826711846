/**
 * Silence on a phone line, for `<Record timeout>` (end after N seconds of silence) and
 * `<Record trim="trim-silence">`.
 *
 * Threshold: a 20 ms frame below -45 dBFS (RMS under ~184 of 32767) is silent. Speech at
 * conversation level runs -15 to -35 dBFS per frame and the quiet ends of words about -40; a
 * browser microphone in a quiet room, after WebRTC's noise suppression, sits at -55 to -70; idle
 * G.711 decodes to 0. Chrome's fake microphone (a loud beep every 500 ms) is therefore never 5 s
 * of silence (docs/simulator-media.md): test silence with a silent file or a WebAudio track.
 */
import { FRAME_SAMPLES, FULL_SCALE, rms, SAMPLE_RATE } from './pcm';

/** Frames quieter than this level (dB of full scale) are silence. */
export const SILENCE_DBFS = -45;

const SILENCE_RMS = FULL_SCALE * 10 ** (SILENCE_DBFS / 20);

/** True when the frame's level is below SILENCE_DBFS (any length; meant for 20 ms). */
export function isSilentFrame(frame: Int16Array): boolean {
  return rms(frame) < SILENCE_RMS;
}

/**
 * `pcm` without its leading and trailing silence, cut at 20 ms frame boundaries (a new array;
 * empty when all of it is silent). Interleaved `channels` are cut together: a frame is loud when
 * any party in it is.
 */
export function trimSilence(pcm: Int16Array, channels = 1): Int16Array {
  const size = FRAME_SAMPLES * channels;
  const frames = Math.ceil(pcm.length / size);
  const loud = (index: number) => !isSilentFrame(pcm.subarray(index * size, (index + 1) * size));
  let first = 0;
  while (first < frames && !loud(first)) first++;
  if (first === frames) return new Int16Array(0);
  let last = frames - 1;
  while (!loud(last)) last--;
  return pcm.slice(first * size, (last + 1) * size);
}

/**
 * Counts continuous silence in the frames it is fed and says when `timeoutSeconds` of it have
 * passed, as `<Record timeout>` ends a recording. A frame that is not silent starts the count over.
 */
export class SilenceTimer {
  private readonly timeoutSamples: number;
  private silentSamples = 0;

  constructor(readonly timeoutSeconds: number) {
    if (!(timeoutSeconds > 0 && Number.isFinite(timeoutSeconds))) throw new RangeError(`silence timeout must be a positive number of seconds, not ${timeoutSeconds}`);
    this.timeoutSamples = Math.round(timeoutSeconds * SAMPLE_RATE);
  }

  /** Feeds the next frame; true once the current run of silence has lasted the timeout. */
  feed(frame: Int16Array): boolean {
    this.silentSamples = isSilentFrame(frame) ? this.silentSamples + frame.length : 0;
    return this.expired;
  }

  /** True while the current run of silence has lasted at least the timeout. */
  get expired(): boolean {
    return this.silentSamples >= this.timeoutSamples;
  }

  /** Milliseconds of the current run of silence. */
  get silentMs(): number {
    return (this.silentSamples * 1000) / SAMPLE_RATE;
  }

  /** Starts counting from zero (a new recording). */
  reset(): void {
    this.silentSamples = 0;
  }
}
