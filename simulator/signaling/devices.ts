/**
 * Signed-in Voice SDK devices: one per signaling connection. A device can be called once it has
 * a valid token (`listen`), is registered (`ready` sent) and its token has not lapsed.
 */
import type { Payload } from './pstream';

export interface Device {
  readonly id: number;
  /** True once a `listen` with a valid token was accepted. */
  listening: boolean;
  /** From the token of its last accepted `listen`; undefined until then, and for a token without one. */
  identity?: string;
  /** The TwiML App its token may call out through. */
  outgoingApplicationSid?: string;
  incomingAllow: boolean;
  /** True between `register {audio:true}` and `register {audio:false}`. */
  registered: boolean;
  /** True once its token lapsed and until a fresh `listen`. */
  expired: boolean;
  /** Seconds its calls survive a dropped socket (`listen` reconnectTimeout; 0: none). */
  reconnectTimeout: number;
  send(type: string, payload?: Payload): void;
}

/** The devices of every open signaling connection. */
export class DeviceRegistry {
  private readonly devices = new Set<Device>();

  /** A new signaling connection. */
  add(device: Device): void {
    this.devices.add(device);
  }

  /** Its connection closed. */
  remove(device: Device): void {
    this.devices.delete(device);
  }

  /** Devices that an incoming call to `identity` rings. */
  reachable(identity: string): Device[] {
    return [...this.devices].filter((d) => d.identity !== undefined && d.identity === identity && d.registered && !d.expired && d.incomingAllow);
  }
}
