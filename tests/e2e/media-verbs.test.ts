/**
 * TwiML verbs with real audio, heard and answered by the real Voice SDK in Chromium: a simulated
 * phone calls the team number, whose Voice URL is a tiny local TwiML server. Audio is proven by
 * getStats() energy at the caller (the SDK plays the remote track through an unmuted element),
 * digits go out with `call.sendDigits()` (RFC 4733, since the simulator's answer offers
 * telephone-event), and the microphone is a WebAudio tone the test switches on and off, so the
 * recording's length is known.
 */
import { createServer, type Server } from 'node:http';
import type { Browser, Page } from 'playwright-core';
import { recordingSeconds } from '../../simulator/calls/recordings';
import { encodeMp3 } from '../../simulator/media/audio/mp3';
import { dbfs } from '../../simulator/media/audio/pcm';
import { decodeWav } from '../../simulator/media/audio/wav';
import { startSimulator, type Simulator } from '../../simulator';
import { inboundAudio, launchChromium } from '../support/browser';
import { fakeMicrophone, setTalking } from '../support/fake-microphone';
import { newProfile, openPage } from '../support/softphone';
import { until } from '../support/until';

const CALLER = '+14155550123';
const CALLEE = '+14155550199';
const TONE_SECONDS = 1;

let sim: Simulator;
let browser: Browser;
let phone: Page;
let callee: Page;
let server: Server;
let base: string;
/** The TwiML each path of the Voice URL answers, set per test. */
let routes: Record<string, (params: Record<string, string>) => string> = {};
const received: { path: string; params: Record<string, string> }[] = [];

/** A 16-bit 8 kHz mono WAV of a 440 Hz tone, for `<Play>`. */
function toneWav(): Buffer {
  const samples = 8000 * TONE_SECONDS;
  const wav = Buffer.alloc(44 + samples * 2);
  wav.write('RIFF', 0);
  wav.writeUInt32LE(36 + samples * 2, 4);
  wav.write('WAVEfmt ', 8);
  wav.writeUInt32LE(16, 16);
  wav.writeUInt16LE(1, 20);
  wav.writeUInt16LE(1, 22);
  wav.writeUInt32LE(8000, 24);
  wav.writeUInt32LE(16000, 28);
  wav.writeUInt16LE(2, 32);
  wav.writeUInt16LE(16, 34);
  wav.write('data', 36);
  wav.writeUInt32LE(samples * 2, 40);
  for (let i = 0; i < samples; i++) wav.writeInt16LE(Math.round(8000 * Math.sin((2 * Math.PI * 440 * i) / 8000)), 44 + i * 2);
  return wav;
}

const stateOf = (page: Page, state: string) => page.locator(`#status[data-state="${state}"]`).waitFor({ timeout: 15_000 });
const phoneState = (state: string) => stateOf(phone, state);
const setPhoneTalking = (on: boolean) => setTalking(phone, on);
const hits = (path: string) => received.filter((r) => r.path === path);

/**
 * The phone calls the team; resolves once the call reached `state`: in-call once answered
 * (`<Gather>`, `<Record>`), calling while `<Say>`/`<Play>` are early media and while a `<Dial>`
 * rings (as at Twilio, a caller hears it was answered once the bridge is up).
 */
async function callTeam(voice: string, more: typeof routes = {}, state = 'in-call'): Promise<void> {
  routes = { '/voice': () => voice, ...more };
  received.length = 0;
  await phone.getByRole('button', { name: 'Call' }).click();
  await phoneState(state);
}

async function hangUp(): Promise<void> {
  if (await phone.getByRole('button', { name: 'Hang up' }).isVisible()) await phone.getByRole('button', { name: 'Hang up' }).click();
  await phoneState('ready');
}

/** Resolves once the caller heard sound (energy, not just bytes: silence has bytes too). */
async function soundArrives(): Promise<void> {
  const before = await inboundAudio(phone);
  await until(async () => (await inboundAudio(phone)).energy > before.energy + 0.01, 'sound at the caller');
}

beforeAll(async () => {
  const wav = toneWav();
  const mp3 = encodeMp3(decodeWav(wav));
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      const path = (request.url ?? '/').split('?')[0];
      if (path === '/tone.wav' || path === '/tone.mp3') {
        response.writeHead(200, { 'Content-Type': path.endsWith('.mp3') ? 'audio/mpeg' : 'audio/wav' }).end(path.endsWith('.mp3') ? mp3 : wav);
        return;
      }
      const params = Object.fromEntries(new URLSearchParams(body));
      received.push({ path, params });
      const route = routes[path] as ((params: Record<string, string>) => string) | undefined;
      response.writeHead(route ? 200 : 404, { 'Content-Type': 'text/xml' }).end(route ? route(params) : 'not found');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://localhost:${(server.address() as { port: number }).port}`;
  [sim, browser] = await Promise.all([startSimulator({ voiceUrl: `${base}/voice` }), launchChromium()]);
  const openPhone = async (number: string) => {
    const context = await newProfile(browser, sim.url);
    await context.addInitScript(fakeMicrophone);
    const page = await openPage(context, `${sim.url}/__sim/phone?number=${encodeURIComponent(number)}`);
    await stateOf(page, 'ready');
    return page;
  };
  [phone, callee] = await Promise.all([openPhone(CALLER), openPhone(CALLEE)]);
}, 60_000);

afterEach(async () => {
  await hangUp();
});

afterAll(async () => {
  await browser?.close();
  await sim?.stop();
  server?.close();
});

test('<Say> is heard by the caller as sound, and its sentence is in the call log', async () => {
  await callTeam('<Response><Say>Hello, this is the simulator speaking to you.</Say><Pause length="20"/></Response>');
  await soundArrives();
  expect(sim.calls().at(-1)?.says).toEqual(['Hello, this is the simulator speaking to you.']);
  // The simulated phone shows the words it hears.
  await phone.getByRole('region', { name: 'What the line says' }).getByText('Hello, this is the simulator speaking to you.').waitFor();
});

test.each(['wav', 'mp3'])('<Play> of a %s URL is heard by the caller', async (kind) => {
  await callTeam(`<Response><Play loop="3">${base}/tone.${kind}</Play><Pause length="20"/></Response>`);
  await soundArrives();
  expect(
    sim
      .calls()
      .at(-1)
      ?.events.filter((e) => e.code),
  ).toEqual([]);
});

test('<Gather> receives the digits of call.sendDigits() (RFC 4733) and posts them to its action', async () => {
  await callTeam('<Response><Gather numDigits="2" timeout="10" action="/gathered"><Say>Please enter two digits.</Say></Gather></Response>', {
    '/gathered': (params) => `<Response><Say>You entered ${params.Digits}.</Say><Pause length="20"/></Response>`,
  });
  await phone.evaluate(() => (window as unknown as { simPhone: { call: { sendDigits(d: string): void } } }).simPhone.call.sendDigits('42'));
  await until(() => hits('/gathered').length > 0, 'the Gather action');
  expect(hits('/gathered')[0].params.Digits).toBe('42');
});

test("the phone's keypad sends DTMF: a <Gather> ends on its # key", async () => {
  await callTeam('<Response><Gather timeout="10" action="/gathered"><Say>Enter digits, then hash.</Say></Gather></Response>', {
    '/gathered': () => '<Response><Pause length="20"/></Response>',
  });
  const keypad = phone.getByRole('group', { name: 'Keypad' });
  // Keys pressed as a person does: the browser's DTMF sender replaces tones still queued.
  for (const key of ['7', '0', '#']) {
    await keypad.getByRole('button', { name: `Key ${key}` }).click();
    await phone.waitForTimeout(400);
  }
  await until(() => hits('/gathered').length > 0, 'the Gather action');
  expect(hits('/gathered')[0].params.Digits).toBe('70');
});

test('<Record> keeps what the caller said, as long as they spoke, and reports it to action and status callback', async () => {
  await callTeam('<Response><Record timeout="1" maxLength="20" action="/recorded" recordingStatusCallback="/recording-status"/></Response>', {
    '/recorded': () => '<Response><Say>Thank you.</Say><Pause length="20"/></Response>',
    '/recording-status': () => '',
  });
  // Wait out the beep, speak for two seconds, then fall silent: the silence timeout ends it.
  await phone.waitForTimeout(1000);
  await setPhoneTalking(true);
  await phone.waitForTimeout(2000);
  await setPhoneTalking(false);
  await until(() => hits('/recorded').length > 0 && hits('/recording-status').length > 0, 'the Record action and status callback', 15_000);
  const action = hits('/recorded')[0].params;
  const recording = sim.recordings.get(action.RecordingSid)!;
  expect(recording).toMatchObject({ source: 'RecordVerb', status: 'completed', callSid: action.CallSid });
  expect(recording.pcm.length / 8000).toBeGreaterThan(1.6);
  expect(recording.pcm.length / 8000).toBeLessThan(2.5);
  expect(action.RecordingDuration).toBe(String(recordingSeconds(recording)));
  expect(action.RecordingUrl).toBe(`${sim.url}/2010-04-01/Accounts/${sim.env.ACCOUNT_SID}/Recordings/${recording.sid}`);
  expect(hits('/recording-status')[0].params).toMatchObject({ RecordingSid: recording.sid, RecordingStatus: 'completed' });
});

test('a caller who hangs up mid-message still leaves the recording and its status callback', async () => {
  await callTeam('<Response><Record timeout="5" maxLength="20" action="/recorded" recordingStatusCallback="/recording-status"/></Response>', {
    '/recorded': () => '<Response><Hangup/></Response>',
    '/recording-status': () => '',
  });
  await phone.waitForTimeout(1000);
  const talking = Date.now();
  await setPhoneTalking(true);
  await phone.waitForTimeout(1500);
  await hangUp();
  // Trimmed of its silence, the message is what was said before the hang-up (a loaded machine
  // delays the hang-up, so the bound is the time that really passed).
  const talkedSeconds = (Date.now() - talking) / 1000;
  await setPhoneTalking(false);
  await until(() => hits('/recording-status').length > 0, 'the recording status callback');
  const recording = sim.recordings.get(hits('/recording-status')[0].params.RecordingSid)!;
  expect(recording.status).toBe('completed');
  expect(recording.pcm.length / 8000).toBeGreaterThan(1.1);
  expect(recording.pcm.length / 8000).toBeLessThan(talkedSeconds + 0.3);
});

test('<Dial record="record-from-answer"> keeps both sides of the bridge as one recording and gives it to the action', async () => {
  await callTeam(
    `<Response><Dial record="record-from-answer" action="/dialed"><Number>${CALLEE}</Number></Dial></Response>`,
    {
      '/dialed': () => '<Response><Hangup/></Response>',
    },
    'calling',
  );
  await stateOf(callee, 'incoming');
  await callee.getByRole('button', { name: 'Accept' }).click();
  await stateOf(callee, 'in-call');
  await phoneState('in-call');
  await setTalking(callee, true);
  await callee.waitForTimeout(2000);
  await callee.getByRole('button', { name: 'Hang up' }).click();
  await until(() => hits('/dialed').length > 0, 'the Dial action');
  const action = hits('/dialed')[0].params;
  expect(action.DialCallStatus).toBe('completed');
  const recording = sim.recordings.get(action.RecordingSid)!;
  expect(recording).toMatchObject({ source: 'DialVerb', status: 'completed' });
  expect(recording.pcm.length / 8000).toBeGreaterThan(1);
  expect(recording.pcm.length / 8000).toBeLessThan(4);
  expect(dbfs(recording.pcm)).toBeGreaterThan(-30); // the callee's voice is in it, not silence
  expect(action.RecordingDuration).toBe(String(recordingSeconds(recording)));
});
