/**
 * Recording a live call through the simulator's REST API, as Twilio's Recordings API on a call has
 * it: create on a call in progress (dual channels, a status callback), pause, resume and stop
 * through the recording's SID or `Twilio.CURRENT`; refusals for a bad value, a recording that
 * ended, a call that is over; the stored recording's WAV has two channels and its media answers
 * byte ranges (206, 416). Every JSON answer is checked against Twilio's OpenAPI description.
 */
import { randomBytes } from 'node:crypto';
import { startSimulator, type Simulator } from '../../simulator';
import { decodeWavChannels } from '../../simulator/media/audio/wav';
import { expectTwilioShape, templateOf } from '../support/openapi';
import { PStreamClient } from '../support/pstream-client';
import { until } from '../support/until';
import { sdp, settledCall, tokenFor } from './helpers';

let sim: Simulator;
let bob: PStreamClient;
const account = () => `/2010-04-01/Accounts/${sim.env.ACCOUNT_SID}`;
const auth = () => ({ Authorization: `Basic ${Buffer.from(`${sim.env.ACCOUNT_SID}:${sim.env.AUTH_TOKEN}`).toString('base64')}` });

/** A REST request as the twilio client sends it (form POST or GET), its JSON answer checked against Twilio's description. */
/** A Recording resource, or Twilio's error body (`status` a number, `code`). */
type Body = Record<string, unknown> & { sid: string; status: string | number };

async function rest(path: string, form?: Record<string, string>): Promise<{ status: number; body: Body }> {
  const method = form ? 'post' : 'get';
  const response = await fetch(`${sim.url}${account()}/${path}`, {
    method,
    headers: { ...auth(), ...(form ? { 'Content-Type': 'application/x-www-form-urlencoded' } : {}) },
    body: form ? new URLSearchParams(form).toString() : undefined,
  });
  const body = (await response.json()) as Body;
  const pathname = `${account()}/${path.split('?')[0]}`;
  expectTwilioShape(response.status >= 400 ? pathname : templateOf(pathname), method, response.status, body);
  return { status: response.status, body };
}

/** An API call to bob's device, answered, running a long pause: a call in progress to record. */
async function liveCall(): Promise<string> {
  const created = await rest('Calls.json', { To: 'client:bob', From: sim.teamNumber, Twiml: '<Response><Pause length="60"/></Response>' });
  await bob.next('invite', (p) => p.callsid === created.body.sid, 15_000);
  bob.send('answer', { callsid: created.body.sid, sdp: sdp('bob') });
  await settledCall(sim, created.body.sid, (c) => c.status === 'in-progress', 15_000);
  return created.body.sid;
}

beforeAll(async () => {
  sim = await startSimulator();
  bob = await PStreamClient.registered(sim.url, tokenFor(sim, 'bob'));
}, 60_000);

afterAll(async () => {
  bob?.close();
  await sim?.stop();
});

test('create dual, pause (skip), resume by SID, stop through Twilio.CURRENT: each answer Twilio-shaped, the status callback told', async () => {
  const callSid = await liveCall();
  const callback = `${sim.url}/recording-status`;
  const created = await rest(`Calls/${callSid}/Recordings.json`, { RecordingChannels: 'dual', RecordingStatusCallback: callback, RecordingStatusCallbackEvent: 'in-progress completed' });
  expect(created).toMatchObject({ status: 201, body: { call_sid: callSid, status: 'in-progress', channels: 2, track: 'both', source: 'StartCallRecordingAPI' } });
  const sid = created.body.sid;
  expect(sid).toMatch(/^RE[0-9a-f]{32}$/);

  const paused = await rest(`Calls/${callSid}/Recordings/Twilio.CURRENT.json`, { Status: 'paused', PauseBehavior: 'skip' });
  expect(paused).toMatchObject({ status: 200, body: { sid, status: 'paused' } });
  expect((await rest(`Calls/${callSid}/Recordings/${sid}.json`, { Status: 'in-progress' })).body.status).toBe('in-progress');
  expect((await rest(`Calls/${callSid}/Recordings/Twilio.CURRENT.json`, { Status: 'stopped' })).body.status).toBe('stopped');

  const stored = await until(() => [sim.recordings.get(sid)].find((r) => r?.status === 'completed'), 'the recording stored', 10_000);
  expect(stored.channels).toBe(2);
  const fetched = await rest(`Calls/${callSid}/Recordings/${sid}.json`);
  expect(fetched.body).toMatchObject({ sid, status: 'completed', channels: 2 });
  const statuses = () =>
    sim
      .calls()
      .find((c) => c.sid === callSid)!
      .webhooks.filter((w) => w.kind === 'recording-status')
      .map((w) => w.params.RecordingStatus);
  const told = await until(() => statuses().length >= 2 && statuses(), 'both status callbacks', 10_000);
  expect(told).toEqual(['in-progress', 'completed']);

  // No live recording left: Twilio.CURRENT names none, and the ended one cannot be resumed.
  expect((await rest(`Calls/${callSid}/Recordings/Twilio.CURRENT.json`, { Status: 'paused' })).status).toBe(404);
  expect((await rest(`Calls/${callSid}/Recordings/${sid}.json`, { Status: 'in-progress' })).body).toMatchObject({ status: 400, code: 21220 });
  bob.send('hangup', { callsid: callSid });
}, 60_000);

test('the stored recording: two channels in its WAV, and its media by byte range (206 with Content-Range, 416 past the end)', async () => {
  const callSid = await liveCall();
  const { body } = await rest(`Calls/${callSid}/Recordings.json`, { RecordingChannels: 'dual' });
  await rest(`Calls/${callSid}/Recordings/Twilio.CURRENT.json`, { Status: 'stopped' });
  await until(() => sim.recordings.get(body.sid)?.status === 'completed', 'the recording stored', 10_000);
  const media = `${sim.url}${account()}/Recordings/${body.sid}`;
  const wav = await fetch(`${media}.wav`, { headers: auth() });
  expect(decodeWavChannels(Buffer.from(await wav.arrayBuffer()))).toHaveLength(2);
  const whole = Buffer.from(await (await fetch(`${media}.mp3`, { headers: auth() })).arrayBuffer());
  const part = await fetch(`${media}.mp3`, { headers: { ...auth(), Range: 'bytes=10-49' } });
  expect([part.status, part.headers.get('content-range')]).toEqual([206, `bytes 10-49/${whole.length}`]);
  expect(Buffer.from(await part.arrayBuffer())).toEqual(whole.subarray(10, 50));
  const past = await fetch(`${media}.mp3`, { headers: { ...auth(), Range: `bytes=${whole.length}-` } });
  expect([past.status, past.headers.get('content-range')]).toEqual([416, `bytes */${whole.length}`]);
  bob.send('hangup', { callsid: callSid });
}, 60_000);

test('refused: a bad RecordingChannels, a Status that is none of Twilio`s, a call that is over, a call that does not exist', async () => {
  const callSid = await liveCall();
  expect((await rest(`Calls/${callSid}/Recordings.json`, { RecordingChannels: 'stereo' })).body).toMatchObject({ status: 400, code: 20001 });
  expect((await rest(`Calls/${callSid}/Recordings.json`, { RecordingChannels: 'dual' })).status).toBe(201);
  expect((await rest(`Calls/${callSid}/Recordings/Twilio.CURRENT.json`, { Status: 'rewound' })).body).toMatchObject({ status: 400, code: 20001 });
  bob.send('hangup', { callsid: callSid });
  await settledCall(sim, callSid, (c) => c.endedAt !== undefined, 15_000);
  expect((await rest(`Calls/${callSid}/Recordings.json`, {})).body).toMatchObject({ status: 400, code: 21220 });
  expect((await rest(`Calls/CA${randomBytes(16).toString('hex')}/Recordings.json`, {})).body).toMatchObject({ status: 404, code: 20404 });
}, 60_000);
