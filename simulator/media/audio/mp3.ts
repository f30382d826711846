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
  encodeBuffer(pcm: Int16Array): Int8Array;
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
    decoderClass = (require(bundle) as { MPEGDecoder: new () => MpegDecoder }).MPEGDecoder;
  }
  return decoderClass;
}

function mp3EncoderClass(): new (channels: number, sampleRate: number, kbps: number) => Mp3Encoder {
  if (!encoderClass) {
    const script = readFileSync(require.resolve('lamejs/lame.all.js'), 'utf8');
    const lamejs = new Function(`${script}\nreturn lamejs;`)() as { Mp3Encoder: new (channels: number, sampleRate: number, kbps: number) => Mp3Encoder };
    encoderClass = lamejs.Mp3Encoder;
  }
  return encoderClass;
}

/** Decodes an MP3 (or MP1/MP2) file to 8 kHz mono PCM, mixing channels and resampling. */
export async function decodeMp3(buf: Uint8Array): Promise<Int16Array> {
  const decoder = new (mpegDecoderClass())();
  try {
    await decoder.ready;
    // A fresh Uint8Array of this realm: the decoder checks `instanceof Uint8Array`, which a Buffer from another realm (jest) fails.
    const { channelData, samplesDecoded, sampleRate } = decoder.decode(new Uint8Array(buf));
    if (samplesDecoded === 0 || channelData.length === 0 || !(sampleRate > 0)) {
      throw new AudioFormatError(`not an MP3 file: no MPEG audio frame found in ${buf.length} bytes`);
    }
    return resample(mixToMono(channelData, samplesDecoded), sampleRate, SAMPLE_RATE);
  } finally {
    decoder.free();
  }
}

function mixToMono(channels: Float32Array[], length: number): Float32Array {
  const mono = new Float32Array(length);
  for (const channel of channels) for (let i = 0; i < length; i++) mono[i] += channel[i] / channels.length;
  return mono;
}

/** Encodes mono PCM (8 kHz unless said otherwise) as a constant-bit-rate MP3 at 32 kbit/s. */
export function encodeMp3(pcm: Int16Array, sampleRate = SAMPLE_RATE): Buffer {
  return Buffer.concat([...mp3Parts(pcm, sampleRate)]);
}

/**
 * Encodes the same as `encodeMp3`, yielding to the event loop after each 1,152-sample chunk.
 * Encoding costs ~20-40 ms of CPU per second of audio (a minute-long message: over a second),
 * which in one piece would stall every call's RTP; chunk by chunk, no stall exceeds a few ms.
 */
export async function encodeMp3Async(pcm: Int16Array, sampleRate = SAMPLE_RATE): Promise<Buffer> {
  const parts: Buffer[] = [];
  for (const part of mp3Parts(pcm, sampleRate)) {
    parts.push(part);
    await nextTurn();
  }
  return Buffer.concat(parts);
}

/** The MP3 bytes of each 1,152-sample chunk, then of the encoder's flush. */
function* mp3Parts(pcm: Int16Array, sampleRate: number): Generator<Buffer> {
  const encoder = new (mp3EncoderClass())(1, sampleRate, MP3_KBPS);
  for (let start = 0; start < pcm.length; start += LAME_CHUNK) yield toBuffer(encoder.encodeBuffer(pcm.subarray(start, start + LAME_CHUNK)));
  yield toBuffer(encoder.flush());
}

/** A copy: lamejs may hand out views of a buffer it reuses. */
function toBuffer(bytes: Int8Array): Buffer {
  return Buffer.from(bytes);
}
