/**
 * RFC 4733 telephone-events on a leg: turns received events into digits (once per event, however
 * many packets repeat it) and makes the packets that send a digit.
 */

const DIGITS = '0123456789*#ABCD';
/** Samples a sent digit lasts (100 ms), and the gap after it. */
const DIGIT_SAMPLES = 800;
const PACKET_SAMPLES = 160;

/** The digit an event code stands for, if any. */
export function digitOf(event: number): string | undefined {
  return DIGITS[event];
}

/** Reports each digit once: its packets share one RTP timestamp. */
export class DigitDetector {
  private lastTimestamp?: number;

  constructor(private readonly onDigit: (digit: string) => void) {}

  /** Feeds one telephone-event payload and the RTP timestamp of its packet. */
  push(payload: Buffer, timestamp: number): void {
    if (payload.length < 4 || timestamp === this.lastTimestamp) return;
    const digit = digitOf(payload[0]);
    if (!digit) return;
    this.lastTimestamp = timestamp;
    this.onDigit(digit);
  }
}

/** The payloads of one digit: progress packets every 20 ms, then three end packets. */
export function digitPackets(digit: string): Buffer[] {
  const event = DIGITS.indexOf(digit.toUpperCase());
  if (event < 0) return [];
  const packet = (duration: number, end: boolean) => Buffer.from([event, (end ? 0x80 : 0) | 10, duration >> 8, duration & 0xff]);
  const packets: Buffer[] = [];
  for (let duration = PACKET_SAMPLES; duration < DIGIT_SAMPLES; duration += PACKET_SAMPLES) packets.push(packet(duration, false));
  for (let i = 0; i < 3; i++) packets.push(packet(DIGIT_SAMPLES, true));
  return packets;
}

/** Samples one sent digit takes in the stream. */
export const DIGIT_EVENT_SAMPLES = DIGIT_SAMPLES;
