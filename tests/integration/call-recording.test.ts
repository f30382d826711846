/**
 * Call recording through the real Functions in twilio-run, against the simulator with real calls
 * from protocol-level clients (RECORD_CALLS=on-demand): the phone hears the notice before anyone
 * rings; alice answers and starts, pauses, resumes and stops the recording with /call-recording,
 * each change reaching her device as a user-defined message; holding the caller pauses it and
 * resuming the call resumes it, but not a pause alice made herself; the recording is dual-channel
 * on the caller's leg, in the call history with who started it, served by byte range to a signed
 * link, and deleted only as a call recording.
 */
import { randomBytes } from 'node:crypto';
import { startSimulator, type Simulator } from '../../simulator';
import { callControl } from '../support/call-control-request';
import { PStreamClient } from '../support/pstream-client';
import type { Reply } from '../support/reply';
import { sdp, settledCall, tokenFor } from '../simulator/helpers';
import { callEnded, leaveVoicemail } from '../support/team-calls';

const NOTICE = 'Calls with the test team are recorded.';
let sim: Simulator;
const clients = new Map<string, PStreamClient>();
let callerSid: string;
let aliceSid: string;

const device = (identity: string) => clients.get(identity)!;
const bearer = (identity: string) => ({ Authorization: `Bearer ${tokenFor(sim, identity)}` });

/** `POST /call-recording` as a teammate's page sends it. */
async function record(identity: string, action: string, callSid = aliceSid): Promise<{ status: number; body: Reply }> {
  const response = await fetch(`${sim.url}/call-recording`, { method: 'POST', headers: { ...bearer(identity), 'Content-Type': 'application/json' }, body: JSON.stringify({ action, callSid }) });
  return { status: response.status, body: await response.json() };
}

/** The next recording message alice's device gets on her leg (the parties' messages of the same leg are skipped). */
async function told(identity = 'alice', leg = aliceSid): Promise<unknown> {
  const frame = await device(identity).next('message', (p) => p.callsid === leg && (p.content as { kind?: string }).kind === 'recording');
  expect(frame).toMatchObject({ contenttype: 'application/json', messagetype: 'user-defined-message', voiceeventsid: expect.stringMatching(/^KX[0-9a-f]{32}$/) });
  return frame.content;
}

/** A recording state as the Functions answer and tell it (`at`: when it was read, any time). */
const state = (status: string, by?: string) => ({ status, ...(by ? { by } : {}), at: expect.any(Number) });

const liveRecording = () => sim.recordings.list().find((r) => r.callSid === callerSid && r.source === 'StartCallRecordingAPI' && (r.status === 'in-progress' || r.status === 'paused'));

beforeAll(async () => {
  sim = await startSimulator({ env: { RECORD_CALLS: 'on-demand', RECORDING_NOTICE: NOTICE, RING_TIMEOUT: '8' } });
  for (const identity of ['phone_12025550143', 'alice', 'bob']) clients.set(identity, await PStreamClient.registered(sim.url, tokenFor(sim, identity)));
  device('phone_12025550143').send('invite', { callsid: `TJS${randomBytes(8).toString('hex')}`, sdp: sdp('phone'), twilio: { params: new URLSearchParams({ To: sim.teamNumber }).toString() } });
  aliceSid = (await device('alice').next('invite', () => true, 10_000)).callsid;
  device('bob').send('reject', { callsid: (await device('bob').next('invite')).callsid });
  device('alice').send('answer', { callsid: aliceSid, sdp: sdp('alice') });
  callerSid = sim.calls().find((c) => c.legs.some((l) => l.sid === aliceSid))!.sid;
  // Bridged once her leg's whisper (the notice's) has run.
  await settledCall(sim, callerSid, (c) => c.webhooks.some((w) => w.kind === 'whisper' && w.status === 200));
}, 60_000);

afterAll(async () => {
  for (const client of clients.values()) client.close();
  await sim?.stop();
});

test('the phone is told the notice, once, first; alice (answering a phone) is told nothing (when it plays: e2e/call-recording)', () => {
  const call = sim.calls().find((c) => c.sid === callerSid)!;
  expect(call.says).toEqual([NOTICE]);
  const alice = call.legs.find((l) => l.sid === aliceSid)!;
  expect([alice.says, alice.heard]).toEqual([undefined, undefined]);
  // Her leg ran the notice's whisper, which said nothing to her.
  expect(call.webhooks.filter((w) => w.kind === 'whisper').map((w) => [new URL(w.url).pathname, w.params.CallSid, w.response])).toEqual([
    ['/recording-notice', aliceSid, expect.not.stringContaining('<Say')],
  ]);
});

test('start, pause, resume: a dual-channel recording on the caller`s leg, each change told to alice`s device', async () => {
  expect(await record('alice', 'status')).toEqual({ status: 200, body: state('off') });
  expect(await record('alice', 'start')).toEqual({ status: 200, body: state('recording', 'alice') });
  expect(await told()).toEqual({ kind: 'recording', ...state('recording', 'alice') });
  expect(liveRecording()).toMatchObject({ status: 'in-progress', channels: 2, track: 'both' });
  // A second start changes nothing: one recording at a time.
  expect((await record('alice', 'start')).body.error.code).toBe('SB_CALL_STATE');

  expect((await record('alice', 'pause')).body).toEqual(state('paused', 'alice'));
  expect(await told()).toEqual({ kind: 'recording', ...state('paused', 'alice') });
  expect(liveRecording()!.status).toBe('paused');
  expect((await record('alice', 'resume')).body).toEqual(state('recording', 'alice'));
  await told();
});

test('hold pauses the recording and resume resumes it; a pause alice made outlasts the hold', async () => {
  expect((await callControl(sim, 'alice', { action: 'hold', callSid: aliceSid })).body.state).toBe('held');
  expect(liveRecording()!.status).toBe('paused');
  expect(await told()).toEqual({ kind: 'recording', ...state('paused', 'alice') });
  // While the caller is held, the recording cannot be resumed (it would keep the hold music).
  expect((await record('alice', 'resume')).body.error.code).toBe('SB_CALL_STATE');
  expect((await callControl(sim, 'alice', { action: 'resume', callSid: aliceSid })).body.state).toBe('talking');
  expect(liveRecording()!.status).toBe('in-progress');
  expect(await told()).toEqual({ kind: 'recording', ...state('recording', 'alice') });

  await record('alice', 'pause');
  await told();
  await callControl(sim, 'alice', { action: 'hold', callSid: aliceSid });
  await callControl(sim, 'alice', { action: 'resume', callSid: aliceSid });
  expect(liveRecording()!.status).toBe('paused');
  expect((await record('alice', 'status')).body).toEqual(state('paused', 'alice'));
  expect((await record('alice', 'resume')).body.status).toBe('recording');
  await told();
});

test('refusals: bob is no party of the call, a malformed request, a SID that is not alice`s leg', async () => {
  expect(await record('bob', 'pause')).toMatchObject({ status: 403, body: { error: { code: 'SB_NOT_IN_CALL' } } });
  expect(await record('alice', 'rewind')).toMatchObject({ status: 400, body: { error: { code: 'SB_BAD_REQUEST' } } });
  expect(await record('alice', 'stop', callerSid)).toMatchObject({ status: 403, body: { error: { code: 'SB_NOT_IN_CALL' } } });
  const unsigned = await fetch(`${sim.url}/call-recording`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ action: 'stop', callSid: aliceSid }) });
  expect(unsigned.status).toBe(401);
  expect(liveRecording()!.status).toBe('in-progress');
});

test('stop: the recording is kept, listed in the history with who started it, played by range through a link, deleted only as a call recording', async () => {
  expect((await record('alice', 'stop')).body).toEqual(state('off'));
  expect(await told()).toEqual({ kind: 'recording', ...state('off') });
  device('phone_12025550143').send('hangup', { callsid: callerSid });
  await callEnded(sim, callerSid);
  const recording = sim.recordings.list().find((r) => r.callSid === callerSid && r.source === 'StartCallRecordingAPI')!;
  expect(recording).toMatchObject({ status: 'completed', channels: 2 });

  const history = await (await fetch(`${sim.url}/calls`, { headers: bearer('bob') })).json();
  const entry = history.entries.find((e: { id: string }) => e.id === callerSid);
  expect(entry).toMatchObject({ answeredBy: 'alice', recordings: [{ id: recording.sid, seconds: expect.any(Number), by: 'alice' }] });
  expect(entry.voicemail).toBeUndefined();

  // A link for bob: the audio by range, without any Authorization header; nothing else with it.
  const link = await (await fetch(`${sim.url}/recording-link?id=${recording.sid}`, { headers: bearer('bob') })).json();
  expect(link).toEqual({ url: expect.stringMatching(/^\/recording\?id=RE[0-9a-f]{32}&who=bob&exp=\d+&sig=[\w-]+$/), expiresAt: expect.any(String) });
  const part = await fetch(`${sim.url}${link.url}`, { headers: { Range: 'bytes=100-299' } });
  expect(part.status).toBe(206);
  expect(part.headers.get('content-range')).toMatch(/^bytes 100-299\/\d+$/);
  expect(part.headers.get('content-type')).toBe('audio/mpeg');
  expect((await part.arrayBuffer()).byteLength).toBe(200);
  const forged = new URL(link.url, sim.url);
  forged.searchParams.set('who', 'alice');
  expect((await fetch(forged)).status).toBe(401);
  const voicemail = await leaveVoicemail(sim, callerSid, 2);
  forged.searchParams.set('who', 'bob');
  forged.searchParams.set('id', voicemail);
  expect((await fetch(forged)).status).toBe(401);

  // One rule both ways: the voicemail is no call recording, the call recording no voicemail.
  const post = (path: string, id: string) =>
    fetch(`${sim.url}${path}`, { method: 'POST', headers: { ...bearer('bob'), 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ id }).toString() });
  expect((await post('/voicemail-delete', recording.sid)).status).toBe(404);
  expect((await post('/recording-delete', voicemail)).status).toBe(404);
  expect(await (await post('/recording-delete', recording.sid)).json()).toEqual({ deleted: recording.sid });
  expect(sim.recordings.get(recording.sid)).toBeUndefined();
  expect(sim.recordings.get(voicemail)).toBeDefined();
});
