/**
 * A leg the simulator rang on a device: it carries its own child CallSid (the SDK acts on a
 * `cancel` only for its own CallSid) and speaks for itself on the device's socket.
 */
import { now, type LegStatus, type SimLeg } from './call-log';
import type { Device } from './devices';

export class Leg {
  readonly record: SimLeg;

  constructor(readonly sid: string, readonly device: Device, from: string, to: string) {
    this.record = { sid, from, to, deviceId: device.id, status: 'ringing', startedAt: now() };
  }

  get status(): LegStatus {
    return this.record.status;
  }

  /** Sends the incoming-call invite (offer SDP of the caller, `<Parameter>`s as Params). */
  ring(sdp: string, parameters: Record<string, string>): void {
    this.device.send('invite', { callsid: this.sid, sdp, parameters: { CallSid: this.sid, ...parameters } });
  }

  markAnswered(): void {
    this.record.status = 'in-progress';
    this.record.answeredAt = now();
  }

  /** The device declined or went away while ringing. */
  markEnded(status: LegStatus): void {
    if (this.ended) return;
    this.record.status = status;
    this.record.endedAt = now();
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

  get ended(): boolean {
    return this.record.endedAt !== undefined;
  }
}
