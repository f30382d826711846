/**
 * Smoke test of the benchmarks: each module runs once with minimal iterations, so bench code
 * cannot rot between `npm run bench` runs. It checks figures are produced, never their speed.
 */
import { cpSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { measureBuild } from '../../bench/build-cost';
import { measureCapacity } from '../../bench/capacity';
import { measureFunctionCost } from '../../bench/function-cost';
import { measureMedia } from '../../bench/media';
import { measurePage } from '../../bench/page';
import { measureRecording } from '../../bench/recording';
import { measureTeamState } from '../../bench/team-state';
import { measureTransfer } from '../../bench/transfer';
import { againstBaseline, againstLimit, formatTable, notMeasured, type Figure } from '../../bench/report';
import { exactly, medianSettled, quantile, repeatUntilSettled, summarize } from '../../bench/stats';
import { DIST, ROOT } from '../../build/build';

function expectMeasured(figures: Figure[]): void {
  for (const figure of figures) {
    expect(figure.value?.median).toBeGreaterThan(0);
    expect(figure.value!.p95).toBeGreaterThanOrEqual(figure.value!.median);
  }
}

test('median and p95 are measured samples (nearest rank)', () => {
  const samples = [5, 1, 4, 2, 3, 100, 7, 8, 9, 6];
  expect(summarize(samples)).toEqual({ median: 5, p95: 100, n: 10 });
  expect(quantile([42], 0.95)).toBe(42);
  expect(() => summarize([])).toThrow('no samples');
});

test('a median is settled once its 95 % confidence interval is within the precision asked', () => {
  // Five samples: the interval is the whole range (the extremes are 2 × 1/32 likely to straddle the median).
  expect(medianSettled([100, 101, 99, 100, 102], 0.02)).toBe(true);
  expect(medianSettled([100, 101, 99, 100, 130], 0.02)).toBe(false);
  // Six or more: the most extreme samples fall outside it.
  expect(medianSettled([100, 101, 99, 100, 102, 400], 0.02)).toBe(true);
  expect(medianSettled([], 1)).toBe(false);
});

test('repetition stops once settled, never before the minimum nor after the maximum', async () => {
  const steady: number[] = [];
  expect(await repeatUntilSettled({ min: 3, max: 10, precision: 0.05 }, () => (steady.push(100), Promise.resolve([steady])))).toBe(3);
  const noisy: number[] = [];
  expect(await repeatUntilSettled({ min: 3, max: 10, precision: 0.05 }, (i) => (noisy.push(i % 2 ? 50 : 150), Promise.resolve([noisy])))).toBe(10);
  expect(await repeatUntilSettled(exactly(4), () => Promise.resolve([[1]]))).toBe(4);
});

test('the table shows ratio, goal and verdict per figure, and says what was not measured', () => {
  const table = formatTable([
    againstBaseline('voice, warm', 'µs', summarize([30, 31, 29]), summarize([10, 11, 9]), 1.3, 'checks the signature'),
    againstLimit('build', 's', summarize([1.5]), '<', 10),
    notMeasured('page', '', '≤ 94 KB', 'Chromium is missing'),
  ]).split('\n');
  expect(table[2]).toMatch(/voice, warm \[1\] \| +30 µs \| +31 µs \| +10 µs \| 3\.00× .*≤ 1\.3× baseline .*FAIL/);
  expect(table[3]).toMatch(/build .*1\.50 s .*< 10 s .*pass/);
  expect(table[4]).toMatch(/page \[2\] .*not measured/);
  expect(table).toContain('[2] not measured: Chromium is missing');
});

test('Function cost: every built Function, warm and cold, against a baseline giving the same answer', async () => {
  const figures = await measureFunctionCost({ rounds: exactly(1), coldStarts: exactly(1), warmupMs: 10 });
  expectMeasured(figures);
  for (const figure of figures) expect(figure.baseline?.median).toBeGreaterThan(0);
  const functions = readdirSync(join(DIST, 'functions')).filter((f) => f.endsWith('.js'));
  // One warm and one cold row per case, and every Function is covered by at least one case.
  expect(figures.filter((f) => f.name.endsWith(', warm'))).toHaveLength(figures.length / 2);
  expect(figures.length / 2).toBeGreaterThanOrEqual(functions.length);
  expect(formatTable(figures)).toContain('≤ 1.3× baseline');
}, 240_000); // 25 subjects (23 cases, 2 of them also without scrypt), each with 2 fresh processes, on shared cores

test('Function cost counts what a request sends to Sync: a renewal checks revocation, without SYNC_SERVICE_SID it sends nothing', async () => {
  const figures = await measureFunctionCost({ rounds: exactly(1), coldStarts: exactly(1), warmupMs: 10, only: /^token renewal/ });
  const note = (name: string) => figures.find((f) => f.name === name)?.note;
  expect(note('token renewal, warm')).toMatch(/per request: 1 Function invocation, 1 Sync and 0 Voice API requests/);
  expect(note('token renewal, no SYNC_SERVICE_SID, warm')).toMatch(/per request: 1 Function invocation, 0 Sync and 0 Voice API requests/);
  expect(note('token renewal, cold')).toBe(note('token renewal, warm'));
}, 60_000);

test('build: wall time and the size of each Function bundle, built in a copy of the project', async () => {
  const copy = mkdtempSync(join(tmpdir(), 'switchboard-bench-'));
  try {
    for (const entry of ['package.json', 'src', 'build', 'tools', 'assets']) cpSync(join(ROOT, entry), join(copy, entry), { recursive: true });
    symlinkSync(join(ROOT, 'node_modules'), join(copy, 'node_modules'));
    const [wallTime, ...bundles] = await measureBuild({ runs: exactly(1), root: copy });
    expectMeasured([wallTime, ...bundles]);
    expect(wallTime.name).toBe('npm run build, wall time');
    expect(bundles.map((b) => b.name)).toContain('bundle voice.protected.js');
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
}, 60_000);

test('simulator capacity: protocol-level clients register, call each other and hang up', async () => {
  const [held, calls, p99, ...perKind] = await measureCapacity({ runs: exactly(1), clients: 6, calls: 2, connectsPerSecond: 100, callsPerSecond: 100 });
  expect(held.value?.median).toBe(6);
  expect(calls.value?.median).toBe(2);
  expectMeasured([p99, ...perKind]);
}, 60_000);

test('media plane: relayed calls talk both ways, frames are timed, a cached <Say> starts', async () => {
  const [calls, delay, say] = await measureMedia({ calls: [2], seconds: 2 });
  expect(calls.value?.median).toBe(2);
  expectMeasured([delay, say]);
}, 60_000);

test('page: weight, sign in, call, incoming and audio both ways, history and voicemail playback, timed in real Chromium on the simulator', async () => {
  const figures = await measurePage({ repetitions: exactly(1), historyCalls: 8 });
  expectMeasured(figures.filter((f) => f.name !== 'page: fetched after registered, lazily (gzip)'));
  expect(figures.map((f) => f.name)).toEqual(expect.arrayContaining(['click Call → callee incoming', 'registered → call history shown (8 calls)', 'click Play → voicemail audio playing']));
}, 60_000);

test('hold and transfer: click Transfer → the target`s page rings and click Hold → the caller hears music, timed twice', async () => {
  const [ring, hold] = await measureTransfer({ rounds: exactly(2) });
  expectMeasured([ring, hold]);
  expect([ring.value?.n, hold.value?.n]).toEqual([2, 2]);
}, 90_000);

test('call recording: click Record → started, and a long recording played and sought from the history, timed once', async () => {
  const figures = await measureRecording({ rounds: exactly(1), minutes: 10 });
  expectMeasured(figures);
  expect(figures.map((f) => f.value?.n)).toEqual([1, 1, 1, 1]);
  // Played by range: the page is never sent the whole file (10 minutes are more than one range).
  expect(figures[3].value!.p95).toBeLessThan(100);
}, 180_000); // a call answered with audio both ways, then a 10-minute MP3 encoded by the simulator

test('team state: an idle page’s invocations and REST requests an hour, visible and hidden, and changes timed until shown, in a short run', async () => {
  const figures = await measureTeamState({ idleMinutes: 5, rounds: 2 });
  const value = (name: string) => figures.find((f) => f.name === name)?.value?.median;
  // The hidden page updates four times less often, and neither asks the Voice API anything while idle.
  expect(value('team state, idle visible hour: Function invocations')).toBeGreaterThan(3 * value('team state, idle hidden hour: Function invocations')!);
  expect([value('team state, idle visible hour: Voice API requests'), value('team state, idle hidden hour: Voice API requests')]).toEqual([0, 0]);
  // The old polling's figures were counted too: its /voicemail and /calls ask the Voice API.
  expect(figures.find((f) => f.name === 'team state, idle hidden hour: Voice API requests')?.baseline?.median).toBeGreaterThan(0);
  expect(figures.filter((f) => f.unit === 's').map((f) => f.value?.n)).toEqual([2, 2, 2]);
}, 90_000);
