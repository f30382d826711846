/**
 * Figure "simulator capacity": protocol-level clients (no browsers) sign in to the simulator and
 * call each other — registered clients held, concurrent calls, signaling p99 — with the load in a
 * separate process (bench/capacity-load.ts) and the calls counted on the simulator's side too.
 */
import { fork } from 'node:child_process';
import { join } from 'node:path';
import { hashPasscode } from '../src/lib/config/passcodes';
import { startSimulator, type Simulator } from '../simulator';
import { calleeIdentity, callerIdentity, LATENCY_KINDS, type LatencyKind, type LoadJob, type LoadMessage, type LoadResult, type ParentMessage } from './capacity-load';
import { againstLimit, notMeasured, type Figure } from './report';
import { quantile, repeatUntilSettled, summarize, type Repetitions, type Summary } from './stats';

/** Runs and load shape (rates are arrivals per second, paced evenly). */
export interface CapacityOptions {
  /** Load runs, until the runs agree on clients held, calls and the p99. */
  runs: Repetitions;
  clients: number;
  calls: number;
  connectsPerSecond: number;
  callsPerSecond: number;
}

const GOAL = { clients: 1000, calls: 200, p99Ms: 50 };

/** One load run; `onHeld` counts the calls the simulator has in progress while they are held. */
function runLoadProcess(job: LoadJob, onHeld: () => number): Promise<{ result: LoadResult; inProgress: number }> {
  return new Promise((resolve, reject) => {
    const child = fork(join(__dirname, 'capacity-load.ts'), [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let inProgress = 0;
    const tell = (message: ParentMessage) => child.send(message);
    child.on('message', (message: LoadMessage) => {
      if (message.type === 'held') {
        inProgress = onHeld();
        tell({ type: 'release' });
      } else resolve({ result: message.result, inProgress });
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => (code || signal) && reject(new Error(`the load process ended with ${code ?? signal}`)));
    tell({ type: 'start', job });
  });
}

function inProgressCalls(sim: Simulator): number {
  return sim.calls().filter((call) => call.status === 'in-progress').length;
}

type Run = { result: LoadResult; inProgress: number };

/** Calls both sides answered that the simulator also counted in progress at that moment. */
const concurrentCalls = ({ result, inProgress }: Run) => Math.min(result.intact, inProgress);

/** The p99 of each run that got these frames at all (a run whose calls all failed has none). */
function p99PerRun(runs: readonly Run[], kinds: readonly LatencyKind[]): number[] {
  return runs.map(({ result }) => kinds.flatMap((kind) => result.latencies[kind])).filter((samples) => samples.length > 0).map((samples) => quantile(samples, 0.99));
}

/** Starts a simulator whose team is the callees, runs the load until the runs agree, and summarises. */
export async function measureCapacity(options: CapacityOptions): Promise<Figure[]> {
  // /voice connects only teammates to teammates; one hash serves them all (nobody signs in with it).
  const hash = await hashPasscode('bench');
  const team = Array.from({ length: options.calls }, (_, i) => `${callerIdentity(i)}:${hash},${calleeIdentity(i)}:${hash}`).join(',');
  const sim = await startSimulator({ env: { TEAM: team } });
  const runs: Run[] = [];
  try {
    const job: LoadJob = { simulatorUrl: sim.url, env: sim.env, timeoutMs: 10_000, ...options };
    await repeatUntilSettled(options.runs, async () => {
      runs.push(await runLoadProcess(job, () => inProgressCalls(sim)));
      return [runs.map((r) => r.result.held), runs.map(concurrentCalls), p99PerRun(runs, LATENCY_KINDS)];
    });
  } finally {
    await sim.stop();
  }
  const failures = [...new Set(runs.flatMap((r) => r.result.failures))].slice(0, 3);
  const load = `${options.clients} clients signing in at ${options.connectsPerSecond}/s, ${options.calls} calls set up (and later hung up) at ${options.callsPerSecond}/s, ${runs.length} runs`;
  const p99 = (kinds: readonly LatencyKind[]): Summary | undefined => {
    const perRun = p99PerRun(runs, kinds);
    return perRun.length ? summarize(perRun) : undefined;
  };
  const allFrames = p99(LATENCY_KINDS);
  return [
    againstLimit('simulator: registered clients held', 'clients', summarize(runs.map((r) => r.result.held)), '≥', GOAL.clients,
      `${load}; held = still connected after the calls and answering a fresh register${failures.length ? `; failures: ${failures.join('; ')}` : ''}`),
    againstLimit('simulator: concurrent calls', 'calls', summarize(runs.map(concurrentCalls)), '≥', GOAL.calls,
      'answered on both sides and counted in progress by the simulator at the same moment'),
    allFrames
      ? againstLimit('simulator: signaling p99, all frames', 'ms', allFrames, '<', GOAL.p99Ms,
          'per run, the p99 of every request → response or relay below; each invite waits for /voice through twilio-run, each hangup sets off /dial-complete and /status')
      : notMeasured('simulator: signaling p99, all frames', 'ms', `< ${GOAL.p99Ms} ms`, 'no client got an answer'),
    ...LATENCY_KINDS.map((kind): Figure => {
      const value = p99([kind]);
      return value ? { name: `  p99 ${kind}`, unit: 'ms', value, goal: '—' } : notMeasured(`  p99 ${kind}`, 'ms', '—', 'no call got this far');
    }),
  ];
}
