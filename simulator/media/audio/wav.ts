/**
 * WAV files: what `<Play>` fetches and what the REST API serves for a recording. Decoding accepts
 * the formats people actually put on a web server (PCM 8/16/24/32-bit, float, µ-law, A-law, any
 * rate and channel count) and brings them to 8 kHz mono; anything else is an AudioFormatError.
 */
import { AudioFormatError } from './audio-error';
import { decodeAlaw, decodeMulaw } from './g711';
import { SAMPLE_RATE } from './pcm';
import { resample } from './resample';

const FORMAT_PCM = 1;
const FORMAT_FLOAT = 3;
const FORMAT_ALAW = 6;
const FORMAT_MULAW = 7;
const FORMAT_EXTENSIBLE = 0xfffe;
/** Size of the RIFF, fmt and data headers of a plain PCM file. */
const HEADER_BYTES = 44;
/** Sample rates accepted (telephone to studio); outside them a file is junk, not audio. */
const MIN_RATE = 1000;
const MAX_RATE = 768000;
/** Streaming writers put this in the data size when they do not know the length yet. */
const UNKNOWN_SIZE = 0xffffffff;

/** Writes 16-bit PCM (interleaved when it has several channels) as a RIFF WAVE file. */
export function encodeWav(pcm: Int16Array, sampleRate = SAMPLE_RATE, channels = 1): Buffer {
  const dataBytes = pcm.length * 2;
  const out = Buffer.alloc(HEADER_BYTES + dataBytes);
  out.write('RIFF', 0, 'ascii');
  out.writeUInt32LE(HEADER_BYTES - 8 + dataBytes, 4);
  out.write('WAVEfmt ', 8, 'ascii');
  out.writeUInt32LE(16, 16);
  out.writeUInt16LE(FORMAT_PCM, 20);
  out.writeUInt16LE(channels, 22);
  out.writeUInt32LE(sampleRate, 24);
  out.writeUInt32LE(sampleRate * 2 * channels, 28); // bytes per second
  out.writeUInt16LE(2 * channels, 32); // block align
  out.writeUInt16LE(16, 34); // bits per sample
  out.write('data', 36, 'ascii');
  out.writeUInt32LE(dataBytes, 40);
  for (let i = 0; i < pcm.length; i++) out.writeInt16LE(pcm[i], HEADER_BYTES + i * 2);
  return out;
}

/** What the fmt chunk says. */
interface WavFormat {
  format: number;
  channels: number;
  sampleRate: number;
  blockAlign: number;
  bitsPerSample: number;
}

/** Reads a WAV file as 8 kHz mono 16-bit PCM, averaging channels and resampling as needed. */
export function decodeWav(buf: Buffer): Int16Array {
  const { data, format } = wavData(buf);
  return toMono8k(data, format);
}

/** Reads a WAV file as 8 kHz 16-bit PCM, one buffer per channel (a dual-channel recording's parties apart). */
export function decodeWavChannels(buf: Buffer): Int16Array[] {
  const { data, format } = wavData(buf);
  const frames = (data.length / format.blockAlign) | 0;
  const read = sampleReader(data, format.format, format.bitsPerSample);
  return Array.from({ length: format.channels }, (_, channel) => {
    const samples = new Float32Array(frames);
    for (let frame = 0; frame < frames; frame++) samples[frame] = read(frame * format.blockAlign + (channel * format.bitsPerSample) / 8);
    return resample(samples, format.sampleRate, SAMPLE_RATE);
  });
}

/** The data chunk of a WAV file and the format its fmt chunk gives it. */
function wavData(buf: Buffer): { data: Buffer; format: WavFormat } {
  if (buf.length < 12 || buf.toString('latin1', 0, 4) !== 'RIFF' || buf.toString('latin1', 8, 12) !== 'WAVE') {
    throw new AudioFormatError('not a WAV file (no RIFF/WAVE header)');
  }
  let format: WavFormat | undefined;
  for (let offset = 12; offset + 8 <= buf.length;) {
    const id = buf.toString('latin1', offset, offset + 4);
    const declared = buf.readUInt32LE(offset + 4);
    const body = offset + 8;
    if (id === 'fmt ') format = readFormat(buf.subarray(body, body + declared));
    else if (id === 'data') {
      if (!format) throw new AudioFormatError('WAV data comes before its fmt chunk');
      const end = declared === UNKNOWN_SIZE ? buf.length : body + declared;
      if (end > buf.length) throw new AudioFormatError(`WAV data is truncated: ${buf.length - body} of ${declared} bytes present`);
      return { data: buf.subarray(body, end), format };
    }
    offset = body + declared + (declared % 2); // chunks are padded to an even length
  }
  throw new AudioFormatError(format ? 'WAV file has no data chunk' : 'WAV file has no fmt chunk');
}

function readFormat(chunk: Buffer): WavFormat {
  if (chunk.length < 16) throw new AudioFormatError('WAV fmt chunk is truncated');
  let format = chunk.readUInt16LE(0);
  // WAVE_FORMAT_EXTENSIBLE keeps the real format in the first two bytes of its sub-format GUID.
  if (format === FORMAT_EXTENSIBLE) {
    if (chunk.length < 26) throw new AudioFormatError('WAV extensible fmt chunk is truncated');
    format = chunk.readUInt16LE(24);
  }
  const parsed = {
    format,
    channels: chunk.readUInt16LE(2),
    sampleRate: chunk.readUInt32LE(4),
    blockAlign: chunk.readUInt16LE(12),
    bitsPerSample: chunk.readUInt16LE(14),
  };
  checkFormat(parsed);
  return parsed;
}

/** Sample widths each format supports, in bits. */
const SUPPORTED_BITS: Record<number, number[]> = {
  [FORMAT_PCM]: [8, 16, 24, 32],
  [FORMAT_FLOAT]: [32, 64],
  [FORMAT_ALAW]: [8],
  [FORMAT_MULAW]: [8],
};

function checkFormat({ format, channels, sampleRate, blockAlign, bitsPerSample }: WavFormat): void {
  const bits = SUPPORTED_BITS[format];
  if (!bits) throw new AudioFormatError(`WAV audio format ${format} is not supported (PCM, float, µ-law or A-law only)`);
  if (!bits.includes(bitsPerSample)) throw new AudioFormatError(`WAV format ${format} with ${bitsPerSample}-bit samples is not supported`);
  if (channels === 0) throw new AudioFormatError('WAV file declares no channels');
  if (sampleRate < MIN_RATE || sampleRate > MAX_RATE) throw new AudioFormatError(`WAV sample rate ${sampleRate} Hz is out of range (${MIN_RATE}–${MAX_RATE})`);
  if (blockAlign !== (channels * bitsPerSample) / 8) {
    throw new AudioFormatError(`WAV block align ${blockAlign} does not match ${channels} channel(s) of ${bitsPerSample} bits`);
  }
}

/** Decodes interleaved frames, averages channels and resamples to 8 kHz. A trailing partial frame is dropped. */
function toMono8k(data: Buffer, { format, channels, sampleRate, blockAlign, bitsPerSample }: WavFormat): Int16Array {
  const frames = (data.length / blockAlign) | 0;
  const read = sampleReader(data, format, bitsPerSample);
  const bytesPerSample = bitsPerSample / 8;
  const mono = new Float32Array(frames);
  for (let frame = 0; frame < frames; frame++) {
    let sum = 0;
    for (let channel = 0; channel < channels; channel++) sum += read(frame * blockAlign + channel * bytesPerSample);
    mono[frame] = sum / channels;
  }
  return resample(mono, sampleRate, SAMPLE_RATE);
}

/** A function reading one sample at a byte offset as a float in -1 … 1. */
function sampleReader(data: Buffer, format: number, bits: number): (offset: number) => number {
  if (format === FORMAT_MULAW || format === FORMAT_ALAW) {
    const decoded = format === FORMAT_MULAW ? decodeMulaw(data) : decodeAlaw(data);
    return (offset) => decoded[offset] / 32768;
  }
  if (format === FORMAT_FLOAT) return bits === 32 ? (offset) => data.readFloatLE(offset) : (offset) => data.readDoubleLE(offset);
  switch (bits) {
    case 8:
      return (offset) => (data[offset] - 128) / 128; // 8-bit WAV is unsigned
    case 16:
      return (offset) => data.readInt16LE(offset) / 32768;
    case 24:
      return (offset) => data.readIntLE(offset, 3) / 8388608;
    default:
      return (offset) => data.readInt32LE(offset) / 2147483648;
  }
}
