import { toneLevel } from '../../../simulator/media/audio/energy';
import { dbfs, rms } from '../../../simulator/media/audio/pcm';
import { beep, dtmfFrequencies, dtmfTone, holdMusic, HOLD_MUSIC_LOOP_SECONDS, ringback } from '../../../simulator/media/audio/tones';
import { ringbackTone } from '../../../simulator/media/ringback';

/** Samples of a span in seconds. */
const span = (pcm: Int16Array, fromSeconds: number, toSeconds: number) => pcm.subarray(fromSeconds * 8000, toSeconds * 8000);

/** Biggest jump between neighbouring samples: a click shows as a jump far above the tone's own. */
function largestStep(pcm: Int16Array): number {
  let largest = 0;
  for (let i = 1; i < pcm.length; i++) largest = Math.max(largest, Math.abs(pcm[i] - pcm[i - 1]));
  return largest;
}

describe('ringback', () => {
  it('rings 440 + 480 Hz for 2 s, then is silent for 4 s, and repeats', () => {
    const pcm = ringback(12);
    expect(pcm.length).toBe(96000);
    const ring = span(pcm, 0.1, 1.9);
    expect(toneLevel(ring, 440)).toBeGreaterThan(3000);
    expect(toneLevel(ring, 480)).toBeGreaterThan(3000);
    expect(toneLevel(ring, 1000)).toBeLessThan(100);
    expect(rms(span(pcm, 2.01, 5.99))).toBe(0);
    expect(toneLevel(span(pcm, 6.1, 7.9), 440)).toBeCloseTo(toneLevel(ring, 440), -2);
    expect(rms(span(pcm, 8.01, 11.99))).toBe(0);
  });

  it('follows another country\'s cadence: <Dial ringTone="uk"> rings twice per 3 s', () => {
    const cycle = ringbackTone('UK');
    expect(cycle.length).toBe(24000);
    for (const [from, to] of [
      [0.02, 0.38],
      [0.62, 0.98],
    ]) {
      expect(toneLevel(span(cycle, from, to), 400)).toBeGreaterThan(3000);
      expect(toneLevel(span(cycle, from, to), 450)).toBeGreaterThan(3000);
    }
    expect(rms(span(cycle, 0.401, 0.599))).toBe(0);
    expect(rms(span(cycle, 1.001, 2.999))).toBe(0);
    expect(ringbackTone('zz')).toEqual(ringback(6));
  });
});

describe('every tone', () => {
  it.each([
    ['a beep', beep(333)],
    ['a DTMF tone', dtmfTone('9', 55)],
  ])('%s starts and ends near zero (no click)', (_, pcm) => {
    const peak = Math.max(...pcm.map(Math.abs));
    expect(Math.abs(pcm[0])).toBeLessThan(peak * 0.05);
    expect(Math.abs(pcm[pcm.length - 1])).toBeLessThan(peak * 0.05);
  });
});

describe('beep', () => {
  it('is a 1 kHz tone of the asked length, 500 ms by default', () => {
    expect(beep().length).toBe(4000);
    const short = beep(200);
    expect(short.length).toBe(1600);
    expect(toneLevel(short, 1000)).toBeGreaterThan(8000);
    expect(toneLevel(short, 800)).toBeLessThan(toneLevel(short, 1000) / 10);
  });
});

describe('dtmfTone', () => {
  const keypad: Array<[string, number, number]> = [
    ['1', 697, 1209],
    ['2', 697, 1336],
    ['3', 697, 1477],
    ['A', 697, 1633],
    ['4', 770, 1209],
    ['5', 770, 1336],
    ['6', 770, 1477],
    ['B', 770, 1633],
    ['7', 852, 1209],
    ['8', 852, 1336],
    ['9', 852, 1477],
    ['C', 852, 1633],
    ['*', 941, 1209],
    ['0', 941, 1336],
    ['#', 941, 1477],
    ['D', 941, 1633],
  ];

  it.each(keypad)('key %s sounds %i Hz + %i Hz and no other key frequency', (digit, row, column) => {
    expect(dtmfFrequencies(digit)).toEqual([row, column]);
    const tone = dtmfTone(digit, 200);
    expect(tone.length).toBe(1600);
    const levels = [697, 770, 852, 941, 1209, 1336, 1477, 1633].map((hz) => [hz, toneLevel(tone, hz)] as const);
    const strong = levels.filter(([, level]) => level > 3000).map(([hz]) => hz);
    expect(strong).toEqual([row, column]);
  });

  it('takes lower-case letters, refuses anything else', () => {
    expect(dtmfFrequencies('d')).toEqual([941, 1633]);
    for (const bad of ['', 'E', '12', 'w', ' ']) expect(() => dtmfTone(bad)).toThrow(/not a DTMF digit/);
  });
});

describe('holdMusic', () => {
  it('is music: audible, never clipping, with changing pitch', () => {
    const music = holdMusic(8);
    expect(music.length).toBe(64000);
    expect(dbfs(music)).toBeGreaterThan(-30);
    expect(dbfs(music)).toBeLessThan(-10);
    expect(Math.max(...music.map(Math.abs))).toBeLessThan(32000);
    // The arpeggio's first notes over C major: C5 (523 Hz) then E5 (659 Hz), an eighth note (250 ms) each.
    expect(toneLevel(span(music, 0.05, 0.2), 523.25)).toBeGreaterThan(toneLevel(span(music, 0.05, 0.2), 659.26));
    expect(toneLevel(span(music, 0.3, 0.45), 659.26)).toBeGreaterThan(toneLevel(span(music, 0.3, 0.45), 523.25));
  });

  it(`repeats every ${HOLD_MUSIC_LOOP_SECONDS} s and loops without a click`, () => {
    const music = holdMusic(2 * HOLD_MUSIC_LOOP_SECONDS);
    const loop = HOLD_MUSIC_LOOP_SECONDS * 8000;
    expect(Array.from(music.subarray(loop))).toEqual(Array.from(music.subarray(0, loop)));
    const seam = music.subarray(loop - 80, loop + 80);
    expect(largestStep(seam)).toBeLessThanOrEqual(largestStep(music.subarray(0, loop)));
    expect(Math.abs(music[loop]) + Math.abs(music[loop - 1])).toBeLessThan(200);
  });

  it('gives any length, including a partial loop', () => {
    expect(holdMusic(3.5).length).toBe(28000);
    expect(Array.from(holdMusic(3.5))).toEqual(Array.from(holdMusic(8).subarray(0, 28000)));
  });
});
