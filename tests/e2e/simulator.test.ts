/**
 * The simulator end to end: the real page and the real Voice SDK in headless Chromium, the real
 * Functions under twilio-run, and WebRTC audio on loopback. Audio is proven by getStats() bytes
 * growing on both sides, never by "accepted"; outcomes are read from the simulator's call log.
 */
import { createServer, type Server } from 'node:http';
import type { Device } from '@twilio/voice-sdk';
import type { Browser, Page } from 'playwright-core';
import { SAY } from '../../src/lib/voice/twiml';
import { startSimulator, type SimCall, type Simulator } from '../../simulator';
import { launchChromium, selectedCandidatePairs } from '../support/browser';
import { audioArrives, newProfile, openPage, signInReady } from '../support/softphone';
import { until } from '../support/until';

const CALLER = '+14155550123';
const FORWARD_TO = '+14155550199';

let sim: Simulator;
let browser: Browser;
let alice: Page;
let bob: Page;
let phone: Page;
let forwardPhone: Page;
let broken: Server;

const banner = (page: Page) => page.getByRole('region', { name: 'Incoming call' });
const callButton = (page: Page) => page.getByRole('button', { name: 'Call', exact: true });
const phoneState = (page: Page, state: string) => page.locator(`#status[data-state="${state}"]`).waitFor({ timeout: 15_000 });

/** The first call logged after `before` calls, once its status callback went out (`timeout`: how long the call may still last). */
async function settledCall(before: number, timeout?: number): Promise<SimCall> {
  let settled: SimCall | undefined;
  await until(
    () => {
      settled = sim.calls()[before];
      return settled?.webhooks.some((w) => w.kind === 'status');
    },
    'the status callback',
    timeout,
  );
  return settled!;
}

async function openPhone(number: string): Promise<Page> {
  const page = await openPage(await newProfile(browser, sim.url), `${sim.url}/__sim/phone?number=${encodeURIComponent(number)}`);
  await phoneState(page, 'ready');
  return page;
}

beforeAll(async () => {
  broken = createServer((_request, response) => response.writeHead(500).end('Internal Server Error'));
  await new Promise<void>((resolve) => broken.listen(0, '127.0.0.1', resolve));
  [sim, browser] = await Promise.all([startSimulator({ env: { RING_TIMEOUT: '5', FORWARD_TO } }), launchChromium()]);
  [alice, bob] = await Promise.all([openPage(await newProfile(browser, sim.url), sim.url), openPage(await newProfile(browser, sim.url), sim.url)]);
  await Promise.all([signInReady(alice, 'alice', sim.passcodes.alice), signInReady(bob, 'bob', sim.passcodes.bob)]);
  [phone, forwardPhone] = await Promise.all([openPhone(CALLER), openPhone(FORWARD_TO)]);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await sim?.stop();
  broken?.close();
});

test('alice calls bob: bob rings and accepts, audio flows both ways through the simulator, and /status gets completed with a duration', async () => {
  const before = sim.calls().length;
  await alice.getByLabel('Number or teammate').fill('bob');
  await callButton(alice).click();
  await banner(bob).waitFor();
  await bob.getByRole('button', { name: 'Accept' }).click();
  const accepted = Date.now();
  await Promise.all([audioArrives(alice), audioArrives(bob)]);
  // Each page's selected ICE pair ends at one of the simulator's endpoints, on loopback, never at the other page.
  const [alicePairs, bobPairs] = await Promise.all([selectedCandidatePairs(alice), selectedCandidatePairs(bob)]);
  const simulatorPorts = sim.mediaAddresses().map((a) => a.port);
  expect(alicePairs).toHaveLength(1);
  expect(bobPairs).toHaveLength(1);
  for (const pair of [...alicePairs, ...bobPairs]) {
    expect(pair.remote.address).toBe('127.0.0.1');
    expect(pair.local.address).toBe('127.0.0.1');
    expect(simulatorPorts).toContain(pair.remote.port);
  }
  expect(alicePairs[0].remote.port).not.toBe(bobPairs[0].local.port);
  expect(bobPairs[0].remote.port).not.toBe(alicePairs[0].local.port);
  // Keep talking past one second so the call has a duration to report.
  await alice.waitForTimeout(Math.max(0, 1600 - (Date.now() - accepted)));
  await alice.getByRole('button', { name: 'Hang up' }).click();
  await callButton(bob).waitFor();

  const call = await settledCall(before);
  expect(call).toMatchObject({ from: 'client:alice', status: 'completed' });
  expect(call.legs).toEqual([expect.objectContaining({ to: 'client:bob', status: 'completed' })]);
  const status = call.webhooks.find((w) => w.kind === 'status')!;
  expect(status.status).toBe(200);
  expect(status.params.CallStatus).toBe('completed');
  expect(Number(status.params.CallDuration)).toBeGreaterThanOrEqual(1);
});

test('the simulated phone calls the team number: every signed-in page rings, the first to answer gets it, the other stops ringing', async () => {
  const before = sim.calls().length;
  await phone.getByRole('button', { name: 'Call' }).click();
  await Promise.all([banner(alice).waitFor(), banner(bob).waitFor()]);
  await bob.getByRole('button', { name: 'Accept' }).click();
  await banner(alice).waitFor({ state: 'hidden' });
  await Promise.all([audioArrives(phone), audioArrives(bob)]);
  await phone.getByRole('button', { name: 'Hang up' }).click();
  await callButton(bob).waitFor();

  const call = await settledCall(before);
  expect(call).toMatchObject({ from: CALLER, to: sim.teamNumber, status: 'completed' });
  const legs = Object.fromEntries(call.legs.map((leg) => [leg.to, leg.status]));
  expect(legs).toEqual({ 'client:alice': 'canceled', 'client:bob': 'completed' });
});

test('nobody answers within RING_TIMEOUT: the pages stop ringing and the call goes to FORWARD_TO', async () => {
  const before = sim.calls().length;
  await phone.getByRole('button', { name: 'Call' }).click();
  await Promise.all([banner(alice).waitFor(), banner(bob).waitFor()]);
  await phoneState(forwardPhone, 'incoming');
  expect(await banner(alice).isHidden()).toBe(true);
  expect(await banner(bob).isHidden()).toBe(true);
  await forwardPhone.getByRole('button', { name: 'Accept' }).click();
  await Promise.all([audioArrives(phone), audioArrives(forwardPhone)]);
  await forwardPhone.getByRole('button', { name: 'Hang up' }).click();
  await phoneState(phone, 'ready');

  const call = await settledCall(before);
  const action = call.webhooks.find((w) => w.kind === 'action')!;
  expect(action.params.DialCallStatus).toBe('no-answer');
  expect(action.response).toContain(`<Number>${FORWARD_TO}</Number>`);
  expect(call.legs.find((leg) => leg.to === FORWARD_TO)?.status).toBe('completed');
});

test("with maxCallSignalingTimeoutMs, a call survives its caller's signaling socket dropping, and audio keeps flowing", async () => {
  const carol = await openPage(await newProfile(browser, sim.url), `${sim.url}/__sim/sdk`);
  await carol.evaluate(async (passcode) => {
    const config = await (await fetch('/__sim/config')).json();
    const reply = await (await fetch('/token', { headers: { Authorization: `Basic ${btoa(`carol:${passcode}`)}` } })).json();
    const w = window as unknown as { Twilio: { Device: new (token: string, options: object) => Device }; SwitchboardDeviceOptions: object; events: string[] };
    w.events = [];
    const device = new w.Twilio.Device(reply.token, { ...w.SwitchboardDeviceOptions, sounds: config.sounds, maxCallSignalingTimeoutMs: 30_000 });
    device.on('error', (error: { code: number }) => w.events.push(`error ${error.code}`));
    await device.register();
    const call = await device.connect({ params: { To: '+14155550199' } });
    for (const name of ['accept', 'reconnecting', 'reconnected', 'disconnect']) call.on(name, () => w.events.push(name));
  }, sim.passcodes.carol);
  const events = () => carol.evaluate(() => (window as unknown as { events: string[] }).events);
  await phoneState(forwardPhone, 'incoming');
  await forwardPhone.getByRole('button', { name: 'Accept' }).click();
  await Promise.all([audioArrives(carol), audioArrives(forwardPhone)]);

  sim.dropSockets('carol');
  await until(async () => (await events()).includes('reconnected'), 'the call to reconnect');
  await Promise.all([audioArrives(carol), audioArrives(forwardPhone)]);
  await forwardPhone.getByRole('button', { name: 'Hang up' }).click();
  await until(async () => (await events()).includes('disconnect'), 'the hangup to reach carol');
  expect(await events()).toEqual(['accept', 'error 31005', 'reconnecting', 'reconnected', 'disconnect']);
  await carol.close();
});

test('a broken Voice URL (500): the caller gets the fallback apology, and the call log shows it', async () => {
  sim.setVoiceUrl(`http://localhost:${(broken.address() as { port: number }).port}/voice`);
  try {
    const before = sim.calls().length;
    await alice.getByLabel('Number or teammate').fill('bob');
    await callButton(alice).click();
    // The call ends (and its status callback goes out) only once the apology, about 7 s of speech, has played.
    const call = await settledCall(before, 30_000);
    await callButton(alice).waitFor();
    expect(call.webhooks.map((w) => [w.kind, w.status])).toEqual([
      ['voice', 500],
      ['fallback', 200],
      ['status', 200],
    ]);
    expect(call.says).toEqual([SAY.fallback]);
    expect(await banner(bob).isHidden()).toBe(true);
  } finally {
    sim.setVoiceUrl();
  }
});
