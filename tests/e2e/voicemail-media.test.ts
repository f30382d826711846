/**
 * Voicemail with the media plane, end to end: the simulated phone (the real Voice SDK in Chromium)
 * calls the team number while nobody is signed in, hears the greeting as sound, talks 3 s into its
 * microphone (a tone the test switches on and off) and hangs up. The real Functions' <Record>
 * leaves a message that GET /voicemail lists with about 3 s, and GET /recording serves as an MP3 of
 * that length; the recording status callback reached /recording-status.
 */
import type { Browser, Page } from 'playwright-core';
import { startSimulator, type Simulator } from '../../simulator';
import { decodeMp3 } from '../../simulator/media/audio/mp3';
import { DEFAULT_VOICEMAIL_GREETING } from '../../src/lib/config/config';
import { inboundAudio, launchChromium } from '../support/browser';
import { setTalking } from '../support/fake-microphone';
import { newProfile } from '../support/softphone';
import { phonePage } from '../support/transfer-scenario';
import { until } from '../support/until';
import { tokenFor } from '../simulator/helpers';

const CALLER = '+14155550123';
const TALK_MS = 3000;
let sim: Simulator;
let browser: Browser;
let phone: Page;

const phoneState = (state: string) => phone.locator(`#status[data-state="${state}"]`).waitFor({ timeout: 30_000 });
const asAlice = (path: string) => fetch(`${sim.url}${path}`, { headers: { Authorization: `Bearer ${tokenFor(sim, 'alice')}` } });

beforeAll(async () => {
  [sim, browser] = await Promise.all([startSimulator({ env: { RING_TIMEOUT: '5' } }), launchChromium()]);
  phone = await phonePage(await newProfile(browser, sim.url), sim.url, CALLER);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await sim?.stop();
});

test('nobody takes the call: greeting heard, 3 s said after the beep, the message listed and served with about that length', async () => {
  const before = await inboundAudio(phone);
  await phone.getByRole('button', { name: 'Call' }).click();
  await until(async () => (await inboundAudio(phone)).energy > before.energy + 0.01, 'the greeting at the caller');
  await phoneState('in-call'); // the greeting answers the call
  await phone.locator('#now[data-kind="record"]').waitFor({ timeout: 30_000 }); // the beep is over: <Record> listens
  await until(() => sim.calls().at(-1)?.says.includes(DEFAULT_VOICEMAIL_GREETING) === true, 'the greeting in the call log');
  await setTalking(phone, true);
  await new Promise((resolve) => setTimeout(resolve, TALK_MS));
  await setTalking(phone, false);
  await phone.getByRole('button', { name: 'Hang up' }).click();
  await phoneState('ready');

  let messages: { id: string; seconds: number; from: { number: string } }[] = [];
  await until(async () => (messages = (await (await asAlice('/voicemail')).json()).messages).length === 1, 'the message in /voicemail', 10_000);
  expect(messages[0].from.number).toBe(CALLER);
  expect(messages[0].seconds).toBeGreaterThanOrEqual(2);
  expect(messages[0].seconds).toBeLessThanOrEqual(4);
  const audio = await asAlice(`/recording?id=${messages[0].id}`);
  expect(audio.headers.get('content-type')).toBe('audio/mpeg');
  const seconds = (await decodeMp3(new Uint8Array(await audio.arrayBuffer()))).length / 8000;
  console.log(`talked ${TALK_MS / 1000} s: /voicemail says ${messages[0].seconds} s, the MP3 from /recording decodes to ${seconds.toFixed(2)} s`);
  expect(Math.abs(seconds - TALK_MS / 1000)).toBeLessThan(0.8);
  const call = sim.calls().at(-1)!;
  expect(call.webhooks.filter((w) => w.url.endsWith('/recording-status')).map((w) => [w.params.RecordingSid, w.status])).toEqual([[messages[0].id, 200]]);
  const history = (await (await asAlice('/calls')).json()).entries;
  expect(history[0]).toMatchObject({ id: call.sid, direction: 'in', outcome: 'voicemail', voicemail: { id: messages[0].id } });
}, 90_000);
