/**
 * One outgoing RTP stream: every source sent on a leg's track (tone, file, speech, relayed audio,
 * telephone-events) goes through its single sequence-number/timestamp space (docs/simulator-media.md): a
 * browser drops everything once a relayed peer's own numbers follow another source's.
 */
import { randomInt } from 'node:crypto';

/** Frames per second of every stream (20 ms each). */
const FRAMES_PER_SECOND = 50;
/** A pause longer than this starts a new talkspurt: the timestamp jumps by the time that passed. */
const TALKSPURT_GAP_MS = 100;

/** Sequence number, timestamp and marker of the next packet. */
export interface RtpStamp {
  sequenceNumber: number;
  timestamp: number;
  marker: boolean;
}

/** The numbering of one outgoing RTP stream, in the timestamp units of its codec's clock (8 kHz for PCMU, 48 kHz for Opus). */
export class RtpStream {
  private sequenceNumber = randomInt(0, 0x10000);
  private timestamp = randomInt(0, 0x100000000);
  private lastSamples = 0;
  private lastSentAt = 0;

  constructor(private readonly clockRate = 8000) {}

  /** Numbers an audio packet of `samples` timestamp units sent now. */
  nextAudio(samples: number, nowMs = performance.now()): RtpStamp {
    const gap = this.lastSentAt === 0 ? 0 : nowMs - this.lastSentAt;
    const newTalkspurt = this.lastSentAt === 0 || gap > TALKSPURT_GAP_MS;
    const frame = this.clockRate / FRAMES_PER_SECOND;
    const advance = newTalkspurt && this.lastSentAt !== 0 ? Math.round((gap * this.clockRate) / 1000 / frame) * frame : this.lastSamples;
    this.timestamp = (this.timestamp + advance) >>> 0;
    this.lastSamples = samples;
    this.lastSentAt = nowMs;
    return { sequenceNumber: this.nextSequence(), timestamp: this.timestamp, marker: newTalkspurt };
  }

  /**
   * Numbers a telephone-event packet: all packets of one event share the timestamp of its start,
   * which is the next audio timestamp (RFC 4733 §2.5.1.2).
   */
  nextEvent(first: boolean, eventSamples: number, nowMs = performance.now()): RtpStamp {
    // The event's whole duration counts as the first packet's length, so audio resumes after it.
    if (first) return this.nextAudio(eventSamples, nowMs);
    this.lastSentAt = nowMs;
    return { sequenceNumber: this.nextSequence(), timestamp: this.timestamp, marker: false };
  }

  private nextSequence(): number {
    this.sequenceNumber = (this.sequenceNumber + 1) & 0xffff;
    return this.sequenceNumber;
  }
}
