import { SOUND_NAMES } from '../../src/client/line/sounds';
import { SAMPLE_RATE, soundFiles, synthesize, SOUND_SEGMENTS } from '../../build/sounds';

/** Power of one frequency in a block of samples (Goertzel). */
function power(samples: Int16Array, hz: number, from = 0, count = samples.length): number {
  const k = 2 * Math.cos((2 * Math.PI * hz) / SAMPLE_RATE);
  let s1 = 0;
  let s2 = 0;
  for (let i = from; i < from + count; i++) {
    const s = samples[i] / 32768 + k * s1 - s2;
    s2 = s1;
    s1 = s;
  }
  return (s1 * s1 + s2 * s2 - k * s1 * s2) / count;
}

const DTMF_ROWS = [697, 770, 852, 941];
const DTMF_COLS = [1209, 1336, 1477];
const EXPECTED: Record<string, [number, number]> = { dtmf1: [697, 1209], dtmf5: [770, 1336], dtmf9: [852, 1477], dtmf0: [941, 1336], dtmfs: [941, 1209], dtmfh: [941, 1477] };

describe('generated sounds', () => {
  it('makes a valid WAV for each of the 15 SDK sounds', () => {
    const files = soundFiles();
    expect([...files.keys()]).toEqual([...SOUND_NAMES]);
    for (const data of files.values()) {
      expect(data.toString('ascii', 0, 4)).toBe('RIFF');
      expect(data.toString('ascii', 8, 16)).toBe('WAVEfmt ');
      expect(data.readUInt32LE(24)).toBe(SAMPLE_RATE);
      expect(data.readUInt32LE(40)).toBe(data.length - 44);
      expect(data.length).toBeGreaterThan(1000);
    }
  });

  it.each(Object.entries(EXPECTED))('%s is the standard DTMF pair', (name, [row, col]) => {
    const samples = synthesize(SOUND_SEGMENTS[name as keyof typeof SOUND_SEGMENTS]);
    const tone = Math.round(0.15 * SAMPLE_RATE);
    const strongest = (candidates: number[]) => candidates.reduce((a, b) => (power(samples, a, 0, tone) > power(samples, b, 0, tone) ? a : b));
    expect(strongest(DTMF_ROWS)).toBe(row);
    expect(strongest(DTMF_COLS)).toBe(col);
    expect(power(samples, row, 0, tone)).toBeGreaterThan(
      100 *
        power(
          samples,
          DTMF_ROWS.find((f) => f !== row)!,
          0,
          tone,
        ),
    );
  });

  it('rings in bursts with silence between them', () => {
    const samples = synthesize(SOUND_SEGMENTS.incoming);
    const block = (ms: number) => power(samples, 440, Math.round((ms / 1000) * SAMPLE_RATE), 400);
    expect(block(100)).toBeGreaterThan(0.01);
    expect(block(450)).toBe(0);
    expect(block(700)).toBeGreaterThan(0.01);
    expect(block(2000)).toBe(0);
  });
});
