/**
 * Figure "Function cost": warm µs per invocation of each built Function in-process, and cold
 * start (fresh Node process: require + first response), each against its minimal baseline
 * (bench/baseline) measured in the same run, interleaved so noise hits both alike, and repeated
 * until both medians are stable (stats.ts: repeatUntilSettled).
 */
import { build as esbuild } from 'esbuild';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ROOT } from '../build/build';
import { COLD_MARKER, type ColdStartJob, type ColdStartResult } from './cold-start';
import { BASELINE_DIR, benchEnv, caseEnv, DOMAIN_NAME, functionCases, FUNCTIONS_DIR, requestHeaders, type BenchEnv, type FunctionCase } from './function-cases';
import { functionContext, installRuntimeGlobals, invoke, loadHandler, runtimeEvent, silenceConsole, skipKnownScrypt, type KnownScrypt, type Reply } from './function-runtime';
import type { RestCounts } from './rest-fixtures';
import { againstBaseline, type Figure } from './report';
import { elapsedMs, repeatUntilSettled, summarize, type Repetitions } from './stats';

/** How long to measure: warm batches, cold processes, warm-up. */
export interface FunctionCostOptions {
  /** Timed batches of each Function and of its baseline (warm), until both medians are stable. */
  rounds: Repetitions;
  /** Fresh processes for each Function and for its baseline (cold), until both medians are stable. */
  coldStarts: Repetitions;
  /** Longest warm-up before timing (it stops sooner after WARMUP_CALLS calls). */
  warmupMs: number;
  /** Only the cases whose name matches (every case when absent), to measure a few Functions alone. */
  only?: RegExp;
}

const GOAL = 1.3;
/** A warm batch lasts about this long, so timer resolution and call overhead vanish in it. */
const BATCH_MS = 2;
/** Calls that let V8 optimise a handler before it is timed (warm means JIT-compiled). */
const WARMUP_CALLS = 1000;
const NO_SCRYPT_NOTE = 'token with crypto.scrypt answering the known key at once: everything /token does besides its scrypt';

/** One thing to time: a case, optionally with its scrypt skipped. */
interface Subject {
  name: string;
  testCase: FunctionCase;
  knownScrypt?: KnownScrypt[];
  note?: string;
}

function subjects(bench: BenchEnv): Subject[] {
  return functionCases(bench).flatMap((testCase): Subject[] =>
    testCase.basicAuth
      ? [
          { name: testCase.name, testCase, note: testCase.note },
          { name: `${testCase.name} without scrypt`, testCase, knownScrypt: [bench.scrypt], note: NO_SCRYPT_NOTE },
        ]
      : [{ name: testCase.name, testCase, note: testCase.note }],
  );
}

/** The JWT's header and grants: what a baseline token must share with ours. */
function tokenEssence(reply: Reply): string {
  const [header, payload] = (JSON.parse(reply.body) as { token: string }).token.split('.');
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as { grants: unknown };
  return `${Buffer.from(header, 'base64url').toString()} ${JSON.stringify(claims.grants)}`;
}

/** Refuses to time a Function against a baseline that does not build the same answer. */
function checkSameAnswer(subject: Subject, ours: Reply, baseline: Reply): void {
  const { path, status = 200 } = subject.testCase;
  const same = ours.statusCode === status && baseline.statusCode === status && (path === '/token' ? tokenEssence(ours) === tokenEssence(baseline) : ours.body === baseline.body);
  if (!same) throw new Error(`${subject.name}: the Function (${ours.statusCode}) and its baseline answer differently:\n${ours.body}\n${baseline.body}`);
}

/** µs per call over a batch of calls. */
async function perCallUs(call: () => Promise<unknown>, calls: number): Promise<number> {
  const start = process.hrtime.bigint();
  for (let i = 0; i < calls; i++) await call();
  return (elapsedMs(start) * 1000) / calls;
}

/** Warms a handler up, then returns the batch size that lasts about BATCH_MS. */
async function warmUp(call: () => Promise<unknown>, maxMs: number): Promise<number> {
  let calls = 0;
  const start = process.hrtime.bigint();
  while (calls < WARMUP_CALLS && elapsedMs(start) < maxMs) {
    await call();
    calls++;
  }
  const perCallMs = (await perCallUs(call, Math.max(1, Math.ceil(calls / 10)))) / 1000;
  return Math.max(1, Math.round(BATCH_MS / perCallMs));
}

/** The case's note, with what one request cost besides its time: REST requests per Function invocation, as counted. */
function withRequests(note: string | undefined, counts: RestCounts, invocations: number): string {
  const perCall = (n: number) => Number((n / invocations).toFixed(2));
  const requests = `per request: 1 Function invocation, ${perCall(counts.sync)} Sync and ${perCall(counts.voice)} Voice API requests (counted over ${invocations} calls)`;
  return note ? `${note}; ${requests}` : requests;
}

async function measureWarm(subject: Subject, bench: BenchEnv, { rounds, warmupMs }: FunctionCostOptions): Promise<Figure> {
  const { testCase } = subject;
  const env = caseEnv(bench, testCase);
  const event = runtimeEvent(testCase.params, requestHeaders(testCase, bench));
  // The Function's REST requests are counted over every call of it, so a cache that spares some shows.
  const counts: RestCounts = { voice: 0, sync: 0 };
  let invocations = 0;
  const oursHandler = loadHandler(join(FUNCTIONS_DIR, testCase.fn));
  const oursContext = functionContext(env, DOMAIN_NAME, testCase.path, counts);
  const ours = () => (invocations++, invoke(oursHandler, oursContext, event));
  const baselineHandler = loadHandler(join(BASELINE_DIR, testCase.baseline));
  const baselineContext = functionContext(env, DOMAIN_NAME, testCase.path);
  const baseline = () => invoke(baselineHandler, baselineContext, event);
  const restoreScrypt = subject.knownScrypt ? skipKnownScrypt(subject.knownScrypt) : () => undefined;
  try {
    checkSameAnswer(subject, await ours(), await baseline());
    const [oursBatch, baselineBatch] = [await warmUp(ours, warmupMs), await warmUp(baseline, warmupMs)];
    const samples = { ours: [] as number[], baseline: [] as number[] };
    await repeatUntilSettled(rounds, async (round) => {
      // Alternate which goes first, so drift in the machine's speed favours neither.
      const order = round % 2 ? (['ours', 'baseline'] as const) : (['baseline', 'ours'] as const);
      for (const which of order) samples[which].push(await perCallUs(which === 'ours' ? ours : baseline, which === 'ours' ? oursBatch : baselineBatch));
      return [samples.ours, samples.baseline];
    });
    return againstBaseline(`${subject.name}, warm`, 'µs', summarize(samples.ours), summarize(samples.baseline), GOAL, withRequests(subject.note, counts, invocations));
  } finally {
    restoreScrypt();
  }
}

const COLD_SCRIPT = join(ROOT, 'node_modules', '.cache', 'switchboard-bench', 'cold-start.js');

/** The cold-start child as plain JavaScript, so no TypeScript loader runs in the measured process. */
async function bundleColdStart(): Promise<void> {
  await esbuild({ entryPoints: [join(__dirname, 'cold-start.ts')], outfile: COLD_SCRIPT, bundle: true, platform: 'node', format: 'cjs', target: 'node20', packages: 'external', logLevel: 'warning' });
}

async function coldStart(job: ColdStartJob): Promise<ColdStartResult> {
  const { stdout } = await promisify(execFile)(process.execPath, [COLD_SCRIPT, JSON.stringify(job)], { cwd: ROOT, maxBuffer: 1 << 20 });
  const line = stdout.split('\n').find((l) => l.startsWith(COLD_MARKER));
  if (!line) throw new Error(`cold start of ${job.file} printed no result:\n${stdout}`);
  return JSON.parse(line.slice(COLD_MARKER.length)) as ColdStartResult;
}

async function measureCold(subject: Subject, bench: BenchEnv, runs: Repetitions, note: string | undefined): Promise<Figure> {
  const { testCase } = subject;
  const job = (file: string): ColdStartJob => ({
    file,
    env: caseEnv(bench, testCase),
    domainName: DOMAIN_NAME,
    path: testCase.path,
    params: testCase.params,
    headers: requestHeaders(testCase, bench),
    knownScrypt: subject.knownScrypt,
  });
  const jobs = { ours: job(join(FUNCTIONS_DIR, testCase.fn)), baseline: job(join(BASELINE_DIR, testCase.baseline)) };
  const samples = { ours: [] as number[], baseline: [] as number[] };
  await repeatUntilSettled(runs, async (run) => {
    const [first, second] = run % 2 ? (['ours', 'baseline'] as const) : (['baseline', 'ours'] as const);
    const results = { [first]: await coldStart(jobs[first]), [second]: await coldStart(jobs[second]) } as Record<'ours' | 'baseline', ColdStartResult>;
    if (run === 0) checkSameAnswer(subject, { ...results.ours, headers: {} }, { ...results.baseline, headers: {} });
    samples.ours.push(results.ours.ms);
    samples.baseline.push(results.baseline.ms);
    return [samples.ours, samples.baseline];
  });
  return againstBaseline(`${subject.name}, cold`, 'ms', summarize(samples.ours), summarize(samples.baseline), GOAL, note);
}

/** Warm figures for every Function, then cold ones. */
export async function measureFunctionCost(options: FunctionCostOptions): Promise<Figure[]> {
  installRuntimeGlobals();
  const bench = await benchEnv();
  const all = subjects(bench).filter((subject) => !options.only || options.only.test(subject.testCase.name));
  const warm: Figure[] = [];
  const restoreConsole = silenceConsole();
  try {
    for (const subject of all) warm.push(await measureWarm(subject, bench, options));
  } finally {
    restoreConsole();
  }
  await bundleColdStart();
  const cold: Figure[] = [];
  // A cold row shares its warm row's note (the same request, so the same REST requests).
  for (const [i, subject] of all.entries()) cold.push(await measureCold(subject, bench, options.coldStarts, warm[i].note));
  return [...warm, ...cold];
}
