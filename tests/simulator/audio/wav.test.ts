import fc from 'fast-check';
import { AudioFormatError } from '../../../simulator/media/audio/audio-error';
import { dbfs } from '../../../simulator/media/audio/pcm';
import { decodeWav, encodeWav } from '../../../simulator/media/audio/wav';
import { checkProperty } from '../../support/property';

interface WavSpec {
  format: number;
  channels: number;
  rate: number;
  bits: number;
  data: Buffer;
  /** Writes WAVE_FORMAT_EXTENSIBLE with `format` as its sub-format. */
  extensible?: boolean;
  /** Extra chunk before fmt, as editors write ("LIST" with an odd length exercises padding). */
  leadingChunk?: boolean;
}

/** A WAV file written field by field, independently of encodeWav. */
function wavFile({ format, channels, rate, bits, data, extensible, leadingChunk }: WavSpec): Buffer {
  const fmt = Buffer.alloc(extensible ? 40 : 16);
  fmt.writeUInt16LE(extensible ? 0xfffe : format, 0);
  fmt.writeUInt16LE(channels, 2);
  fmt.writeUInt32LE(rate, 4);
  fmt.writeUInt32LE((rate * channels * bits) / 8, 8);
  fmt.writeUInt16LE((channels * bits) / 8, 12);
  fmt.writeUInt16LE(bits, 14);
  if (extensible) {
    fmt.writeUInt16LE(22, 16);
    fmt.writeUInt16LE(format, 24);
  }
  const chunk = (id: string, body: Buffer) => {
    const header = Buffer.alloc(8);
    header.write(id, 0, 'latin1');
    header.writeUInt32LE(body.length, 4);
    return Buffer.concat([header, body, Buffer.alloc(body.length % 2)]);
  };
  const chunks = [...(leadingChunk ? [chunk('LIST', Buffer.from('INFOabc'))] : []), chunk('fmt ', fmt), chunk('data', data)];
  const body = Buffer.concat([Buffer.from('WAVE'), ...chunks]);
  const riff = Buffer.alloc(8);
  riff.write('RIFF', 0, 'latin1');
  riff.writeUInt32LE(body.length, 4);
  return Buffer.concat([riff, body]);
}

/** `count` frames of a 500 Hz sine at amplitude 0.5 in each of `channels`, through `write(value, index)`. */
function sineData(count: number, channels: number, rate: number, bytesPerSample: number, write: (data: Buffer, value: number, offset: number) => void): Buffer {
  const data = Buffer.alloc(count * channels * bytesPerSample);
  for (let i = 0; i < count; i++) {
    const value = 0.5 * Math.sin((2 * Math.PI * 500 * i) / rate);
    for (let c = 0; c < channels; c++) write(data, value, (i * channels + c) * bytesPerSample);
  }
  return data;
}

const SINE_DBFS = 20 * Math.log10(0.5 / Math.SQRT2);

describe('encodeWav', () => {
  it('writes a 44-byte RIFF PCM16 mono header and the samples', () => {
    const wav = encodeWav(Int16Array.of(1, -2, 32767), 16000);
    expect(wav.length).toBe(50);
    expect(wav.toString('latin1', 0, 4)).toBe('RIFF');
    expect(wav.readUInt32LE(4)).toBe(42);
    expect(wav.toString('latin1', 8, 16)).toBe('WAVEfmt ');
    expect([wav.readUInt16LE(20), wav.readUInt16LE(22), wav.readUInt32LE(24), wav.readUInt32LE(28), wav.readUInt16LE(32), wav.readUInt16LE(34)]).toEqual([1, 1, 16000, 32000, 2, 16]);
    expect(wav.toString('latin1', 36, 40)).toBe('data');
    expect(wav.readUInt32LE(40)).toBe(6);
    expect([wav.readInt16LE(44), wav.readInt16LE(46), wav.readInt16LE(48)]).toEqual([1, -2, 32767]);
  });

  it('round-trips through decodeWav at 8 kHz exactly', () => {
    const pcm = Int16Array.from({ length: 1234 }, (_, i) => ((i * 7919) % 65536) - 32768);
    expect(Array.from(decodeWav(encodeWav(pcm)))).toEqual(Array.from(pcm));
  });
});

describe('decodeWav', () => {
  const cases: Array<[string, Omit<WavSpec, 'data'>, number, (data: Buffer, value: number, offset: number) => void]> = [
    ['16-bit stereo at 16 kHz', { format: 1, channels: 2, rate: 16000, bits: 16 }, 2, (d, v, o) => d.writeInt16LE(Math.round(v * 32767), o)],
    ['8-bit unsigned mono at 22.05 kHz', { format: 1, channels: 1, rate: 22050, bits: 8 }, 1, (d, v, o) => d.writeUInt8(Math.round(v * 127 + 128), o)],
    ['24-bit mono at 48 kHz', { format: 1, channels: 1, rate: 48000, bits: 24 }, 3, (d, v, o) => d.writeIntLE(Math.round(v * 8388607), o, 3)],
    ['32-bit int 6 channels at 44.1 kHz', { format: 1, channels: 6, rate: 44100, bits: 32 }, 4, (d, v, o) => d.writeInt32LE(Math.round(v * 2147483647), o)],
    ['32-bit float stereo at 32 kHz', { format: 3, channels: 2, rate: 32000, bits: 32 }, 4, (d, v, o) => d.writeFloatLE(v, o)],
    ['extensible float at 11.025 kHz', { format: 3, channels: 1, rate: 11025, bits: 32, extensible: true }, 4, (d, v, o) => d.writeFloatLE(v, o)],
    ['with a LIST chunk of odd length before fmt', { format: 1, channels: 1, rate: 8000, bits: 16, leadingChunk: true }, 2, (d, v, o) => d.writeInt16LE(Math.round(v * 32767), o)],
  ];

  it.each(cases)('reads %s as 8 kHz mono of the same length and level', (_, spec, bytes, write) => {
    const seconds = 0.5;
    const pcm = decodeWav(wavFile({ ...spec, data: sineData(Math.round(spec.rate * seconds), spec.channels, spec.rate, bytes, write) }));
    expect(pcm.length).toBe(4000);
    expect(dbfs(pcm)).toBeCloseTo(SINE_DBFS, 0);
  });

  it('averages channels to mono (opposite channels cancel)', () => {
    const data = Buffer.alloc(8 * 4);
    for (let i = 0; i < 8; i++) {
      data.writeInt16LE(1000, i * 4);
      data.writeInt16LE(i % 2 ? -1000 : 3000, i * 4 + 2);
    }
    expect(Array.from(decodeWav(wavFile({ format: 1, channels: 2, rate: 8000, bits: 16, data })))).toEqual([2000, 0, 2000, 0, 2000, 0, 2000, 0]);
  });

  it('reads µ-law and A-law by the G.711 tables', () => {
    expect(Array.from(decodeWav(wavFile({ format: 7, channels: 1, rate: 8000, bits: 8, data: Buffer.from([0xff, 0x80, 0x00, 0x7e]) })))).toEqual([0, 32124, -32124, -8]);
    expect(Array.from(decodeWav(wavFile({ format: 6, channels: 1, rate: 8000, bits: 8, data: Buffer.from([0xd5, 0xaa, 0x2a]) })))).toEqual([8, 32256, -32256]);
  });

  it('drops a trailing partial frame and reads to the end when a streaming writer left the size unknown', () => {
    const wav = wavFile({ format: 1, channels: 1, rate: 8000, bits: 16, data: Buffer.from([1, 0, 2, 0, 3]) });
    expect(Array.from(decodeWav(wav))).toEqual([1, 2]);
    wav.writeUInt32LE(0xffffffff, 40); // the pad byte now completes the third sample
    expect(Array.from(decodeWav(wav))).toEqual([1, 2, 3]);
  });

  const pcm16 = { format: 1, channels: 1, rate: 8000, bits: 16, data: Buffer.alloc(16) };
  it.each([
    ['an empty buffer', Buffer.alloc(0), /not a WAV file/],
    ['an MP3', Buffer.from('ID3\x04\x00\x00\x00\x00\x00\x00', 'latin1'), /not a WAV file/],
    ['ADPCM', wavFile({ ...pcm16, format: 2, bits: 4 }), /format 2 is not supported/],
    ['12-bit PCM', wavFile({ ...pcm16, bits: 12 }), /12-bit samples/],
    ['no channels', wavFile({ ...pcm16, channels: 0 }), /no channels/],
    ['a rate of 0', wavFile({ ...pcm16, rate: 0 }), /sample rate 0 Hz/],
    [
      'a wrong block align',
      (() => {
        const w = wavFile(pcm16);
        w.writeUInt16LE(4, 32);
        return w;
      })(),
      /block align 4/,
    ],
    ['truncated data', wavFile(pcm16).subarray(0, 50), /truncated: 6 of 16 bytes/],
    ['a truncated fmt chunk', wavFile(pcm16).subarray(0, 30), /fmt chunk is truncated/],
    ['no data chunk', wavFile(pcm16).subarray(0, 36), /no data chunk/],
  ])('refuses %s with a clear AudioFormatError', (_, wav, message) => {
    expect(() => decodeWav(wav)).toThrow(AudioFormatError);
    expect(() => decodeWav(wav)).toThrow(message);
  });

  it('never fails with anything but AudioFormatError on junk or damaged files', async () => {
    const valid = wavFile({ format: 1, channels: 2, rate: 44100, bits: 16, data: Buffer.alloc(400) });
    const outcomes = { decoded: 0, refused: 0, crashed: [] as unknown[] };
    const attempt = (wav: Buffer) => {
      try {
        decodeWav(wav);
        outcomes.decoded++;
      } catch (error) {
        if (error instanceof AudioFormatError) outcomes.refused++;
        else outcomes.crashed.push(error);
      }
    };
    await checkProperty(
      'random bytes as WAV',
      fc.asyncProperty(fc.uint8Array({ maxLength: 200 }), (bytes) => Promise.resolve(attempt(Buffer.from(bytes)))),
      { numRuns: 300 },
    );
    const damage = fc.array(fc.tuple(fc.nat(valid.length - 1), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 6 });
    await checkProperty(
      'damaged WAV',
      fc.asyncProperty(damage, fc.nat(valid.length), (edits, cut) => {
        const wav = Buffer.from(valid.subarray(0, Math.max(cut, 12)));
        for (const [offset, value] of edits) if (offset >= 12 && offset < wav.length) wav[offset] = value;
        return Promise.resolve(attempt(wav));
      }),
      { numRuns: 500 },
    );
    expect(outcomes.crashed).toEqual([]);
    expect(outcomes.decoded).toBeGreaterThan(0);
    expect(outcomes.refused).toBeGreaterThan(0);
  });
});
