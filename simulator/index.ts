/**
 * The local Twilio simulator: the real Functions under twilio-run, a signaling server
 * the real Voice SDK registers with, a TwiML executor with signed webhooks, Twilio's REST API
 * (Voice, the account, Sync) and one front URL for the page, the Functions, `/signal`, the REST
 * API and `/__sim/…`.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { readConfig, REGION_EDGES } from '../src/lib/config/config';
import { DIST, ROOT } from '../build/build';
import { routedCopy } from '../build/routing-build';
import { freePort, startRuntime, type LocalRuntime, type RestProxySettings } from '../build/local-runtime';
import type { SimCall } from './calls/call-log';
import { CallEngine } from './calls/calls';
import { ConferenceStore } from './calls/conferences';
import { RecordingStore } from './calls/recordings';
import { DemoAccount, demoAccount, demoConfig } from './demo-config';
import { DeviceRegistry } from './signaling/devices';
import { MediaPlane } from './media/media-plane';
import { createFrontServer } from './pages/front-server';
import { functionPaths } from './pages/function-rules';
import { SignalingServer } from './signaling/signaling';
import { SimulatorPages } from './pages/sim-pages';
import type { SimAccount } from './rest/account';
import { startRestService, type RestServiceOptions } from './rest/rest-service';
import { SyncStore } from './rest/sync-store';
import { StateFolder } from './state/state-folder';

export type { SimCall, SimLeg, SimWebhook } from './calls/call-log';

export interface SimulatorOptions {
  /** Default: a free loopback port (npm start uses PORT || 3000). */
  port?: number;
  /** Overrides of the configuration variables (TOKEN_TTL, RING_TIMEOUT, FORWARD_TO, …). */
  env?: Record<string, string>;
  /** The passcode of alice, bob and carol (DEMO_PASSCODE); random otherwise. */
  passcode?: string;
  /** Overrides the TwiML App's Voice URL (fallback tests point it at something that fails). */
  voiceUrl?: string;
  /** How long a webhook may take before it counts as failed; Twilio's 15 s by default. */
  webhookTimeoutMs?: number;
  /**
   * Keep every media packet on 127.0.0.1 (only loopback candidates offered, every other remote
   * candidate ignored). Default: SIM_MEDIA_LOOPBACK=1 in the environment; otherwise the
   * computer's own addresses, so an ordinary browser connects.
   */
  mediaLoopback?: boolean;
  /** How often signaling sends heartbeats (5 s); a client that leaves 3 unechoed is dropped. */
  heartbeatMs?: number;
  /** Receives one line per call event (npm start prints them); silent by default. */
  log?: (line: string) => void;
  /**
   * The state folder: the account's records (calls, recordings and their audio, conferences) and
   * the demo account itself are restored from it and kept in it, so a restart forgets nothing, as
   * Twilio forgets nothing. Default: none, everything is forgotten at stop (tests, benchmarks).
   */
  stateFolder?: string;
  /**
   * A routing file to serve instead of the project's own routing.json: the Functions
   * are served from a copy of dist/ with this one built in (tests of menus, groups and hours).
   */
  routing?: object;
  /** The clock of the Sync store (TTLs, rate limits); Date.now by default. */
  syncNow?: () => number;
  /** Hears every REST request the Functions send (benchmarks count what a page costs at Twilio). */
  observeRest?: RestServiceOptions['observe'];
}

export interface Simulator {
  /** http://localhost:PORT — the page, the Functions (proxied), ws /signal, /__sim/*. */
  url: string;
  /** CALLER_ID of the demo. */
  teamNumber: string;
  team: string[];
  passcodes: Record<string, string>;
  /** The full environment twilio-run was given, besides HTTP_PROXY (see `restProxy`) and DOMAIN_NAME (the front URL's host). */
  env: Record<string, string>;
  /** The interception proxy twilio-run sends its REST API requests through (docs/twilio-runtime.md). */
  restProxy: RestProxySettings;
  /** Every recording of the simulated account (`<Record>` and `<Dial record>` fill it, the REST API serves them). */
  recordings: RecordingStore;
  /** Every conference of the simulated account (the REST API serves and updates them). */
  conferences: ConferenceStore;
  /** The simulated account: its credentials, API keys, TwiML App and numbers. */
  account: SimAccount;
  /** The account's Twilio Sync (SYNC_SERVICE_SID names the demo's Service in it). */
  sync: SyncStore;
  /** The state folder the account's records are kept in, if any. */
  stateFolder?: string;
  /** What GET /__sim/calls returns. */
  calls(): SimCall[];
  /** Points the TwiML App's Voice URL elsewhere (undefined: back to the real /voice), e.g. at a server that fails. */
  setVoiceUrl(url?: string): void;
  /** Local address and port of each connected media endpoint of the simulator. */
  mediaAddresses(): { address: string; port: number }[];
  /** Legs whose media endpoint is still open (0 once every call ended: nothing leaks). */
  openMediaLegs(): number;
  /** Abruptly closes signaling sockets (all, or one identity's). */
  dropSockets(identity?: string): void;
  /** Stops twilio-run, closes every socket and server. */
  stop(): Promise<void>;
}

function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/** Starts twilio-run on dist/ and the simulator in front of it. Run `npm run build` first. */
export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  if (!existsSync(join(DIST, 'functions', 'voice.protected.js'))) throw new Error('dist/ is not built: run `npm run build` first.');
  const log = options.log ?? (() => undefined);
  const state = options.stateFolder ? new StateFolder(options.stateFolder, (line) => log(`state: ${line}`)) : undefined;
  const savedDemo = new DemoAccount();
  state?.register(savedDemo);
  const demo = await demoConfig(options.env, options.passcode, savedDemo);
  const { config, problems } = readConfig(demo.env);
  if (!config) throw new Error(`The simulator's configuration is not usable:\n${problems.map((p) => `  ${p.message}`).join('\n')}`);
  const port = options.port ?? (await freePort());
  const publicUrl = `http://localhost:${port}`;
  const registry = new DeviceRegistry();
  // The URLs are filled in once twilio-run runs; the REST proxy must exist before it starts.
  const urls = { voice: '', fallback: '', status: '' };
  const media = await MediaPlane.start({ loopback: options.mediaLoopback ?? process.env.SIM_MEDIA_LOOPBACK === '1' });
  const recordings = new RecordingStore();
  const conferences = new ConferenceStore();
  const engine = new CallEngine({
    registry,
    media,
    recordings,
    conferences,
    publicUrl,
    env: demo.env,
    team: [...config.team.keys()],
    urls,
    webhookTimeoutMs: options.webhookTimeoutMs,
    log: options.log,
  });
  const region = config.region ?? 'us1';
  const sync = new SyncStore({ now: options.syncNow });
  for (const store of [engine.log, recordings, conferences, sync]) state?.register(store);
  const account = demoAccount(demo.env, region, publicUrl, sync);
  const rest = await startRestService({ account, sync, region, voice: { engine, recordings, conferences, callerIds: [config.callerId] }, observe: options.observeRest });
  let runtime: LocalRuntime;
  let routed: Awaited<ReturnType<typeof routedCopy>> | undefined;
  const removeRouted = () => routed && rmSync(routed.folder, { recursive: true, force: true });
  try {
    routed = options.routing ? await routedCopy(ROOT, DIST, options.routing, `simulator-${randomUUID()}`) : undefined;
    // The Functions' DOMAIN_NAME is the front URL, as a deployed service's is its public domain:
    // the URLs they hand Twilio (and that the call log shows) are ones a person can open.
    runtime = await startRuntime({ ...demo.env, DOMAIN_NAME: `localhost:${port}` }, { restProxy: rest.proxy, functionsFolder: routed?.functionsFolder, assetsFolder: routed?.assetsFolder });
  } catch (error) {
    media.close();
    await rest.close();
    removeRouted();
    throw error;
  }
  const realVoiceUrl = `${publicUrl}/voice`;
  Object.assign(urls, { voice: options.voiceUrl ?? realVoiceUrl, fallback: `${publicUrl}/fallback`, status: `${publicUrl}/status` });
  const signaling = new SignalingServer({
    keys: { accountSid: config.accountSid, apiKey: config.apiKey, apiSecret: config.apiSecret, region },
    edge: REGION_EDGES[region],
    registry,
    engine,
    heartbeatMs: options.heartbeatMs,
  });
  const server = createFrontServer({
    runtimePort: runtime.port,
    pages: new SimulatorPages(config, engine, demo.env.AUTH_TOKEN),
    signaling,
    rest: rest.api,
    functions: functionPaths(join(DIST, 'functions')),
  });
  try {
    await listen(server, port);
  } catch (error) {
    media.close();
    await Promise.all([runtime.stop(), rest.close()]);
    throw error;
  }
  state?.start();
  let stopped: Promise<void> | undefined;
  return {
    url: publicUrl,
    teamNumber: config.callerId,
    team: [...config.team.keys()],
    passcodes: demo.passcodes,
    env: demo.env,
    restProxy: rest.proxy,
    recordings,
    conferences,
    account,
    sync,
    stateFolder: state?.path,
    calls: () => engine.calls(),
    setVoiceUrl: (url) => {
      urls.voice = url ?? realVoiceUrl;
    },
    openMediaLegs: () => media.openLegs,
    mediaAddresses: () => media.connectedAddresses(),
    dropSockets: (identity) => signaling.dropSockets(identity),
    stop: () =>
      (stopped ??= (async () => {
        engine.stop();
        media.close();
        signaling.close();
        server.closeAllConnections();
        await Promise.all([new Promise<void>((resolve) => server.close(() => resolve())), runtime.stop(), rest.close()]);
        removeRouted();
        // Last: the calls the stop ended (and what they were recording) are kept as they ended.
        state?.close();
      })()),
  };
}
