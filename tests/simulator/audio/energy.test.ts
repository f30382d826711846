import { audioEnergy, toneLevel } from '../../../simulator/media/audio/energy';
import { concatPcm, silence } from '../../../simulator/media/audio/pcm';
import { beep } from '../../../simulator/media/audio/tones';

describe('audioEnergy', () => {
  it('reports level and how long there was sound', () => {
    const pcm = concatPcm(silence(500), beep(300), silence(200));
    const energy = audioEnergy(pcm);
    expect(energy.activeMs).toBe(300);
    expect(energy.rms).toBeGreaterThan(2000);
    expect(energy.dbfs).toBeCloseTo(20 * Math.log10(energy.rms / 32767), 6);
    expect(audioEnergy(silence(1000))).toEqual({ rms: 0, dbfs: -Infinity, activeMs: 0 });
    expect(audioEnergy(new Int16Array(0)).activeMs).toBe(0);
  });

  it('counts a partial last frame by its own length', () => {
    expect(audioEnergy(beep(30)).activeMs).toBe(30);
  });
});

describe('toneLevel', () => {
  it('measures the amplitude of one frequency and ignores the others', () => {
    const pcm = Int16Array.from({ length: 8000 }, (_, i) => Math.round(6000 * Math.sin((2 * Math.PI * 697 * i) / 8000) + 3000 * Math.sin((2 * Math.PI * 1477 * i) / 8000)));
    expect(toneLevel(pcm, 697)).toBeCloseTo(6000, -2);
    expect(toneLevel(pcm, 1477)).toBeCloseTo(3000, -2);
    expect(toneLevel(pcm, 1209)).toBeLessThan(60);
    expect(toneLevel(new Int16Array(0), 440)).toBe(0);
  });
});
