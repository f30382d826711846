/**
 * Figure "simulator capacity": protocol-level clients (no browsers) sign in to the simulator and
 * call simulated phones, then each other — registered clients held, concurrent calls, signaling
 * p99 — with the load in a separate process (bench/capacity-load.ts) and the calls counted on the
 * simulator's side too.
 */
import { fork } from 'node:child_process';
import { join } from 'node:path';
import { hashPasscode } from '../src/lib/config/passcodes';
import { startSimulator, type Simulator } from '../simulator';
import { calleeIdentity, callerIdentity, LATENCY_KINDS, type CallTarget, type LatencyKind, type LoadJob, type LoadMessage, type LoadResult, type ParentMessage } from './capacity-load';
import { againstLimit, notMeasured, type Figure } from './report';
import { quantile, repeatUntilSettled, summarize, type Repetitions, type Summary } from './stats';

/** Runs and load shape (rates are arrivals per second, paced evenly). */
export interface CapacityOptions {
  /** Load runs per target, until the runs agree on clients held, calls and the p99. */
  runs: Repetitions;
  clients: number;
  calls: number;
  connectsPerSecond: number;
  callsPerSecond: number;
}

const GOAL = { clients: 1000, calls: 200, p99Ms: 50 };
/** Calls to phones first: the path real calls take (a browser dialling a number through /voice). */
const TARGETS: readonly CallTarget[] = ['phone', 'client'];

type Run = { result: LoadResult; inProgress: number };

/** One load run; `onHeld` counts the calls the simulator has in progress while they are held. */
function runLoadProcess(job: LoadJob, onHeld: () => number): Promise<Run> {
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

/** Calls both sides answered that the simulator also counted in progress at that moment. */
const concurrentCalls = ({ result, inProgress }: Run) => Math.min(result.intact, inProgress);

/** The p99 of each run that got these frames at all (a run whose calls all failed has none). */
function p99PerRun(runs: readonly Run[], kinds: readonly LatencyKind[]): number[] {
  return runs
    .map(({ result }) => kinds.flatMap((kind) => result.latencies[kind]))
    .filter((samples) => samples.length > 0)
    .map((samples) => quantile(samples, 0.99));
}

/** How each target reads in the figures' names. */
const TARGET_NAMES: Record<CallTarget, string> = { phone: 'browser → phone', client: 'browser → browser' };

/** The figures of one target's runs: concurrent calls, the p99 of every frame and of each kind. */
function targetFigures(target: CallTarget, runs: Run[]): Figure[] {
  const path = TARGET_NAMES[target];
  const p99 = (kinds: readonly LatencyKind[]): Summary | undefined => {
    const perRun = p99PerRun(runs, kinds);
    return perRun.length ? summarize(perRun) : undefined;
  };
  const allFrames = p99(LATENCY_KINDS);
  const rings = p99(['invite → callee invite']);
  const notAnswered = (name: string, goal: string) => notMeasured(name, 'ms', goal, 'no client got an answer');
  return [
    againstLimit(
      `simulator: concurrent calls, ${path}`,
      'calls',
      summarize(runs.map(concurrentCalls)),
      '≥',
      GOAL.calls,
      'answered on both sides and counted in progress by the simulator at the same moment',
    ),
    // The issue's figure: a browser's invite → the phone it dialled rings, through /voice and <Dial><Number>.
    ...(target === 'phone'
      ? [
          rings
            ? againstLimit(
                'simulator: invite → the phone rings, p99',
                'ms',
                rings,
                '<',
                GOAL.p99Ms,
                "per run: the caller's invite → the phone's invite, through the signed /voice webhook (twilio-run) and its <Dial callerId><Number>",
              )
            : notAnswered('simulator: invite → the phone rings, p99', `< ${GOAL.p99Ms} ms`),
        ]
      : []),
    allFrames
      ? againstLimit(
          `simulator: signaling p99, ${path}, all frames`,
          'ms',
          allFrames,
          '<',
          GOAL.p99Ms,
          'per run, the p99 of every request → response or relay below; each invite waits for /voice through twilio-run, each hangup sets off /dial-complete and /status',
        )
      : notAnswered(`simulator: signaling p99, ${path}, all frames`, `< ${GOAL.p99Ms} ms`),
    ...LATENCY_KINDS.map((kind): Figure => {
      const value = p99([kind]);
      return value ? { name: `  p99 ${kind}`, unit: 'ms', value, goal: '—' } : notMeasured(`  p99 ${kind}`, 'ms', '—', 'no call got this far');
    }),
  ];
}

/** The REST APIs the Functions' requests are counted by. */
type RestApi = 'Sync' | 'Voice API';

/** Runs `targets` on a simulator whose team is the callers and the browser callees, each until its runs agree. */
async function runTargets(
  options: CapacityOptions,
  targets: readonly CallTarget[],
  env: Record<string, string> = {},
): Promise<{ runs: Record<CallTarget, Run[]>; restRequests: Record<RestApi, number> }> {
  // /voice connects only teammates (to teammates or phones); one hash serves them all (nobody signs in with it).
  const hash = await hashPasscode('bench');
  const team = Array.from({ length: options.calls }, (_, i) => `${callerIdentity(i)}:${hash},${calleeIdentity(i)}:${hash}`).join(',');
  const restRequests: Record<RestApi, number> = { Sync: 0, 'Voice API': 0 };
  const sim = await startSimulator({ env: { TEAM: team, ...env }, observeRest: ({ host }) => restRequests[host.startsWith('sync.') ? 'Sync' : 'Voice API']++ });
  const runs: Record<CallTarget, Run[]> = { phone: [], client: [] };
  try {
    for (const target of targets) {
      const job: LoadJob = { simulatorUrl: sim.url, env: sim.env, timeoutMs: 10_000, target, ...options };
      const done = runs[target];
      await repeatUntilSettled(options.runs, async () => {
        done.push(await runLoadProcess(job, () => inProgressCalls(sim)));
        return [done.map((r) => r.result.held), done.map(concurrentCalls), p99PerRun(done, LATENCY_KINDS)];
      });
    }
  } finally {
    await sim.stop();
  }
  return { runs, restRequests };
}

/**
 * Runs the load with calls to phones until the runs agree, then with calls to browsers likewise,
 * and summarises; then the calls to phones again on a simulator whose Functions have no Sync
 * Service, to tell what the simulator adds from what the Functions' Sync requests cost the same
 * cores (twilio-run, the simulator and the load share the machine).
 */
export async function measureCapacity(options: CapacityOptions): Promise<Figure[]> {
  const { runs, restRequests } = await runTargets(options, TARGETS);
  const withoutSync = await runTargets(options, ['phone'], { SYNC_SERVICE_SID: '' });
  const all = TARGETS.flatMap((target) => runs[target]);
  const failures = [...new Set(all.flatMap((r) => r.result.failures))].slice(0, 3);
  const load = `${options.clients} clients signing in at ${options.connectsPerSecond}/s, ${options.calls} calls set up (and later hung up) at ${options.callsPerSecond}/s, ${runs.phone.length} runs to phones and ${runs.client.length} to browsers`;
  const callsPlaced = all.length * options.calls;
  const rings = p99PerRun(withoutSync.runs.phone, ['invite → callee invite']);
  return [
    againstLimit(
      'simulator: registered clients held',
      'clients',
      summarize(all.map((r) => r.result.held)),
      '≥',
      GOAL.clients,
      `${load}; held = still connected after the calls and answering a fresh register${failures.length ? `; failures: ${failures.join('; ')}` : ''}`,
    ),
    ...TARGETS.flatMap((target) => targetFigures(target, runs[target])),
    ...(['Sync', 'Voice API'] as const).map((api): Figure => ({
      name: `  the Functions' ${api} requests per call`,
      unit: 'requests',
      value: summarize([restRequests[api] / callsPlaced]),
      goal: '—',
      note: `every REST request the Functions sent during the runs above, over the ${callsPlaced} calls placed; through the simulator's proxy each is a TLS connection of its own`,
    })),
    rings.length
      ? {
          name: '  p99 invite → the phone rings, Functions without Sync',
          unit: 'ms',
          value: summarize(rings),
          goal: '—',
          note: `the same calls to phones (${rings.length} runs) on a simulator without SYNC_SERVICE_SID: the Functions send no Sync request; the difference from the figure with Sync is what those requests cost the shared cores`,
        }
      : notMeasured('  p99 invite → the phone rings, Functions without Sync', 'ms', '—', 'no call got this far'),
  ];
}
