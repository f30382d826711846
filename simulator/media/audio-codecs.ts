/**
 * The audio codecs the simulator's media servers speak, as Twilio's do with the Voice SDK: PCMU
 * (G.711 µ-law, the SDK's default) and Opus (when the SDK prefers it). Every leg's audio is
 * 8 kHz PCM inside the simulator; a codec turns one 20 ms frame of it into a packet and back.
 */
import { decodeMulaw, encodeMulaw } from './audio/g711';
import { OpusCodec } from './audio/opus';

export type CodecName = 'PCMU' | 'opus';

/** The static payload type of PCMU, and the one the simulator offers Opus on (the SDK's own choice for it). */
export const PCMU_PAYLOAD_TYPE = 0;
export const OPUS_PAYLOAD_TYPE = 111;

/** RTP clock rates (Opus always counts at 48 kHz, RFC 7587), in timestamp units per second. */
export const CLOCK_RATE: Record<CodecName, number> = { PCMU: 8000, opus: 48000 };

/** Encodes and decodes one leg's audio; Opus keeps state from frame to frame in each direction. */
export class LegCodecs {
  private opus?: OpusCodec;

  /** One 20 ms frame of 8 kHz PCM as a packet of `codec`. */
  encode(codec: CodecName, frame: Int16Array): Buffer {
    return codec === 'opus' ? this.opusCodec().encode(frame) : Buffer.from(encodeMulaw(frame));
  }

  /** A received packet of `codec` as 8 kHz PCM. */
  decode(codec: CodecName, payload: Uint8Array): Int16Array {
    return codec === 'opus' ? this.opusCodec().decode(payload) : decodeMulaw(payload);
  }

  close(): void {
    this.opus?.close();
  }

  /** Made on first use: a PCMU leg never loads Opus. */
  private opusCodec(): OpusCodec {
    this.opus ??= new OpusCodec();
    return this.opus;
  }
}
