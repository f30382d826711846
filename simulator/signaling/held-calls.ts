/**
 * Call signaling reconnection. Every call side gets a `reconnect` token with its invite or answer,
 * as at Twilio (the SDK's `connectToken` rests on it). A device that asked for reconnection in
 * `listen` (`reconnectTimeout` > 0, the SDK's `maxCallSignalingTimeoutMs`) has its connected calls
 * held that many seconds when its socket drops; an `invite {callsid, reconnect}` from the same
 * identity on a new socket resumes it, otherwise it ends as a hangup.
 */
import { randomUUID } from 'node:crypto';
import type { Device } from './devices';

/** The SDK never asks for more than this (MAX_RECONNECT_TIMEOUT_ALLOWED). */
export const MAX_RECONNECT_SECONDS = 30;

interface Held {
  identity?: string;
  callsid: string;
  owner: object;
  resume(device: Device): void;
  timer: NodeJS.Timeout;
}

export class HeldCalls {
  private readonly held = new Map<string, Held>();

  /** A new token for a call side. */
  static newToken(): string {
    return randomUUID();
  }

  /** Holds a call side for `device.reconnectTimeout` seconds; `drop` runs if nobody resumes it. */
  hold(token: string, device: Device, callsid: string, owner: object, resume: (device: Device) => void, drop: () => void): void {
    const timer = setTimeout(() => {
      this.held.delete(token);
      drop();
    }, device.reconnectTimeout * 1000);
    this.held.set(token, { identity: device.identity, callsid, owner, resume, timer });
  }

  /** Resumes the call side of `token` on `device`; false when there is none to resume. */
  resume(token: unknown, callsid: unknown, device: Device): boolean {
    const entry = typeof token === 'string' ? this.held.get(token) : undefined;
    if (!entry || entry.callsid !== callsid || entry.identity !== device.identity) return false;
    clearTimeout(entry.timer);
    this.held.delete(token as string);
    entry.resume(device);
    return true;
  }

  /** Forgets everything held for `owner` (its call ended). */
  release(owner: object): void {
    for (const [token, entry] of this.held) {
      if (entry.owner !== owner) continue;
      clearTimeout(entry.timer);
      this.held.delete(token);
    }
  }

  /** Forgets everything (the simulator stops). */
  clear(): void {
    for (const entry of this.held.values()) clearTimeout(entry.timer);
    this.held.clear();
  }
}
