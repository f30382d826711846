/**
 * Figure "simulator capacity": protocol-level clients (no browsers) sign in to the simulator and
 * call each other — registered clients held, concurrent calls, signaling p99 — with the load in a
 * separate process (bench/capacity-load.ts) and the calls counted on the simulator's side too.
 */
import { fork } from 'node:child_process';
import { join } from 'node:path';
import { hashPasscode } from '../src/lib/passcodes';
import { startSimulator, type Simulator } from '../tools/simulator';
import { calleeIdentity, LATENCY_KINDS, type LoadJob, type LoadMessage, type LoadResult, type ParentMessage } from './capacity-load';
import { againstLimit, type Figure } from './report';
import { quantile, summarize } from './stats';

/** Runs and load shape (rates are arrivals per second, paced evenly). */
export interface CapacityOptions {
  runs: number;
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

/** Starts a simulator whose team is the callees, runs the load `runs` times, and summarises. */
export async function measureCapacity(options: CapacityOptions): Promise<Figure[]> {
  // Callees must be team members (/voice dials only teammates); one hash serves them all.
  const hash = await hashPasscode('bench');
  const team = Array.from({ length: options.calls }, (_, i) => `${calleeIdentity(i)}:${hash}`).join(',');
  const sim = await startSimulator({ env: { TEAM: team } });
  const runs: { result: LoadResult; inProgress: number }[] = [];
  try {
    const job: LoadJob = { simulatorUrl: sim.url, env: sim.env, timeoutMs: 10_000, ...options };
    for (let run = 0; run < options.runs; run++) runs.push(await runLoadProcess(job, () => inProgressCalls(sim)));
  } finally {
    await sim.stop();
  }
  const failures = [...new Set(runs.flatMap((r) => r.result.failures))].slice(0, 3);
  const load = `${options.clients} clients signing in at ${options.connectsPerSecond}/s, ${options.calls} calls set up at ${options.callsPerSecond}/s, ${options.runs} runs`;
  const p99 = (kinds: readonly (typeof LATENCY_KINDS)[number][]) =>
    summarize(runs.map(({ result }) => quantile(kinds.flatMap((kind) => result.latencies[kind]), 0.99)));
  return [
    againstLimit('simulator: registered clients held', 'clients', summarize(runs.map((r) => r.result.held)), '≥', GOAL.clients,
      `${load}; held = still connected after the calls and answering a fresh register${failures.length ? `; failures: ${failures.join('; ')}` : ''}`),
    againstLimit('simulator: concurrent calls', 'calls', summarize(runs.map((r) => Math.min(r.result.intact, r.inProgress))), '≥', GOAL.calls,
      'answered on both sides and counted in progress by the simulator at the same moment'),
    againstLimit('simulator: signaling p99, all frames', 'ms', p99(LATENCY_KINDS), '<', GOAL.p99Ms,
      'per run, the p99 of every request → response or relay below; invite includes the /voice webhook through twilio-run'),
    ...LATENCY_KINDS.map((kind): Figure => ({ name: `  p99 ${kind}`, unit: 'ms', value: p99([kind]), goal: '—' })),
  ];
}
