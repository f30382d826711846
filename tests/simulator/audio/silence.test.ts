import { concatPcm, silence } from '../../../simulator/media/audio/pcm';
import { isSilentFrame, SILENCE_DBFS, SilenceTimer, trimSilence } from '../../../simulator/media/audio/silence';
import { beep } from '../../../simulator/media/audio/tones';

/** A 20 ms frame of a 300 Hz sine at `level` dBFS (RMS). */
function frameAt(level: number): Int16Array {
  const amplitude = 32767 * 10 ** (level / 20) * Math.SQRT2;
  return Int16Array.from({ length: 160 }, (_, i) => Math.round(amplitude * Math.sin((2 * Math.PI * 300 * i) / 8000)));
}

/** Low-level noise: ±`peak` pseudo-random samples. */
function noise(ms: number, peak: number): Int16Array {
  let seed = 7;
  return Int16Array.from({ length: ms * 8 }, () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return (seed % (2 * peak + 1)) - peak;
  });
}

describe('silence threshold', () => {
  it(`is ${SILENCE_DBFS} dBFS: quieter frames are silent, louder ones are not`, () => {
    expect(SILENCE_DBFS).toBe(-45);
    expect(isSilentFrame(new Int16Array(160))).toBe(true);
    expect(isSilentFrame(frameAt(-46))).toBe(true);
    expect(isSilentFrame(frameAt(-44))).toBe(false);
    expect(isSilentFrame(frameAt(-20))).toBe(false);
    expect(isSilentFrame(noise(20, 40))).toBe(true); // a quiet room after noise suppression
  });

  it('counts a beep frame as sound', () => {
    expect(isSilentFrame(beep(20))).toBe(false);
  });
});

describe('trimSilence', () => {
  it('removes leading and trailing silence at frame boundaries, keeping inner pauses', () => {
    const speech = concatPcm(beep(300), silence(400), beep(200));
    const trimmed = trimSilence(concatPcm(silence(1000), speech, noise(600, 30)));
    expect(trimmed.length).toBe(speech.length);
    expect(Array.from(trimmed)).toEqual(Array.from(speech));
  });

  it('gives nothing for all silence and leaves unpadded sound alone', () => {
    expect(trimSilence(silence(2000)).length).toBe(0);
    expect(trimSilence(new Int16Array(0)).length).toBe(0);
    expect(trimSilence(beep(105)).length).toBe(840);
  });
});

describe('SilenceTimer', () => {
  it('expires after the timeout of continuous silence, and a sound starts the count over', () => {
    const timer = new SilenceTimer(1);
    const outcomes: boolean[] = [];
    for (let i = 0; i < 40; i++) outcomes.push(timer.feed(new Int16Array(160))); // 800 ms
    outcomes.push(timer.feed(frameAt(-20)));
    for (let i = 0; i < 50; i++) outcomes.push(timer.feed(new Int16Array(160))); // 1 s
    expect(outcomes.indexOf(true)).toBe(40 + 1 + 49);
    expect(outcomes.filter(Boolean).length).toBe(1);
    expect(timer.expired).toBe(true);
    expect(timer.silentMs).toBe(1000);
    timer.reset();
    expect(timer.expired).toBe(false);
  });

  it("never expires on Chrome's fake microphone, a beep every 500 ms", () => {
    const timer = new SilenceTimer(1);
    const fakeMic = concatPcm(beep(40), silence(460));
    let expired = 0;
    for (let second = 0; second < 10; second++) for (const _ of [0, 1]) for (let i = 0; i < 25; i++) if (timer.feed(fakeMic.subarray(i * 160, (i + 1) * 160))) expired++;
    expect(expired).toBe(0);
  });

  it('refuses a timeout that is not a positive number', () => {
    for (const bad of [0, -1, Number.NaN, Infinity]) expect(() => new SilenceTimer(bad)).toThrow(RangeError);
  });
});
