/**
 * Opus with the real Voice SDK in Chromium, as Twilio's own SDK suite checks it: two Devices
 * created with `codecPreferences: ['opus', 'pcmu']` call each other through a `<Dial><Client>`,
 * and both calls send and receive Opus, with audio arriving at each browser; a Device with the
 * SDK's default preferences (PCMU first) still talks with an Opus one, the simulator converting.
 */
import type { Call, Device } from '@twilio/voice-sdk';
import type { Browser, Page } from 'playwright-core';
import AccessToken from 'twilio/lib/jwt/AccessToken';
import { startSimulator, type Simulator } from '../../simulator';
import { launchChromium } from '../support/browser';
import { audioArrives, newProfile, openPage } from '../support/softphone';
import { startStandInApp, type StandInApp } from '../support/stand-in-app';
import { until } from '../support/until';

let sim: Simulator;
let app: StandInApp;
let browser: Browser;
const pages: Page[] = [];

function token(identity: string): string {
  const jwt = new AccessToken(sim.env.ACCOUNT_SID, sim.env.API_KEY, sim.env.API_SECRET, { ttl: 600, identity });
  jwt.addGrant(new AccessToken.VoiceGrant({ incomingAllow: true, outgoingApplicationSid: sim.env.TWIML_APP_SID }));
  return jwt.toJwt();
}

/** An SDK sandbox page with a registered Device for `identity`; `opus`: it prefers Opus, as in Twilio's Opus spec. */
async function sdkDevice(identity: string, opus: boolean): Promise<Page> {
  const page = await openPage(await newProfile(browser, sim.url), `${sim.url}/__sim/sdk`);
  pages.push(page);
  await page.evaluate(
    async ({ jwt, opus }) => {
      const config = await (await fetch('/__sim/config')).json();
      const w = window as unknown as { Twilio: { Device: new (token: string, options: object) => Device }; SwitchboardDeviceOptions: object; device: Device; call: Call };
      w.device = new w.Twilio.Device(jwt, { ...w.SwitchboardDeviceOptions, sounds: config.sounds, ...(opus ? { codecPreferences: ['opus', 'pcmu'] } : {}) });
      w.device.on('incoming', (call: Call) => {
        w.call = call;
        call.accept();
      });
      await w.device.register();
    },
    { jwt: token(identity), opus },
  );
  return page;
}

/** The fields of getStats reports read for codecs: an RTP stream's kind and codec, a codec's MIME type. */
type CodecReport = RTCStats & { kind?: string; codecId?: string; mimeType?: string };

/** The codecs a page's live call sends and receives, as getStats names them (`audio/opus`, `audio/PCMU`). */
function codecsOf(page: Page): Promise<{ sent: string[]; received: string[] }> {
  return page.evaluate(async () => {
    const peers = ((window as unknown as { __simPeers?: RTCPeerConnection[] }).__simPeers ?? []).filter((pc) => pc.connectionState === 'connected');
    const result = { sent: [] as string[], received: [] as string[] };
    for (const pc of peers) {
      const stats = new Map<string, CodecReport>();
      (await pc.getStats()).forEach((report: CodecReport) => stats.set(report.id, report));
      for (const report of stats.values()) {
        if ((report.type !== 'outbound-rtp' && report.type !== 'inbound-rtp') || report.kind !== 'audio' || !report.codecId) continue;
        (report.type === 'outbound-rtp' ? result.sent : result.received).push(stats.get(report.codecId)?.mimeType ?? 'no codec report');
      }
    }
    return result;
  });
}

/** `caller` calls `callee`'s identity; resolves once both browsers hear audio. */
async function call(caller: Page, callee: Page, to: string): Promise<void> {
  await caller.evaluate(async (identity) => {
    const w = window as unknown as { device: Device; call: Call };
    w.call = await w.device.connect({ params: { To: identity } });
  }, to);
  await until(() => callee.evaluate(() => Boolean((window as unknown as { call?: unknown }).call)), 'the callee to accept');
  await Promise.all([audioArrives(caller), audioArrives(callee)]);
}

beforeAll(async () => {
  app = await startStandInApp((_path, params) => `<Response><Dial><Client>${params.To}</Client></Dial></Response>`);
  [sim, browser] = await Promise.all([startSimulator({ voiceUrl: `${app.base}/voice` }), launchChromium()]);
}, 60_000);

afterEach(async () => {
  for (const page of pages.splice(0)) await page.context().close();
});

afterAll(async () => {
  await browser?.close();
  await sim?.stop();
  app?.close();
});

test('two Devices that prefer Opus: both calls send and receive Opus, and each browser hears the other', async () => {
  const stamp = Date.now();
  const [one, two] = await Promise.all([sdkDevice(`id1-${stamp}`, true), sdkDevice(`id2-${stamp}`, true)]);
  await call(one, two, `id2-${stamp}`);
  for (const page of [one, two]) expect(await codecsOf(page)).toEqual({ sent: ['audio/opus'], received: ['audio/opus'] });
});

test('an Opus Device and a PCMU Device talk: each sends its own preference and hears the other', async () => {
  const stamp = Date.now();
  const [opus, pcmu] = await Promise.all([sdkDevice(`opus-${stamp}`, true), sdkDevice(`pcmu-${stamp}`, false)]);
  await call(opus, pcmu, `pcmu-${stamp}`);
  expect(await codecsOf(opus)).toEqual({ sent: ['audio/opus'], received: ['audio/opus'] });
  expect(await codecsOf(pcmu)).toEqual({ sent: ['audio/PCMU'], received: ['audio/PCMU'] });
});
