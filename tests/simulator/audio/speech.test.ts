import { Worker } from 'node:worker_threads';
import { audioEnergy } from '../../../simulator/media/audio/energy';
import { durationMs } from '../../../simulator/media/audio/pcm';
import { SpeechSynth } from '../../../simulator/media/audio/speech';

/** Median voice pitch in Hz: per loud 40 ms frame, the lag (80-400 Hz) of strongest autocorrelation. */
function medianPitch(pcm: Int16Array): number {
  const pitches: number[] = [];
  for (let start = 0; start + 320 <= pcm.length; start += 320) {
    const frame = pcm.subarray(start, start + 320);
    if (audioEnergy(frame).dbfs < -35) continue;
    let best = { lag: 0, score: 0 };
    for (let lag = 20; lag <= 100; lag++) {
      let score = 0;
      for (let i = 0; i + lag < frame.length; i++) score += frame[i] * frame[i + lag];
      score /= frame.length - lag;
      if (score > best.score) best = { lag, score };
    }
    if (best.lag) pitches.push(8000 / best.lag);
  }
  pitches.sort((a, b) => a - b);
  return pitches[pitches.length >> 1];
}

describe('SpeechSynth', () => {
  const synth = new SpeechSynth();

  it('does the slow start in warmUp, after which a sentence takes a fraction of its length to make', async () => {
    const timed = async <T>(work: () => Promise<T>) => {
      const started = performance.now();
      const result = await work();
      return { result, ms: performance.now() - started };
    };
    const warm = await timed(() => synth.warmUp());
    const word = await timed(() => synth.speak('Hi.'));
    const sentence = await timed(() => synth.speak('Nobody from the team can take your call right now.'));
    expect(word.ms).toBeLessThan(warm.ms / 2);
    expect(sentence.ms).toBeLessThan(durationMs(sentence.result) / 2);
  }, 20000);

  it('speaks English: long enough, with speech energy well above silence', async () => {
    const pcm = await synth.speak('Hello, this is a test');
    const energy = audioEnergy(pcm);
    expect(durationMs(pcm)).toBeGreaterThanOrEqual(800);
    expect(durationMs(pcm)).toBeLessThan(3000);
    expect(energy.dbfs).toBeGreaterThan(-35);
    expect(energy.activeMs).toBeGreaterThan(600);
  }, 20000);

  it('answers a repeated sentence from its cache, without eSpeak, identical, as a copy', async () => {
    expect(synth.isCached('The team is busy, please leave a message.', { voice: 'alice' })).toBe(false);
    const first = await synth.speak('The team is busy, please leave a message.', { voice: 'alice' });
    expect(synth.isCached('The team is busy, please leave a message.', { voice: 'alice' })).toBe(true);
    // eSpeak runs in a worker: a sentence it makes is a message posted to it.
    const asked = jest.spyOn(Worker.prototype, 'postMessage');
    const second = await synth.speak('The team is busy, please leave a message.', { voice: 'alice' });
    expect(asked).not.toHaveBeenCalled();
    asked.mockRestore();
    expect(Array.from(second)).toEqual(Array.from(first));
    second[0] = 12345;
    expect((await synth.speak('The team is busy, please leave a message.', { voice: 'alice' }))[0]).toBe(first[0]);
  }, 20000);

  it('speaks Spanish with language es-ES', async () => {
    const pcm = await synth.speak('Hola, el equipo no está disponible.', { language: 'es-ES' });
    expect(durationMs(pcm)).toBeGreaterThan(800);
    expect(audioEnergy(pcm).dbfs).toBeGreaterThan(-35);
  }, 20000);

  it('speaks a woman higher than a man', async () => {
    const man = await synth.speak('One two three four five', { voice: 'man' });
    const woman = await synth.speak('One two three four five', { voice: 'woman' });
    expect(medianPitch(woman)).toBeGreaterThan(medianPitch(man) * 1.3);
  }, 20000);

  it('gives nothing for empty text and copes with odd text', async () => {
    expect((await synth.speak('')).length).toBe(0);
    expect((await synth.speak(' \u0000\n ')).length).toBe(0);
    const odd = await synth.speak('5 < 6 & "quotes" \u0000 😀 ☎ ' + 'x'.repeat(300));
    expect(durationMs(odd)).toBeGreaterThan(500);
  }, 20000);

  it('serves concurrent requests, sharing the work for one text', async () => {
    const texts = ['Press one for sales', 'Press two for support', 'Press one for sales'];
    const results = await Promise.all(texts.map((text) => synth.speak(text)));
    expect(results.every((pcm) => durationMs(pcm) > 500)).toBe(true);
    expect(Array.from(results[2])).toEqual(Array.from(results[0]));
  }, 20000);

  it('keeps its cache within bounds, dropping the least recently used', async () => {
    const small = new SpeechSynth({ entries: 2, bytes: 10 * 1024 * 1024 });
    await small.speak('alpha');
    await small.speak('bravo');
    await small.speak('alpha'); // alpha is now the most recent
    await small.speak('charlie'); // drops bravo
    expect(small.cacheSize.entries).toBe(2);
    expect(['alpha', 'bravo', 'charlie'].map((text) => small.isCached(text))).toEqual([true, false, true]);
    expect(small.isCached('alpha', { voice: 'woman' })).toBe(false);
    const tiny = new SpeechSynth({ entries: 10, bytes: 1000 });
    await tiny.speak('alpha');
    expect(tiny.cacheSize).toEqual({ entries: 0, bytes: 0 });
  }, 30000);
});
