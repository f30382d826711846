/**
 * A leg the simulator rang on a device: it carries its own child CallSid (the SDK acts on a
 * `cancel` only for its own CallSid) and speaks for itself on the device's socket.
 */
import { now, type LegStatus, type SimLeg } from './call-log';
import type { Device } from '../signaling/devices';
import { HeldCalls } from '../signaling/held-calls';
import type { LegMedia } from '../media/leg-media';

/** One dialled device's side of a call, and its entry in the call log. */
export class Leg {
  readonly record: SimLeg;
  /** Resumes this leg after its socket dropped, or moves its invite to another device of the callee (`connectToken`). */
  readonly reconnectToken = HeldCalls.newToken();
  /** The leg's endpoint at the simulator, closed when the leg ends. */
  media?: LegMedia;
  /** `<Client url>`/`<Number url>`: TwiML run on this leg when it answers, before the bridge. */
  whisperUrl?: string;
  /** Hears the leg answered (`in-progress`) and ended (`<Client statusCallback>`/`<Number statusCallback>`). */
  progress?: (status: LegStatus) => void;
  /** Resolves when the leg ends. */
  readonly endedSignal: Promise<void>;
  private signalEnded!: () => void;

  /** `device` changes when the leg resumes on a new signaling connection. */
  constructor(
    readonly sid: string,
    public device: Device,
    from: string,
    to: string,
  ) {
    this.record = { sid, from, to, deviceId: device.id, status: 'ringing', startedAt: now() };
    this.endedSignal = new Promise((resolve) => (this.signalEnded = resolve));
  }

  /** Where the leg stands: ringing, in-progress, or how it ended. */
  get status(): LegStatus {
    return this.record.status;
  }

  /** Gives the leg its endpoint; resolves with the offer its invite carries. */
  attachMedia(media: LegMedia): Promise<string> {
    this.media = media;
    return media.endpoint.offer();
  }

  /**
   * The leg is taken on `device` with an offer of its own (the SDK's `connectToken`): a new
   * endpoint replaces the one the first invite offered; resolves with its answer.
   */
  takeOn(device: Device, media: LegMedia, offerSdp: string): Promise<string> {
    this.moveTo(device);
    this.media?.close();
    this.media = media;
    return media.endpoint.answer(offerSdp);
  }

  /** The leg goes on on another device of the same identity (a resumed socket, or `connectToken`). */
  moveTo(device: Device): void {
    this.device = device;
    this.record.deviceId = device.id;
  }

  /** Sends the incoming-call invite (the offer of the leg's own endpoint, `<Parameter>`s as Params). */
  ring(sdp: string, parameters: Record<string, string>): void {
    this.device.send('invite', { callsid: this.sid, sdp, parameters: { CallSid: this.sid, ...parameters }, reconnect: this.reconnectToken });
  }

  /** The device answered and won the dial. */
  markAnswered(): void {
    this.record.status = 'in-progress';
    this.record.answeredAt = now();
    this.progress?.('in-progress');
  }

  /** Records how the leg ended; the first end counts. */
  markEnded(status: LegStatus): void {
    if (this.ended) return;
    this.record.status = status;
    this.record.endedAt = now();
    this.media?.close();
    this.signalEnded();
    this.progress?.(status);
  }

  /** Withdraws an unanswered invite. */
  cancel(status: LegStatus = 'canceled'): void {
    if (this.record.status !== 'ringing') return;
    this.markEnded(status);
    this.device.send('cancel', { callsid: this.sid });
  }

  /** Ends an answered leg from the network side. */
  hangup(): void {
    if (this.record.status !== 'in-progress') return;
    this.markEnded('completed');
    this.device.send('hangup', { callsid: this.sid });
  }

  /** True once the leg ended, however it did. */
  get ended(): boolean {
    return this.record.endedAt !== undefined;
  }
}
