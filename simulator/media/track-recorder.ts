/**
 * A recording of live audio tracks, as Twilio's media servers make one: each track (what a leg
 * says, what it is sent) is laid on one wall-clock timeline, so two tracks stay in step however
 * their packets arrive, and gaps (nobody sending) become silence. Two tracks give a dual-channel
 * recording (interleaved, first track on the first channel) or one mixed mono channel. It can be
 * paused, leaving out the paused time (`skip`) or filling it with silence (`silence`).
 */
import { concatPcm, mixPcm, samplesFor } from './audio/pcm';

/** Subscribes to one track's audio (8 kHz PCM, a packet at a time); returns the function that unsubscribes. */
export type TrackSource = (listener: (pcm: Int16Array) => void) => () => void;

/** How a pause treats its time: Twilio's `PauseBehavior`. */
export type PauseBehavior = 'skip' | 'silence';

/** What a stopped recording holds: 8 kHz 16-bit PCM, interleaved when it has two channels. */
export interface RecordedAudio {
  pcm: Int16Array;
  channels: 1 | 2;
}

/** A track further behind the clock than this is padded with silence up to it (packets come in bursts). */
const SLACK_SAMPLES = samplesFor(60);

/** One track's audio so far. */
class Track {
  readonly parts: Int16Array[] = [];
  length = 0;

  add(pcm: Int16Array): void {
    this.parts.push(pcm);
    this.length += pcm.length;
  }

  /** Silence up to `samples` long. */
  padTo(samples: number): void {
    if (samples > this.length) this.add(new Int16Array(samples - this.length));
  }

  pcm(): Int16Array {
    return concatPcm(...this.parts);
  }
}

/** Interleaves two equally long channels. */
function interleave(left: Int16Array, right: Int16Array): Int16Array {
  const out = new Int16Array(left.length * 2);
  for (let i = 0; i < left.length; i++) {
    out[2 * i] = left[i];
    out[2 * i + 1] = right[i];
  }
  return out;
}

/** Records `sources` from now until `stop`. */
export class TrackRecorder {
  private readonly tracks: Track[];
  private readonly unsubscribe: Array<() => void>;
  private readonly started: number;
  /** Milliseconds left out by `skip` pauses that ended. */
  private skippedMs = 0;
  private pause?: { at: number; behavior: PauseBehavior };
  private stopped?: RecordedAudio;

  /** `dual` keeps two sources on two channels; otherwise they are mixed into one. */
  constructor(
    sources: readonly TrackSource[],
    private readonly dual: boolean,
    private readonly now: () => number = Date.now,
  ) {
    this.started = now();
    this.tracks = sources.map(() => new Track());
    this.unsubscribe = sources.map((source, i) => source((pcm) => this.heard(i, pcm)));
  }

  get paused(): boolean {
    return this.pause !== undefined;
  }

  /** Stops taking audio in until `resume`. */
  pauseFor(behavior: PauseBehavior): void {
    if (!this.pause && !this.stopped) this.pause = { at: this.now(), behavior };
  }

  resume(): void {
    if (!this.pause) return;
    if (this.pause.behavior === 'skip') this.skippedMs += this.now() - this.pause.at;
    this.pause = undefined;
  }

  /** Ends the recording (a second call gives the same audio). */
  stop(): RecordedAudio {
    if (this.stopped) return this.stopped;
    this.resume();
    for (const stop of this.unsubscribe) stop();
    const end = this.clock();
    for (const track of this.tracks) track.padTo(end);
    const [first, second] = this.tracks.map((track) => track.pcm().subarray(0, end));
    this.stopped = second === undefined ? { pcm: first, channels: 1 } : this.dual ? { pcm: interleave(first, second), channels: 2 } : { pcm: mixPcm(first, second), channels: 1 };
    return this.stopped;
  }

  /** Samples of recorded time so far (skipped pauses left out). */
  private clock(): number {
    const pausedNow = this.pause?.behavior === 'skip' ? this.now() - this.pause.at : 0;
    return samplesFor(this.now() - this.started - this.skippedMs - pausedNow);
  }

  private heard(index: number, pcm: Int16Array): void {
    if (this.pause || this.stopped) return;
    const track = this.tracks[index];
    const due = this.clock() - pcm.length;
    if (track.length < due - SLACK_SAMPLES) track.padTo(due);
    track.add(pcm);
  }
}
