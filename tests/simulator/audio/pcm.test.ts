import { clampToInt16, concatPcm, dbfs, durationMs, FRAME_SAMPLES, floatToInt16, mixPcm, rms, SAMPLE_RATE, silence, splitFrames } from '../../../simulator/media/audio/pcm';

describe('pcm', () => {
  it('works at 8 kHz in 20 ms frames', () => {
    expect(SAMPLE_RATE).toBe(8000);
    expect(FRAME_SAMPLES).toBe(160);
    expect(durationMs(8000)).toBe(1000);
  });

  it('splits into 20 ms frames, padding the last with silence', () => {
    const pcm = Int16Array.from({ length: 2 * FRAME_SAMPLES + 10 }, (_, i) => i + 1);
    const frames = splitFrames(pcm);
    expect(frames.map((f) => f.length)).toEqual([160, 160, 160]);
    expect(frames[1][0]).toBe(161);
    expect(frames[2][9]).toBe(330);
    expect(Array.from(frames[2].subarray(10)).every((s) => s === 0)).toBe(true);
    expect(splitFrames(new Int16Array(0))).toEqual([]);
  });

  it('joins buffers in order', () => {
    expect(Array.from(concatPcm(Int16Array.of(1, 2), new Int16Array(0), Int16Array.of(3)))).toEqual([1, 2, 3]);
  });

  it('mixes buffers by adding them, as long as the longest, clipping at full scale', () => {
    expect(Array.from(mixPcm(Int16Array.of(100, -200, 30000), Int16Array.of(1, 2, 30000, 7), Int16Array.of(-5)))).toEqual([96, -198, 32767, 7]);
    expect(Array.from(mixPcm(Int16Array.of(-30000), Int16Array.of(-30000)))).toEqual([-32768]);
    expect(mixPcm().length).toBe(0);
  });

  it('makes silence of the asked length', () => {
    const quiet = silence(250);
    expect(quiet.length).toBe(2000);
    expect(rms(quiet)).toBe(0);
    expect(dbfs(quiet)).toBe(-Infinity);
  });

  it('measures level: a full-scale square wave is 0 dBFS, a sine about -3 dBFS', () => {
    const square = Int16Array.from({ length: 800 }, (_, i) => (i % 2 ? 32767 : -32767));
    expect(rms(square)).toBeCloseTo(32767, 0);
    expect(dbfs(square)).toBeCloseTo(0, 3);
    const sine = Int16Array.from({ length: 8000 }, (_, i) => Math.round(16384 * Math.sin((2 * Math.PI * 1000 * i) / 8000)));
    expect(rms(sine)).toBeCloseTo(16384 / Math.SQRT2, -1);
    expect(dbfs(sine)).toBeCloseTo(-9.03, 1);
    expect(rms(new Int16Array(0))).toBe(0);
  });

  it('converts floats to 16-bit samples, clipping and ignoring NaN', () => {
    expect([0.5, -1, 1.5, -2, Number.NaN].map(floatToInt16)).toEqual([16384, -32768, 32767, -32768, 0]);
    expect([1.4, 1.6, -1.4, -1.6, 40000, -40000].map(clampToInt16)).toEqual([1, 2, -1, -2, 32767, -32768]);
  });
});
