/**
 * Call recording against strangers and wrong ids, through the built Functions in twilio-run on the
 * simulator (RECORD_CALLS=on-demand). A phone calls the team, alice answers and records the call.
 * /call-recording is refused for any call leg that is not the asker's own live one; /recording-link,
 * /recording and /recording-delete are refused for any recording id that is not the team's call
 * recording: another call's recording (a conference's, a `<Dial record>`'s, one on a call the team
 * never had), a voicemail (deletion), another account's (an id this account does not hold, a token
 * or a link signed with another account's secret). Each attempt is tallied, then every recording
 * is still there and the live one untouched.
 */
import { randomBytes } from 'node:crypto';
import { startSimulator, type Simulator } from '../../simulator';
import type { RecordingSource } from '../../simulator/calls/recordings';
import { recordingLink } from '../../src/lib/recording/recording-link';
import { PStreamClient } from '../support/pstream-client';
import { RefusalTally } from '../support/refusals';
import { leaveVoicemail } from '../support/team-calls';
import { until } from '../support/until';
import { configOf, sdp, settledCall, signJwt, tokenFor, tokenWith } from '../simulator/helpers';
import { assertHarmless } from './hostile-http';

let sim: Simulator;
const clients: PStreamClient[] = [];
let callerSid: string;
let aliceSid: string;
const ANOTHER_SECRET = 'another-accounts-api-secret-0123456789';

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

/** Sends a request and returns status and error code, after checking the answer leaks nothing. */
async function send(path: string, init: RequestInit = {}): Promise<{ status: number; code?: string; body: string }> {
  const response = await fetch(`${sim.url}${path}`, { redirect: 'manual', ...init });
  const seen = { status: response.status, headers: response.headers, body: await response.text() };
  assertHarmless(seen, [sim.env.AUTH_TOKEN, sim.env.API_SECRET, ...Object.values(sim.passcodes)], `${init.method ?? 'GET'} ${path}`);
  // Nothing but audio may name Twilio's API, a media path or the account.
  if (!seen.headers.get('content-type')?.startsWith('audio/')) expect(seen.body).not.toMatch(/api\.twilio\.com|\/2010-04-01\/|AC[0-9a-f]{32}/);
  let code: string | undefined;
  try {
    code = (JSON.parse(seen.body) as { error?: { code?: string } }).error?.code;
  } catch {
    code = undefined;
  }
  return { status: seen.status, code, body: seen.body.slice(0, 200) };
}

const record = (headers: Record<string, string>, body: Record<string, string>) =>
  send('/call-recording', { method: 'POST', headers: { ...headers, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
const post = (path: string, headers: Record<string, string>, id: string) =>
  send(path, { method: 'POST', headers: { ...headers, 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ id }).toString() });

const apiRecordings = (callSid: string) => sim.recordings.list().filter((r) => r.callSid === callSid && r.source === 'StartCallRecordingAPI');
const tone = (seconds: number) => Int16Array.from({ length: seconds * 8000 }, (_, i) => Math.round(6000 * Math.sin(i / 3)));
const addRecording = (callSid: string, source: RecordingSource) => sim.recordings.add({ callSid, source, status: 'completed', startedAt: new Date(), pcm: tone(1) }).sid;

beforeAll(async () => {
  sim = await startSimulator({ env: { RECORD_CALLS: 'on-demand', RING_TIMEOUT: '10' } });
  const device = async (identity: string) => {
    const client = await PStreamClient.registered(sim.url, tokenFor(sim, identity));
    clients.push(client);
    return client;
  };
  const [phone, alice, bob] = [await device('phone_12025550143'), await device('alice'), await device('bob')];
  phone.send('invite', { callsid: `TJS${randomBytes(8).toString('hex')}`, sdp: sdp('phone'), twilio: { params: new URLSearchParams({ To: sim.teamNumber }).toString() } });
  aliceSid = (await alice.next('invite', () => true, 15_000)).callsid as string;
  bob.send('reject', { callsid: (await bob.next('invite', () => true, 15_000)).callsid });
  alice.send('answer', { callsid: aliceSid, sdp: sdp('alice') });
  callerSid = sim.calls().find((c) => c.legs.some((l) => l.sid === aliceSid))!.sid;
  await settledCall(sim, callerSid, (c) => c.webhooks.some((w) => w.kind === 'whisper' && w.status === 200), 20_000);
  expect((await record(bearer(tokenFor(sim, 'alice')), { action: 'start', callSid: aliceSid })).status).toBe(200);
}, 90_000);

afterAll(async () => {
  for (const client of clients.splice(0)) client.close();
  await sim?.stop();
});

test('POST /call-recording: only a live party of the call, on their own leg; the recording goes on untouched', async () => {
  const refusals = new RefusalTally('call-recording attempts');
  const alice = bearer(tokenFor(sim, 'alice'));
  const otherAccount = bearer(tokenWith(sim, () => undefined, ANOTHER_SECRET));
  const live = apiRecordings(callerSid)[0];
  const attempts: Array<[string, Record<string, string>, Record<string, string>, number, string]> = [
    ['no token', {}, { action: 'stop', callSid: aliceSid }, 401, 'SB_SESSION'],
    ['a token of another account`s secret', otherAccount, { action: 'stop', callSid: aliceSid }, 401, 'SB_SESSION'],
    ['bob (not in the call) names alice`s leg', bearer(tokenFor(sim, 'bob')), { action: 'stop', callSid: aliceSid }, 403, 'SB_NOT_IN_CALL'],
    ['alice names the caller`s leg (another call leg than hers)', alice, { action: 'pause', callSid: callerSid }, 403, 'SB_NOT_IN_CALL'],
    ['alice names a call she is not on', alice, { action: 'stop', callSid: `CA${randomBytes(16).toString('hex')}` }, 403, 'SB_NOT_IN_CALL'],
    ['alice names the recording instead of a call', alice, { action: 'stop', callSid: live.sid }, 403, 'SB_NOT_IN_CALL'],
    ['alice names a path', alice, { action: 'stop', callSid: `${aliceSid}/Recordings/Twilio.CURRENT` }, 403, 'SB_NOT_IN_CALL'],
    ['an unknown action', alice, { action: 'delete', callSid: aliceSid }, 400, 'SB_BAD_REQUEST'],
  ];
  for (const [what, headers, body, status, code] of attempts) {
    const seen = await record(headers, body);
    refusals.record(what, seen.status === status && seen.code === code, `${seen.status} ${seen.body}`);
  }
  console.log(refusals.summary());
  refusals.assertAllRefused(attempts.length);
  expect(apiRecordings(callerSid).map((r) => [r.sid, r.status])).toEqual([[live.sid, 'in-progress']]);
}, 60_000);

test('recording ids of another call, a voicemail or another account: no link, no audio, no deletion', async () => {
  const alice = bearer(tokenFor(sim, 'alice'));
  expect((await record(alice, { action: 'stop', callSid: aliceSid })).status).toBe(200);
  const recording = (await until(() => apiRecordings(callerSid).find((r) => r.status === 'completed'), 'the call recording stored', 20_000)).sid;
  const voicemail = await leaveVoicemail(sim, callerSid, 2);
  const otherCalls: Record<string, string> = {
    'a conference recording of the same call': addRecording(callerSid, 'Conference'),
    'a <Dial record> recording of the same call': addRecording(callerSid, 'DialVerb'),
    'a call recording on a call the team never had': addRecording(`CA${'3'.repeat(32)}`, 'StartCallRecordingAPI'),
  };
  const anotherAccounts = `RE${randomBytes(16).toString('hex')}`;
  const config = configOf(sim);
  const linkTo = (id: string, who = 'bob', secret = config.apiSecret) => recordingLink({ ...config, apiSecret: secret }, who, id).url;
  const genuine = new URL(linkTo(recording), sim.url);
  const swapped = new URL(genuine);
  swapped.searchParams.set('id', voicemail);

  const refusals = new RefusalTally('recording ids');
  const expectRefused = async (what: string, seen: Promise<{ status: number; code?: string; body: string }>, status: number, code: string) => {
    const answer = await seen;
    refusals.record(what, answer.status === status && answer.code === code, `${answer.status} ${answer.body}`);
  };
  const ids = { ...otherCalls, 'another account`s recording (an id this account does not hold)': anotherAccounts };
  for (const [what, id] of Object.entries(ids)) {
    await expectRefused(`/recording-link: ${what}`, send(`/recording-link?id=${id}`, { headers: alice }), 404, 'SB_NO_RECORDING');
    await expectRefused(`/recording: ${what}`, send(`/recording?id=${id}`, { headers: alice }), 404, 'SB_NOT_FOUND');
    await expectRefused(`/recording by a link: ${what}`, send(linkTo(id)), 404, 'SB_NOT_FOUND');
    await expectRefused(`/recording-delete: ${what}`, post('/recording-delete', alice, id), 404, 'SB_NO_RECORDING');
  }
  await expectRefused('/recording-delete: a voicemail', post('/recording-delete', alice, voicemail), 404, 'SB_NO_RECORDING');
  await expectRefused('/voicemail-delete: the call recording', post('/voicemail-delete', alice, recording), 404, 'SB_NOT_FOUND');
  await expectRefused('/recording: a link to the call recording, its id swapped for the voicemail`s', send(`${swapped.pathname}${swapped.search}`), 401, 'SB_SESSION');
  await expectRefused('/recording: a link signed with another account`s secret', send(linkTo(recording, 'bob', ANOTHER_SECRET)), 401, 'SB_SESSION');
  await expectRefused('/recording: a link for someone not on the team', send(linkTo(recording, 'mallory')), 401, 'SB_SESSION');
  await expectRefused('/recording: a link that expired', send(recordingLink(config, 'bob', recording, Date.now() - 11 * 60_000).url), 401, 'SB_SESSION');
  const otherAccount = bearer(
    signJwt(
      { alg: 'HS256', typ: 'JWT', cty: 'twilio-fpa;v=1' },
      { iss: sim.env.API_KEY, sub: `AC${'e5'.repeat(16)}`, iat: Math.floor(Date.now() / 1000), exp: Math.floor(Date.now() / 1000) + 600, grants: { identity: 'alice', voice: {} } },
      sim.env.API_SECRET,
    ),
  );
  await expectRefused('/recording-link: a token of another account', send(`/recording-link?id=${recording}`, { headers: otherAccount }), 401, 'SB_SESSION');
  await expectRefused('/recording-delete: a token of another account', post('/recording-delete', otherAccount, recording), 401, 'SB_SESSION');
  console.log(refusals.summary());
  refusals.assertAllRefused(Object.keys(ids).length * 4 + 8);

  // The genuine link still plays, and nothing was deleted.
  expect((await fetch(genuine, { headers: { Range: 'bytes=0-99' } })).status).toBe(206);
  for (const sid of [recording, voicemail, ...Object.values(otherCalls)]) expect(sim.recordings.get(sid)).toBeDefined();
}, 60_000);
