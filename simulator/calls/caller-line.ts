/**
 * The caller's side of a parent call on its signaling connection: the simulator's answer to the
 * caller's offer, sent with `ringing` (early media) or `answer`, each once, and the `hangup` that
 * names the call by whichever id the caller knows it by.
 */
import type { Device } from '../signaling/devices';
import { HeldCalls } from '../signaling/held-calls';
import type { LegMedia } from '../media/leg-media';

/** The device that placed the call and the id it knows the call by until `ringing`/`answer`. */
export interface Caller {
  /** Changes when the caller resumes the call on a new signaling connection. */
  device: Device;
  /** Resumes the caller's side after its socket dropped (held only if its device asked for it). */
  reconnectToken?: string;
  /** The SDK's own `TJS…` id from its `invite`. */
  clientSid: string;
  offerSdp: string;
}

/** What the caller's device is told about the call, and when. */
export class CallerLine {
  /** Set once the caller learnt the CA sid (from `ringing` or `answer`). */
  private knowsSid = false;
  /** The simulator's answer to the caller's offer (sent with `ringing` for early media, or `answer`). */
  private sdp?: Promise<string>;
  /** Set once the caller got `answer`. */
  private answerSent = false;
  /** The `answer` and early-media `ringing` frames, each sent once. */
  private answering?: Promise<void>;
  private ringingSent?: Promise<void>;

  constructor(
    readonly caller: Caller,
    private readonly callSid: string,
    private readonly isEnded: () => boolean,
  ) {}

  /** Answers the caller's offer on `media` (made while the Voice URL runs, so neither waits for the other). */
  open(media: LegMedia): void {
    this.sdp = media.endpoint.answer(this.caller.offerSdp);
  }

  /** True once the caller's offer was answered. */
  get answered(): boolean {
    return this.answerSent;
  }

  /** `answer` with the simulator's SDP, once. */
  answer(): Promise<void> {
    return (this.answering ??= (async () => {
      const sdp = await this.sdp!;
      if (this.isEnded()) return;
      this.answerSent = true;
      this.knowsSid = true;
      const { caller } = this;
      caller.reconnectToken = HeldCalls.newToken();
      caller.device.send('answer', { callsid: this.callSid, sdp, reconnect: caller.reconnectToken });
    })());
  }

  /** `ringing` with the simulator's SDP: early media, and the caller learns the CA sid. */
  ringing(): Promise<void> {
    return (this.ringingSent ??= (async () => {
      const sdp = await this.sdp!;
      if (this.isEnded() || this.knowsSid) return;
      this.caller.device.send('ringing', { callsid: this.callSid, sdp });
      this.knowsSid = true;
    })());
  }

  /** The network ends the call: `hangup` with the id the caller knows the call by. */
  hangup(): void {
    this.caller.device.send('hangup', { callsid: this.knowsSid ? this.callSid : this.caller.clientSid });
  }

  /** The call reached no Voice URL: `hangup` with Twilio's 31404. */
  refuse(reason: string): void {
    this.caller.device.send('hangup', { callsid: this.caller.clientSid, error: { code: 31404, message: `Not Found: ${reason}` } });
  }
}
