/**
 * Opus, as the Voice SDK sends it when it prefers it (`codecPreferences: ['opus', 'pcmu']`) and
 * Twilio accepts it: libopus compiled to WebAssembly (the `opusscript` package), used at the media
 * plane's own rate, 8 kHz mono, in 20 ms frames. The package's wrapper keeps views of the module's
 * memory that go stale once that memory grows, so this one takes fresh views on every call, in the
 * package's own calling convention (one byte of PCM per 16-bit slot).
 */
import { FRAME_SAMPLES, SAMPLE_RATE } from './pcm';

interface OpusHandler {
  _encode(pcmPointer: number, pcmBytes: number, packetPointer: number, frameSamples: number): number;
  _decode(packetPointer: number, packetBytes: number, pcmPointer: number): number;
}

interface OpusModule {
  HEAPU8: Uint8Array;
  HEAPU16: Uint16Array;
  _malloc(bytes: number): number;
  _free(pointer: number): void;
  OpusScriptHandler: { new (sampleRate: number, channels: number, application: number): OpusHandler; destroy_handler(handler: OpusHandler): void };
}

/** libopus's application for speech (OPUS_APPLICATION_VOIP). */
const VOIP = 2048;
/** Largest Opus packet (RFC 6716 §3.4: 1275 bytes per frame, up to three). */
const MAX_PACKET_BYTES = 1276 * 3;
/** Largest frame libopus decodes (120 ms at 48 kHz), in samples. */
const MAX_FRAME_SAMPLES = 5760;

let loaded: OpusModule | undefined;

/** The WebAssembly module, made once per process (its first use takes a few milliseconds). */
function opusModule(): OpusModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  loaded ??= (require('opusscript/build/opusscript_native_wasm.js') as () => OpusModule)();
  return loaded;
}

/** One Opus stream's encoder and decoder (each keeps state from frame to frame); `close` frees them. */
export class OpusCodec {
  private readonly native = opusModule();
  private readonly handler = new this.native.OpusScriptHandler(SAMPLE_RATE, 1, VOIP);
  /** Buffers inside the module's memory: PCM in (two slots per sample), packets, PCM out. */
  private readonly pcmIn = this.native._malloc(FRAME_SAMPLES * 2 * 2);
  private readonly packet = this.native._malloc(MAX_PACKET_BYTES);
  private readonly pcmOut = this.native._malloc(MAX_FRAME_SAMPLES * 2 * 2);
  private closed = false;

  /** One 20 ms frame (160 samples at 8 kHz) as an Opus packet. */
  encode(frame: Int16Array): Buffer {
    if (this.closed) return Buffer.alloc(0);
    const bytes = new Uint8Array(frame.buffer, frame.byteOffset, frame.byteLength);
    this.native.HEAPU16.set(bytes, this.pcmIn >> 1);
    const length = this.handler._encode(this.pcmIn, bytes.length, this.packet, frame.length);
    if (length < 0) throw new Error(`Opus could not encode a frame (${length})`);
    return Buffer.from(this.native.HEAPU8.subarray(this.packet, this.packet + length));
  }

  /** An Opus packet (any rate, mono or stereo) as 8 kHz mono PCM; empty for a packet it cannot read. */
  decode(packet: Uint8Array): Int16Array {
    if (this.closed || !packet.length || packet.length > MAX_PACKET_BYTES) return new Int16Array(0);
    this.native.HEAPU8.set(packet, this.packet);
    const samples = this.handler._decode(this.packet, packet.length, this.pcmOut);
    if (samples <= 0) return new Int16Array(0);
    const slots = this.native.HEAPU16.subarray(this.pcmOut >> 1, (this.pcmOut >> 1) + samples * 2);
    const bytes = Uint8Array.from(slots);
    return new Int16Array(bytes.buffer);
  }

  /** Frees the encoder and decoder; safe to call twice. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.native.OpusScriptHandler.destroy_handler(this.handler);
    for (const pointer of [this.pcmIn, this.packet, this.pcmOut]) this.native._free(pointer);
  }
}
