/**
 * The load side of the simulator-capacity benchmark, in a process of its own so clients and
 * simulator do not share one event loop (forked by bench/capacity.ts): signs in protocol-level
 * clients at a steady rate, sets up calls from browsers to simulated phones (through the real
 * `/voice`: `<Dial callerId><Number>`) or to other browsers (`<Dial><Client>`), holds the calls
 * until the parent has counted them, hangs up, and checks every client is still registered.
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import { readConfig } from '../src/lib/config/config';
import { createVoiceToken } from '../src/lib/auth/voice-token';
import { phoneIdentity } from '../simulator/calls/phone-numbers';
import { PStreamClient } from '../tests/support/pstream-client';

/** The request → response or relay pairs whose latency is measured, in the order of a call. */
export const LATENCY_KINDS = ['listen → connected', 'register → ready', 'invite → callee invite', 'answer → caller answer', 'hangup → peer hangup'] as const;
export type LatencyKind = (typeof LATENCY_KINDS)[number];

/** What one load run does (sent by the parent). */
export interface LoadJob {
  /** http://localhost:PORT of the simulator */
  simulatorUrl: string;
  /** The simulator's environment: API key and secret to mint tokens with. */
  env: Record<string, string>;
  clients: number;
  /** Calls from the team members `caller0…` to `callee0…` or to the simulated phones of `phoneNumber(0…)`; needs clients ≥ 2 × calls. */
  calls: number;
  /** Whom the calls ring: a simulated phone (a phone number) or a teammate's browser. */
  target: CallTarget;
  connectsPerSecond: number;
  callsPerSecond: number;
  timeoutMs: number;
}

/** What one load run found. */
export interface LoadResult {
  /** Clients that got `ready`. */
  registered: number;
  /** Clients still connected at the end that answered a fresh `register` with `ready`. */
  held: number;
  /** Calls answered on both sides. */
  established: number;
  /** Of those, calls neither side had hung up when the parent counted them. */
  intact: number;
  latencies: Record<LatencyKind, number[]>;
  /** The first few failures, for the report. */
  failures: string[];
}

/** Messages between this process and bench/capacity.ts. */
export type LoadMessage = { type: 'held'; established: number } | { type: 'result'; result: LoadResult };

/** What the parent sends: the job, then `release` once it has counted the held calls. */
export type ParentMessage = { type: 'start'; job: LoadJob } | { type: 'release' };

/** Whom a run's calls ring: the simulated phone of a number, or a teammate's browser. */
export type CallTarget = 'phone' | 'client';

/** The identities of the i-th call; the parent puts callers and browser callees in the team (only teammates may call or be called). */
export const callerIdentity = (i: number) => `caller${i}`;
export const calleeIdentity = (i: number) => `callee${i}`;
/** The number of the i-th call's phone (a San Francisco number /voice allows): +14155552000 on. */
export const phoneNumber = (i: number) => `+1415555${2000 + i}`;

/** What the i-th caller dials and the identity the device it rings signs in with (a simulated phone is `phone_<digits>`). */
function calleeOf(i: number, target: CallTarget): { dialled: string; identity: string } {
  if (target === 'client') return { dialled: calleeIdentity(i), identity: calleeIdentity(i) };
  return { dialled: phoneNumber(i), identity: phoneIdentity(phoneNumber(i)) };
}

/** Small offer and answer that look like a browser's: the load is signaling, no media flows. */
const sdp = (setup: string) =>
  [
    'v=0',
    'o=- 4611731400430051336 2 IN IP4 127.0.0.1',
    's=-',
    't=0 0',
    'a=group:BUNDLE 0',
    'm=audio 9 UDP/TLS/RTP/SAVPF 111 0',
    'c=IN IP4 0.0.0.0',
    'a=ice-ufrag:bnch',
    'a=ice-pwd:benchbenchbenchbenchbe',
    `a=setup:${setup}`,
    'a=mid:0',
    'a=sendrecv',
    'a=rtpmap:111 opus/48000/2',
    'a=rtpmap:0 PCMU/8000',
    '',
  ].join('\r\n');
const OFFER = sdp('actpass');
const ANSWER = sdp('active');
/** What `listen` says about the client, as the browser SDK 2.18.5 says it. */
const BROWSER_INFO = { browser: { platform: 'bench', userAgent: 'switchboard-bench' }, p: 'browser', plugin: 'rtc', v: '2.18.5' };

/** Sends a frame and resolves with the ms until `client` receives a frame of type `awaited`. */
async function roundTrip(sender: PStreamClient, type: string, payload: Record<string, unknown>, client: PStreamClient, awaited: string, timeoutMs: number) {
  const sent = performance.now();
  sender.send(type, payload);
  const reply = await client.next(awaited, undefined, timeoutMs);
  return { ms: performance.now() - sent, reply };
}

const isOpen = (client: PStreamClient) => client.socket.readyState === WebSocket.OPEN;

/** Runs `task(i)` for i < count, starting them `perSecond` per second; settles when all have. */
async function paced<T>(count: number, perSecond: number, task: (i: number) => Promise<T>): Promise<PromiseSettledResult<T>[]> {
  const started: Promise<T>[] = [];
  const start = Date.now();
  for (let i = 0; i < count; i++) {
    const due = start + (i * 1000) / perSecond;
    if (due > Date.now()) await new Promise((resolve) => setTimeout(resolve, due - Date.now()));
    started.push(task(i));
  }
  return Promise.allSettled(started);
}

interface Call {
  caller: PStreamClient;
  callee: PStreamClient;
  /** The CA sid the caller hangs up with. */
  sid: string;
}

/**
 * One run: sign in, set up the calls, let `holdCalls` count them while they are held, hang up,
 * re-register everyone, close. Failures are counted and described, never thrown.
 */
export async function runLoad(job: LoadJob, holdCalls: (established: number) => Promise<void>): Promise<LoadResult> {
  const { config } = readConfig(job.env);
  if (!config) throw new Error('the simulator environment is not a usable configuration');
  const latencies = Object.fromEntries(LATENCY_KINDS.map((kind) => [kind, [] as number[]])) as Record<LatencyKind, number[]>;
  const failures: string[] = [];
  const note = (results: PromiseSettledResult<unknown>[]) => {
    for (const r of results) if (r.status === 'rejected' && failures.length < 5) failures.push(String((r.reason as Error)?.message ?? r.reason));
  };
  const clients: PStreamClient[] = [];
  const identity = (i: number) => (i < job.calls ? callerIdentity(i) : i < 2 * job.calls ? calleeOf(i - job.calls, job.target).identity : `idle${i}`);

  const register = async (client: PStreamClient) => {
    latencies['register → ready'].push((await roundTrip(client, 'register', { media: { audio: true } }, client, 'ready', job.timeoutMs)).ms);
  };
  const signIn = await paced(job.clients, job.connectsPerSecond, async (i) => {
    const client = await PStreamClient.connect(job.simulatorUrl);
    clients[i] = client;
    const listen = { token: createVoiceToken(config, identity(i)).token, browserinfo: BROWSER_INFO, reconnectTimeout: 0 };
    latencies['listen → connected'].push((await roundTrip(client, 'listen', listen, client, 'connected', job.timeoutMs)).ms);
    await register(client);
  });
  note(signIn);

  const setUp = await paced(job.calls, job.callsPerSecond, async (i): Promise<Call> => {
    const [caller, callee] = [clients[i], clients[job.calls + i]];
    if (!caller || !callee) throw new Error('a client of this call did not connect');
    const params = new URLSearchParams({ To: calleeOf(i, job.target).dialled }).toString();
    const invite = await roundTrip(caller, 'invite', { callsid: `TJS${randomUUID()}`, sdp: OFFER, twilio: { params } }, callee, 'invite', job.timeoutMs);
    latencies['invite → callee invite'].push(invite.ms);
    const answer = await roundTrip(callee, 'answer', { callsid: invite.reply.callsid, sdp: ANSWER }, caller, 'answer', job.timeoutMs);
    latencies['answer → caller answer'].push(answer.ms);
    return { caller, callee, sid: String(answer.reply.callsid) };
  });
  note(setUp);
  const calls = setUp.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  await holdCalls(calls.length);
  const intact = calls.filter(({ caller, callee }) => [caller, callee].every((c) => isOpen(c) && c.unread('hangup').length === 0)).length;

  note(
    await paced(calls.length, job.callsPerSecond, async (i) => {
      const { caller, callee, sid } = calls[i];
      latencies['hangup → peer hangup'].push((await roundTrip(caller, 'hangup', { callsid: sid }, callee, 'hangup', job.timeoutMs)).ms);
    }),
  );
  const stillRegistered = await paced(clients.length, job.connectsPerSecond * 2, async (i) => {
    if (!clients[i] || !isOpen(clients[i])) throw new Error('a client lost its connection');
    await register(clients[i]);
  });
  note(stillRegistered);
  for (const client of clients) client?.close();
  return {
    registered: signIn.filter((r) => r.status === 'fulfilled').length,
    held: stillRegistered.filter((r) => r.status === 'fulfilled').length,
    established: calls.length,
    intact,
    latencies,
    failures,
  };
}

if (require.main === module) {
  let release: () => void = () => undefined;
  const send = (message: LoadMessage) => process.send!(message);
  process.on('message', (message: ParentMessage) => {
    if (message.type === 'release') return release();
    runLoad(message.job, (established) => {
      send({ type: 'held', established });
      return new Promise<void>((resolve) => (release = resolve));
    }).then(
      (result) => {
        send({ type: 'result', result });
        process.disconnect();
      },
      (error: Error) => {
        console.error(error.stack ?? error);
        process.exit(1);
      },
    );
  });
}
