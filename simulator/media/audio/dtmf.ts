/**
 * DTMF as RTP telephone-events (RFC 4733), the way the Voice SDK's `call.sendDigits()` sends keys
 * when the answer offers `telephone-event/8000` (docs/simulator-media.md), and the way the simulator sends
 * `<Play digits>`. Payload layout (4 bytes): event (8 bits), end flag (1), reserved (1),
 * volume in -dBm0 (6), duration in timestamp units (16, network order).
 */
import { FRAME_SAMPLES, samplesFor } from './pcm';

/** One telephone-event payload. */
export interface TelephoneEvent {
  /** 0-9 digits, 10 = *, 11 = #, 12-15 = A-D (other events exist but are no keys). */
  event: number;
  /** Set on the last packets of a key press (sent three times). */
  end: boolean;
  /** Power level as -dBm0, 0 … 63. */
  volume: number;
  /** Length so far, in RTP timestamp units (8 kHz samples), 0 … 65535. */
  duration: number;
}

const DIGITS = '0123456789*#ABCD';
/** The volume senders commonly use (-10 dBm0). */
const DEFAULT_VOLUME = 10;
/** RFC 4733 §2.5.1.4: the final packet is retransmitted (three times in all). */
const END_PACKETS = 3;
/** Largest duration the 16-bit field holds, in ms (65,535 samples at 8 kHz). */
const MAX_DURATION_MS = 8191;

/** The key an event number stands for, or undefined for a non-key event. */
export function eventToDigit(event: number): string | undefined {
  return Number.isInteger(event) && event >= 0 && event < DIGITS.length ? DIGITS[event] : undefined;
}

/** The event number of a key (0-9, *, #, A-D, case-insensitive), or undefined. */
export function digitToEvent(digit: string): number | undefined {
  const index = digit.length === 1 ? DIGITS.indexOf(digit.toUpperCase()) : -1;
  return index < 0 ? undefined : index;
}

/** The 4-byte payload of one telephone-event packet. */
export function encodeTelephoneEvent({ event, end, volume, duration }: TelephoneEvent): Buffer {
  const field = (name: string, value: number, max: number) => {
    if (!Number.isInteger(value) || value < 0 || value > max) throw new RangeError(`telephone-event ${name} must be an integer 0…${max}, not ${value}`);
  };
  field('event', event, 255);
  field('volume', volume, 63);
  field('duration', duration, 0xffff);
  const payload = Buffer.alloc(4);
  payload[0] = event;
  payload[1] = (end ? 0x80 : 0) | volume;
  payload.writeUInt16BE(duration, 2);
  return payload;
}

/** Reads a telephone-event payload; undefined when it is too short to be one. */
export function decodeTelephoneEvent(payload: Uint8Array): TelephoneEvent | undefined {
  if (payload.length < 4) return undefined;
  return { event: payload[0], end: (payload[1] & 0x80) !== 0, volume: payload[1] & 0x3f, duration: (payload[2] << 8) | payload[3] };
}

/**
 * The payloads a sender emits for one key press of `durationMs` (default 100 ms): one every 20 ms
 * with a growing duration, then the end packet three times. All share the RTP timestamp of the
 * key press's start, and the first carries the RTP marker bit.
 */
export function telephoneEventPackets(digit: string, durationMs = 100): Buffer[] {
  const event = digitToEvent(digit);
  if (event === undefined) throw new RangeError(`not a DTMF digit: ${JSON.stringify(digit)} (0-9, *, #, A-D)`);
  if (!(durationMs > 0 && durationMs <= MAX_DURATION_MS)) throw new RangeError(`DTMF duration must be 1…${MAX_DURATION_MS} ms, not ${durationMs}`);
  const total = samplesFor(durationMs);
  const packets: Buffer[] = [];
  for (let duration = FRAME_SAMPLES; duration < total; duration += FRAME_SAMPLES) {
    packets.push(encodeTelephoneEvent({ event, end: false, volume: DEFAULT_VOLUME, duration }));
  }
  const last = encodeTelephoneEvent({ event, end: true, volume: DEFAULT_VOLUME, duration: total });
  for (let i = 0; i < END_PACKETS; i++) packets.push(last);
  return packets;
}

/**
 * Turns received telephone-event packets into key presses, each reported exactly once. A key
 * press is identified by its RTP timestamp: it is reported at its first end packet, or, if every
 * end packet was lost, when a newer key press starts or `flush()` is called.
 */
export class DtmfReceiver {
  /** Timestamp of the key press being received, and whether it has been reported. */
  private current: { timestamp: number; digit: string; reported: boolean } | undefined;

  constructor(private readonly onDigit: (digit: string) => void) {}

  /** Feeds one packet's payload and its RTP timestamp. Junk and non-key events are ignored. */
  feed(payload: Uint8Array, rtpTimestamp: number): void {
    const decoded = decodeTelephoneEvent(payload);
    const digit = decoded && eventToDigit(decoded.event);
    if (!decoded || digit === undefined) return;
    const timestamp = rtpTimestamp >>> 0;
    if (this.current?.timestamp !== timestamp) {
      if (this.current && isOlder(timestamp, this.current.timestamp)) return; // a late packet of an earlier press
      this.flush();
      this.current = { timestamp, digit, reported: false };
    }
    if (decoded.end) this.flush();
  }

  /** Reports the key press in progress if it has not been (its end packets never came). */
  flush(): void {
    if (!this.current || this.current.reported) return;
    this.current.reported = true;
    this.onDigit(this.current.digit);
  }
}

/** RTP timestamps wrap at 2^32: `a` is older than `b` when it lies less than half the range behind. */
function isOlder(a: number, b: number): boolean {
  const behind = (b - a) >>> 0;
  return behind !== 0 && behind < 0x80000000;
}
