/**
 * Temporary stand-ins for audio modules the `audio` branch is still building (speech, beep, WAV
 * decoding): just enough for the verbs to have audio of the right shape. Each is replaced by the
 * real module when that lands; nothing else is meant to live here.
 */
import { samplesFor, SAMPLE_RATE } from './audio/pcm';
import { resample } from './audio/resample';

function tone(hz: number, ms: number, amplitude = 0.3): Int16Array {
  const pcm = new Int16Array(samplesFor(ms));
  for (let i = 0; i < pcm.length; i++) pcm[i] = Math.round(amplitude * 32767 * Math.sin((2 * Math.PI * hz * i) / SAMPLE_RATE));
  return pcm;
}

/** Speech-shaped audio: one voiced burst per word, so its length follows the text. */
export async function speak(text: string): Promise<Int16Array> {
  const words = text.split(/\s+/).filter(Boolean);
  const parts = words.flatMap((word, i) => [tone(180 + (i % 3) * 40, 90 + 45 * Math.min(word.length, 8)), new Int16Array(samplesFor(80))]);
  const pcm = new Int16Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    pcm.set(part, offset);
    offset += part.length;
  }
  return pcm;
}

/** `<Record playBeep>`'s beep: 1 kHz for 250 ms. */
export function beep(): Int16Array {
  return tone(1000, 250);
}

/** 8 kHz mono PCM of a 16-bit PCM WAV file; throws on anything else. */
export function decodeWav(bytes: Buffer): Int16Array {
  if (bytes.toString('ascii', 0, 4) !== 'RIFF' || bytes.toString('ascii', 8, 12) !== 'WAVE') throw new Error('not a WAV file');
  let offset = 12;
  let format: { channels: number; rate: number; bits: number; code: number } | undefined;
  while (offset + 8 <= bytes.length) {
    const id = bytes.toString('ascii', offset, offset + 4);
    const size = bytes.readUInt32LE(offset + 4);
    const body = offset + 8;
    if (id === 'fmt ') format = { code: bytes.readUInt16LE(body), channels: bytes.readUInt16LE(body + 2), rate: bytes.readUInt32LE(body + 4), bits: bytes.readUInt16LE(body + 14) };
    if (id === 'data') {
      if (!format || format.code !== 1 || format.bits !== 16) throw new Error('only 16-bit PCM WAV is supported');
      const frames = Math.floor(Math.min(size, bytes.length - body) / (2 * format.channels));
      const mono = new Int16Array(frames);
      for (let i = 0; i < frames; i++) mono[i] = bytes.readInt16LE(body + i * 2 * format.channels);
      return format.rate === SAMPLE_RATE ? mono : resample(mono, format.rate, SAMPLE_RATE);
    }
    offset = body + size + (size % 2);
  }
  throw new Error('WAV file without data');
}
