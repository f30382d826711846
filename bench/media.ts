/**
 * The media plane's figures: concurrent calls relayed through the simulator with
 * audio both ways at 0 % loss, the delay a relayed frame sees end to end (client → simulator →
 * client, loopback both hops), and answer → first audio of a cached `<Say>`. The simulator's side
 * runs here; the clients run in a child process, as browsers would.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { MediaPlane } from '../simulator/media/media-plane';
import type { LegMedia } from '../simulator/media/leg-media';
import type { FromClients, ToClients } from './media-clients';
import { againstLimit, type Figure } from './report';
import { quantile, summarize } from './stats';

export interface MediaBenchOptions {
  /** Numbers of concurrent calls tried, smallest first. */
  calls: number[];
  /** How long each call count talks. */
  seconds: number;
}

const SAY_TEXT = 'Nobody is available to take your call. Please try again later. Goodbye.';

/** Sends `message` and waits for its `reply`; rejects if the clients' process ends first (a bench never hangs). */
function request(child: ChildProcess, message: ToClients, reply: FromClients['type'], call?: number): Promise<FromClients> {
  return new Promise((resolve, reject) => {
    const done = () => {
      child.off('message', listener);
      child.off('exit', exited);
    };
    const listener = (answer: FromClients) => {
      if (answer.type !== reply || ('call' in answer && answer.call !== call)) return;
      done();
      resolve(answer);
    };
    const exited = (code: number | null, signal: string | null) => {
      done();
      reject(new Error(`the media clients' process ended (${signal ?? `exit ${code}`}) while waiting for "${reply}"`));
    };
    child.on('message', listener);
    child.on('exit', exited);
    child.send(message);
  });
}

/** `calls` relayed calls talking both ways for `seconds`: frames sent, received, and their delays. */
async function relayRun(plane: MediaPlane, calls: number, seconds: number) {
  const child = fork(join(__dirname, 'media-clients.ts'), [], { execArgv: ['--import', 'tsx'], env: { ...process.env, SIM_MEDIA_LOOPBACK: '1' } });
  const legs: LegMedia[] = [];
  const stops: (() => void)[] = [];
  try {
    for (let call = 0; call < calls; call++) {
      const atSimCaller = plane.leg();
      const atSimCallee = plane.leg();
      legs.push(atSimCaller, atSimCallee);
      const offer = (await request(child, { type: 'offer', call }, 'offer', call)) as { sdp: string };
      await request(child, { type: 'accept', call, sdp: await atSimCaller.endpoint.answer(offer.sdp) }, 'accepted', call);
      const answer = (await request(child, { type: 'answer-offer', call, sdp: await atSimCallee.endpoint.offer() }, 'answer', call)) as { sdp: string };
      await atSimCallee.endpoint.accept(answer.sdp);
      stops.push(atSimCaller.bridgeTo(atSimCallee));
    }
    const result = (await request(child, { type: 'talk', seconds }, 'result')) as Extract<FromClients, { type: 'result' }>;
    return result;
  } finally {
    stops.forEach((stop) => stop());
    legs.forEach((leg) => leg.close());
    child.kill();
  }
}

/** Answer → first frame of a cached `<Say>` at the caller. */
async function sayLatency(plane: MediaPlane, runs: number): Promise<number[]> {
  await plane.speech.speak(SAY_TEXT);
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const client = plane.leg();
    const atSim = plane.leg();
    await client.endpoint.accept(await atSim.endpoint.answer(await client.endpoint.offer()));
    while (!(client.endpoint.connected && atSim.endpoint.connected)) await new Promise((resolve) => setTimeout(resolve, 5));
    const answered = performance.now();
    const first = new Promise<number>((resolve) => client.endpoint.onAudio(() => resolve(performance.now())));
    void atSim.play(await plane.speech.speak(SAY_TEXT));
    samples.push((await first) - answered);
    client.close();
    atSim.close();
  }
  return samples;
}

/** The media figures (bench/README.md). */
export async function measureMedia(options: MediaBenchOptions): Promise<Figure[]> {
  const plane = await MediaPlane.start({ loopback: true });
  try {
    let held = 0;
    let delays: number[] = [];
    const notes: string[] = [];
    for (const calls of options.calls) {
      const run = await relayRun(plane, calls, options.seconds).catch((error: Error) => {
        notes.push(`${calls} calls: ${error.message}`);
        return undefined;
      });
      if (!run) break;
      const loss = 1 - run.received / run.sent;
      notes.push(`${calls} calls: ${(loss * 100).toFixed(2)} % lost, p99 ${quantile(run.delaysMs, 0.99).toFixed(1)} ms`);
      if (loss > 0) break;
      held = calls;
      delays = run.delaysMs;
    }
    const say = await sayLatency(plane, 10);
    return [
      againstLimit('media: relayed calls, audio both ways, 0 % loss', 'calls', { median: held, p95: held, n: 1 }, '≥', 50, notes.join('; ')),
      // One figure, the p99 of every frame timed at the largest loss-free count, shown in both columns.
      againstLimit(
        '  relayed frame delay p99 (client → simulator → client)',
        'ms',
        { median: delays.length ? quantile(delays, 0.99) : NaN, p95: delays.length ? quantile(delays, 0.99) : NaN, n: delays.length },
        '<',
        20,
      ),
      againstLimit('media: answer → first audio of a cached <Say>', 'ms', summarize(say), '<', 300),
    ];
  } finally {
    plane.close();
  }
}
