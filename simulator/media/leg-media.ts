/**
 * What the call engine asks of one leg's media: negotiate, play sounds (one at a time, the next
 * replacing the last), send and hear digits (RFC 4733 in-band, or the SDK's PStream `dtmf` frame
 * handed in), record what the leg says, and bridge to another leg.
 */
import { concatPcm } from './audio/pcm';
import { bridge } from './bridge';
import type { FrameClock } from './frame-clock';
import type { MediaEndpoint } from './media-endpoint';
import { Playback } from './playback';
import { DtmfReceiver, telephoneEventPackets } from './audio/dtmf';
import { samplesFor } from './audio/pcm';
import type { TrackSource } from './track-recorder';

/** Pause a `w` in `<Play digits>` stands for, as Twilio times it. */
const DIGIT_WAIT_MS = 500;
/** How long each sent digit lasts, and the gap after it. */
const DIGIT_MS = 100;
const INTER_DIGIT_MS = 100;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Audio a leg said, collected while recording. */
export interface Recording {
  /** Stops recording and returns the 8 kHz PCM heard since it started. */
  stop(): Int16Array;
}

/** One leg's media, as the call engine uses it. */
export class LegMedia {
  private playback?: Playback;
  private readonly digitListeners = new Set<(digit: string) => void>();
  private closed = false;

  constructor(
    readonly endpoint: MediaEndpoint,
    private readonly clock: FrameClock,
    private readonly onClose: () => void,
  ) {
    const receiver = new DtmfReceiver((digit) => this.heardDigit(digit));
    endpoint.onTelephoneEvent((payload, timestamp) => receiver.feed(payload, timestamp));
  }

  /**
   * Plays 8 kHz PCM `loops` times (0: until stopped), replacing whatever was playing; resolves
   * true if it played to the end. A leg whose negotiation gave it no audio (a protocol-level
   * client) hears nothing, so its sounds take no time.
   */
  play(pcm: Int16Array, loops = 1): Promise<boolean> {
    this.stopPlayback();
    if (this.closed) return Promise.resolve(false);
    if (!this.endpoint.hasMedia) return Promise.resolve(true);
    const playback = new Playback(this.endpoint, pcm, this.clock, loops);
    this.playback = playback;
    return playback.done;
  }

  /** Stops the current sound, if any. */
  stopPlayback(): void {
    this.playback?.stop();
    this.playback = undefined;
  }

  /** Sends digits as telephone-events (`w`: half a second's wait), as `<Play digits>` does. */
  async sendDigits(digits: string): Promise<void> {
    this.stopPlayback();
    for (const digit of digits) {
      if (this.closed) return;
      if (digit.toLowerCase() === 'w') {
        await sleep(DIGIT_WAIT_MS);
        continue;
      }
      const packets = telephoneEventPackets(digit, DIGIT_MS);
      for (let i = 0; i < packets.length; i++) {
        this.endpoint.sendTelephoneEvent(packets[i], i === 0, samplesFor(DIGIT_MS));
        await sleep(20);
      }
      await sleep(INTER_DIGIT_MS);
    }
  }

  /** Calls `listener` with each digit the leg sends, until the returned function is called. */
  onDigit(listener: (digit: string) => void): () => void {
    this.digitListeners.add(listener);
    return () => this.digitListeners.delete(listener);
  }

  /** Digits that came as a PStream `dtmf` frame rather than in-band. */
  heardDigits(digits: string): void {
    for (const digit of digits) if (/^[0-9*#A-D]$/i.test(digit)) this.heardDigit(digit.toUpperCase());
  }

  /** Starts collecting the audio this leg sends. */
  record(): Recording {
    const chunks: Int16Array[] = [];
    const stop = this.endpoint.onAudio((pcm) => chunks.push(pcm));
    return {
      stop: () => {
        stop();
        return concatPcm(...chunks);
      },
    };
  }

  /** What the leg's party says (Twilio's inbound track), for a TrackRecorder. */
  readonly inbound: TrackSource = (listener) => this.endpoint.onAudio(listener);

  /** What the leg is sent, its party hears (Twilio's outbound track), for a TrackRecorder. */
  readonly outbound: TrackSource = (listener) => this.endpoint.onSent(listener);

  /** Relays audio both ways between this leg and `other` until the returned function is called. */
  bridgeTo(other: LegMedia): () => void {
    this.stopPlayback();
    other.stopPlayback();
    return bridge(this.endpoint, other.endpoint);
  }

  /** Closes the endpoint; safe to call twice. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.stopPlayback();
    this.digitListeners.clear();
    this.endpoint.close();
    this.onClose();
  }

  private heardDigit(digit: string): void {
    for (const listener of [...this.digitListeners]) listener(digit);
  }
}
