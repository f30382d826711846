import vm from 'node:vm';
import { dbfs } from '../../../simulator/media/audio/pcm';
import { resample } from '../../../simulator/media/audio/resample';

/** `seconds` of a sine at `hz`, sampled at `rate`, as floats of amplitude 0.5. */
function sineFloats(hz: number, rate: number, seconds: number): Float32Array {
  return Float32Array.from({ length: Math.round(rate * seconds) }, (_, i) => 0.5 * Math.sin((2 * Math.PI * hz * i) / rate));
}

/** Sign changes per second: twice the frequency of a pure tone. */
function zeroCrossingsPerSecond(pcm: Int16Array, rate: number): number {
  let crossings = 0;
  for (let i = 1; i < pcm.length; i++) if (pcm[i - 1] < 0 !== pcm[i] < 0) crossings++;
  return (crossings * rate) / pcm.length;
}

describe('resample', () => {
  it('downsamples 44.1 kHz to 8 kHz keeping a 1 kHz tone, its level and the duration', () => {
    const out = resample(sineFloats(1000, 44100, 1), 44100, 8000);
    expect(out.length).toBe(8000);
    expect(zeroCrossingsPerSecond(out, 8000)).toBeCloseTo(2000, -1);
    expect(dbfs(out)).toBeCloseTo(20 * Math.log10(((0.5 / Math.SQRT2) * 32768) / 32767), 0);
  });

  it('removes what the new rate cannot carry instead of folding it back (5 kHz at 8 kHz)', () => {
    const tone = sineFloats(5000, 44100, 1);
    const out = resample(tone, 44100, 8000);
    expect(dbfs(out)).toBeLessThan(-9 - 30);
  });

  it('upsamples by linear interpolation', () => {
    expect(Array.from(resample(Int16Array.of(0, 100, 200, -200), 8000, 16000))).toEqual([0, 50, 100, 150, 200, 0, -200, -200]);
  });

  it('passes 16-bit audio at the same rate through unchanged and scales floats', () => {
    expect(Array.from(resample(Int16Array.of(1, -2, 3), 8000, 8000))).toEqual([1, -2, 3]);
    expect(Array.from(resample(Float32Array.of(0.25, -1, 2), 8000, 8000))).toEqual([8192, -32768, 32767]);
  });

  it('reads 16-bit arrays from another realm (a worker, a sandbox) as 16-bit', () => {
    const foreign = vm.runInNewContext('new Int16Array([1000, -2000, 3000])') as Int16Array;
    expect(Array.from(resample(foreign, 8000, 8000))).toEqual([1000, -2000, 3000]);
  });

  it('handles empty input and refuses nonsense rates', () => {
    expect(resample(new Int16Array(0), 44100, 8000).length).toBe(0);
    expect(() => resample(new Int16Array(4), 0, 8000)).toThrow(RangeError);
    expect(() => resample(new Int16Array(4), 8000, Number.NaN)).toThrow(RangeError);
  });

  it('converts a minute of 48 kHz audio into a minute at 8 kHz', () => {
    const period = sineFloats(400, 48000, 120 / 48000);
    const minute = new Float32Array(48000 * 60);
    for (let offset = 0; offset < minute.length; offset += period.length) minute.set(period, offset);
    const out = resample(minute, 48000, 8000);
    expect(out.length).toBe(480000);
  });
});
