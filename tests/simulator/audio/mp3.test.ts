import fc from 'fast-check';
import { AudioFormatError } from '../../../simulator/media/audio/audio-error';
import { decodeMp3, encodeMp3, encodeMp3Async } from '../../../simulator/media/audio/mp3';
import { dbfs, durationMs, rms } from '../../../simulator/media/audio/pcm';

/** `seconds` of a 440 Hz tone at a quarter of full scale. */
function tone(seconds: number, rate = 8000): Int16Array {
  return Int16Array.from({ length: rate * seconds }, (_, i) => Math.round(8192 * Math.sin((2 * Math.PI * 440 * i) / rate)));
}

/** Sign changes per second: twice the frequency of a pure tone. */
function zeroCrossingsPerSecond(pcm: Int16Array): number {
  let crossings = 0;
  for (let i = 1; i < pcm.length; i++) if (pcm[i - 1] < 0 !== pcm[i] < 0) crossings++;
  return (crossings * 8000) / pcm.length;
}

describe('MP3', () => {
  it('encodes 8 kHz mono as MPEG-2.5 Layer III frames at 32 kbit/s', () => {
    const mp3 = encodeMp3(tone(2));
    // Frame sync 0xFFE, version 2.5 (00), layer III (01), no CRC: 0xFF 0xE3; bit-rate index 4 = 32 kbit/s, 8 kHz (index 2).
    expect([mp3[0], mp3[1], mp3[2] >> 4, (mp3[2] >> 2) & 3]).toEqual([0xff, 0xe3, 4, 2]);
    // 32 kbit/s for 2 s is 8,000 bytes, plus the encoder's delay and the final partial frame.
    expect(mp3.length).toBeGreaterThanOrEqual(8000);
    expect(mp3.length).toBeLessThan(8000 + 4 * 288);
  });

  it('round-trips a tone keeping its energy and its length (within the codec delay)', async () => {
    const pcm = tone(2);
    const decoded = await decodeMp3(encodeMp3(pcm));
    // MP3 adds the encoder's and decoder's delay (~1,100 samples) and pads the last frame: never shorter, < 200 ms longer.
    const extraMs = durationMs(decoded) - durationMs(pcm);
    expect(extraMs).toBeGreaterThanOrEqual(0);
    expect(extraMs).toBeLessThan(200);
    const body = decoded.subarray(2000, 14000); // well inside the tone, past the leading delay
    expect(dbfs(body)).toBeCloseTo(dbfs(pcm), 0);
  });

  it('decodes an MP3 at 16 kHz to 8 kHz, keeping pitch and duration', async () => {
    const decoded = await decodeMp3(encodeMp3(tone(1, 16000), 16000));
    const extraMs = durationMs(decoded) - 1000;
    expect(extraMs).toBeGreaterThanOrEqual(0);
    expect(extraMs).toBeLessThan(200);
    expect(zeroCrossingsPerSecond(decoded.subarray(2000, 7000))).toBeCloseTo(880, -1);
  });

  it('gives silence for silence, and only the codec delay for nothing', async () => {
    const quiet = await decodeMp3(encodeMp3(new Int16Array(8000)));
    expect(rms(quiet)).toBeLessThan(10);
    const empty = await decodeMp3(encodeMp3(new Int16Array(0)));
    expect(durationMs(empty)).toBeLessThan(200);
    expect(rms(empty)).toBeLessThan(10);
  });

  it('encodes the same bytes in slices, leaving the event loop free between them', async () => {
    const pcm = tone(2);
    let turns = 0;
    const ticker = setInterval(() => turns++, 0);
    const sliced = await encodeMp3Async(pcm);
    clearInterval(ticker);
    expect(sliced.equals(encodeMp3(pcm))).toBe(true);
    expect(turns).toBeGreaterThan(3);
  });

  it('refuses junk with an AudioFormatError, never anything else', async () => {
    const outcomes = { refused: 0, decoded: 0, crashed: [] as unknown[] };
    const samples = [
      Buffer.alloc(0),
      Buffer.from('<html><body>Not found</body></html>'),
      Buffer.from('RIFF....WAVEfmt '),
      ...fc.sample(fc.uint8Array({ minLength: 1, maxLength: 3000 }), { numRuns: 30, seed: 12 }).map((b) => Buffer.from(b)),
    ];
    for (const junk of samples) {
      try {
        await decodeMp3(junk);
        outcomes.decoded++;
      } catch (error) {
        if (error instanceof AudioFormatError) outcomes.refused++;
        else outcomes.crashed.push(error);
      }
    }
    expect(outcomes.crashed).toEqual([]);
    expect(outcomes.refused).toBe(samples.length);
  });
});
