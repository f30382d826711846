/**
 * MP3 for `<Play>` (decoding, mpg123 compiled to wasm) and for recording media served as `.mp3`
 * (encoding, lamejs). Both packages are loaded the way their CommonJS state allows:
 * mpg123-decoder's package is ESM-only, so its self-contained UMD bundle is required by path;
 * lamejs's CommonJS entry is broken, so its all-in-one script is evaluated once as a function body
 * (it declares everything with `var`, so nothing leaks). Not in a `vm` context: there every global
 * lookup (`Math`, typed arrays) goes through the context's interceptors, and encoding took 2.4× longer.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { AudioFormatError } from './audio-error';
import { SAMPLE_RATE } from './pcm';
import { resample } from './resample';

/** The parts of mpg123-decoder's MPEGDecoder used here. */
interface MpegDecoder {
  ready: Promise<void>;
  decode(data: Uint8Array): { channelData: Float32Array[]; samplesDecoded: number; sampleRate: number };
  free(): void;
}

/** The parts of lamejs's Mp3Encoder used here. */
interface Mp3Encoder {
  encodeBuffer(left: Int16Array, right?: Int16Array): Int8Array;
  flush(): Int8Array;
}

/** Samples per MPEG-1 Layer III frame: the chunk size lamejs expects. */
const LAME_CHUNK = 1152;
/** Bit rate of recordings served as MP3: plenty for 8 kHz speech. */
const MP3_KBPS = 32;

let decoderClass: (new () => MpegDecoder) | undefined;
let encoderClass: (new (channels: number, sampleRate: number, kbps: number) => Mp3Encoder) | undefined;

function mpegDecoderClass(): new () => MpegDecoder {
  if (!decoderClass) {
    const bundle = join(dirname(require.resolve('mpg123-decoder')), 'dist', 'mpg123-decoder.min.js');
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a computed path (the package's bundle, not its entry), which no import names
    decoderClass = (require(bundle) as { MPEGDecoder: new () => MpegDecoder }).MPEGDecoder;
  }
  return decoderClass;
}

function mp3EncoderClass(): new (channels: number, sampleRate: number, kbps: number) => Mp3Encoder {
  if (!encoderClass) {
    const script = readFileSync(require.resolve('lamejs/lame.all.js'), 'utf8');
    // eslint-disable-next-line @typescript-eslint/no-implied-eval -- the code is lamejs's own file from node_modules, run once as a function body to take its global
    const lamejs = (new Function(`${script}\nreturn lamejs;`) as () => { Mp3Encoder: new (channels: number, sampleRate: number, kbps: number) => Mp3Encoder })();
    encoderClass = lamejs.Mp3Encoder;
  }
  return encoderClass;
}

/** Decodes an MP3 (or MP1/MP2) file to 8 kHz mono PCM, mixing channels and resampling. */
export async function decodeMp3(buf: Uint8Array): Promise<Int16Array> {
  const { channelData, samplesDecoded, sampleRate } = await decodeFrames(buf);
  return resample(mixToMono(channelData, samplesDecoded), sampleRate, SAMPLE_RATE);
}

/** Decodes an MP3 file to 8 kHz PCM, one buffer per channel (a dual-channel recording's parties apart). */
export async function decodeMp3Channels(buf: Uint8Array): Promise<Int16Array[]> {
  const { channelData, samplesDecoded, sampleRate } = await decodeFrames(buf);
  return channelData.map((channel) => resample(channel.subarray(0, samplesDecoded), sampleRate, SAMPLE_RATE));
}

async function decodeFrames(buf: Uint8Array): Promise<{ channelData: Float32Array[]; samplesDecoded: number; sampleRate: number }> {
  const decoder = new (mpegDecoderClass())();
  try {
    await decoder.ready;
    // A fresh Uint8Array of this realm: the decoder checks `instanceof Uint8Array`, which a Buffer from another realm (jest) fails.
    const decoded = decoder.decode(new Uint8Array(buf));
    if (decoded.samplesDecoded === 0 || decoded.channelData.length === 0 || !(decoded.sampleRate > 0)) {
      throw new AudioFormatError(`not an MP3 file: no MPEG audio frame found in ${buf.length} bytes`);
    }
    // Copies: the decoder's buffers live in its wasm memory, freed below.
    return { ...decoded, channelData: decoded.channelData.map((channel) => Float32Array.from(channel)) };
  } finally {
    decoder.free();
  }
}

function mixToMono(channels: Float32Array[], length: number): Float32Array {
  const mono = new Float32Array(length);
  for (const channel of channels) for (let i = 0; i < length; i++) mono[i] += channel[i] / channels.length;
  return mono;
}

/**
 * Encodes PCM (8 kHz unless said otherwise; interleaved when it has two channels, which become a
 * stereo file) as a constant-bit-rate MP3 at 32 kbit/s per channel.
 */
export function encodeMp3(pcm: Int16Array, sampleRate = SAMPLE_RATE, channels: 1 | 2 = 1): Buffer {
  return Buffer.concat([...mp3Parts(pcm, sampleRate, channels)]);
}

/**
 * Encodes the same as `encodeMp3`, yielding to the event loop after each 1,152-sample chunk.
 * Encoding costs ~20-40 ms of CPU per second of audio (a minute-long message: over a second),
 * which in one piece would stall every call's RTP; chunk by chunk, no stall exceeds a few ms.
 */
export async function encodeMp3Async(pcm: Int16Array, sampleRate = SAMPLE_RATE, channels: 1 | 2 = 1): Promise<Buffer> {
  const parts: Buffer[] = [];
  for (const part of mp3Parts(pcm, sampleRate, channels)) {
    parts.push(part);
    await nextTurn();
  }
  return Buffer.concat(parts);
}

/** The MP3 bytes of each 1,152-sample chunk, then of the encoder's flush. */
function* mp3Parts(pcm: Int16Array, sampleRate: number, channels: 1 | 2): Generator<Buffer> {
  const encoder = new (mp3EncoderClass())(channels, sampleRate, MP3_KBPS * channels);
  if (channels === 1) {
    for (let start = 0; start < pcm.length; start += LAME_CHUNK) yield toBuffer(encoder.encodeBuffer(pcm.subarray(start, start + LAME_CHUNK)));
  } else {
    const [left, right] = [0, 1].map((channel) => Int16Array.from({ length: pcm.length / 2 }, (_, i) => pcm[2 * i + channel]));
    for (let start = 0; start < left.length; start += LAME_CHUNK) yield toBuffer(encoder.encodeBuffer(left.subarray(start, start + LAME_CHUNK), right.subarray(start, start + LAME_CHUNK)));
  }
  yield toBuffer(encoder.flush());
}

/** A copy: lamejs may hand out views of a buffer it reuses. */
function toBuffer(bytes: Int8Array): Buffer {
  return Buffer.from(bytes);
}
