/**
 * The simulator's call log (`/__sim/calls`) as a tester reads it, with the real Functions: a phone
 * calls the team, alice answers, puts the caller on hold, resumes, consults bob (a Participants API
 * call) and completes the transfer. Every hold and resume, every conference join and leave and the
 * consultation being dialled are events of the call they belong to; the consultation lists the
 * device it rang and its conference; a voicemail's recording is noted when it starts and when it is
 * complete; every URL in the log is on the simulator's own URL (none names twilio-run's port) and
 * opens (with the account's credentials, as Twilio's REST API does).
 */
import { randomBytes } from 'node:crypto';
import { startSimulator, type SimCall, type Simulator } from '../../simulator';
import { dualTone } from '../../simulator/media/audio/tones';
import { callControl } from '../support/call-control-request';
import { callEnded } from '../support/team-calls';
import { until } from '../support/until';
import { sdp, settledCall } from './helpers';
import { MediaDevices } from './media-devices';

let sim: Simulator;
let devices: MediaDevices;

beforeAll(async () => {
  sim = await startSimulator({ env: { RING_TIMEOUT: '6' }, mediaLoopback: true });
  devices = await MediaDevices.start(sim);
}, 60_000);

afterEach(() => devices.cleanUp());

afterAll(async () => {
  devices?.close();
  await sim?.stop();
});

const device = (identity: string) => devices.device(identity);

const basic = () => `Basic ${Buffer.from(`${sim.env.ACCOUNT_SID}:${sim.env.AUTH_TOKEN}`).toString('base64')}`;
const logged = (sid: string): SimCall => sim.calls().find((c) => c.sid === sid)!;
/** Every URL a call's log names: its webhooks' and its events'. */
const urlsOf = (call: SimCall) => [...call.webhooks.map((w) => w.url), ...call.events.flatMap((e) => (e.url ? [e.url] : []))];

/** Each URL is on the simulator's own URL, and answers (REST resources with the account's credentials). */
async function expectOpenable(urls: string[]): Promise<void> {
  expect(urls.length).toBeGreaterThan(0);
  for (const url of urls) expect(url.startsWith(`${sim.url}/`)).toBe(true);
  for (const url of new Set(urls.filter((u) => u.includes('/2010-04-01/')))) {
    expect([url, (await fetch(url, { headers: { Authorization: basic() } })).status]).toEqual([url, 200]);
  }
}

test('hold, resume, a consultation and its completion are events of the call; the consultation shows what it rang and where', async () => {
  const [phone, alice, bob] = await Promise.all([device('phone_12025550143'), device('alice'), device('bob')]);
  phone.send('invite', { callsid: `TJS${randomBytes(8).toString('hex')}`, sdp: sdp('phone'), twilio: { params: new URLSearchParams({ To: sim.teamNumber }).toString() } });
  const aliceSid = (await alice.next('invite')).callsid as string;
  await bob.next('invite'); // bob's browser rings too; alice takes the call first
  alice.send('answer', { callsid: aliceSid, sdp: sdp('alice') });
  await phone.next('answer');
  const callerSid = sim.calls().find((c) => c.legs.some((l) => l.sid === aliceSid))!.sid;

  expect((await callControl(sim, 'alice', { action: 'hold', callSid: aliceSid })).status).toBe(200);
  expect((await callControl(sim, 'alice', { action: 'resume', callSid: aliceSid })).status).toBe(200);
  expect((await callControl(sim, 'alice', { action: 'consult', callSid: aliceSid, target: 'bob' })).status).toBe(200);
  const consultation = await bob.next('invite', (p) => !!p.parameters?.Params?.includes('consultedBy'), 10_000);
  bob.send('answer', { callsid: consultation.callsid, sdp: sdp('bob') });
  await settledCall(sim, consultation.callsid, (c) => c.status === 'in-progress');
  expect((await callControl(sim, 'alice', { action: 'complete', callSid: aliceSid })).status).toBe(200);
  await alice.next('hangup', (p) => p.callsid === aliceSid);
  bob.send('hangup', { callsid: consultation.callsid });
  await callEnded(sim, callerSid);
  await settledCall(sim, consultation.callsid, (c) => !!c.endedAt);

  const conferenceName = `sb-${callerSid}`;
  const caller = logged(callerSid);
  // Who did what, in order, as the caller's call lived it (the caller itself: no callSid).
  const story = caller.events.filter((e) => e.type).map((e) => [e.type, e.callSid ?? 'caller']);
  // The call messages the Functions send each teammate's leg are events too; the conference story leaves them aside.
  const storyOf = (who: string) => story.filter(([type, sid]) => sid === who && type !== 'conference-end' && type !== 'message').map(([type]) => type);
  expect(story.filter(([type, sid]) => type === 'message' && sid === aliceSid).length).toBeGreaterThan(0);
  expect(storyOf('caller')).toEqual(['conference-join', 'hold', 'resume', 'hold', 'resume', 'conference-leave']);
  expect(storyOf(aliceSid)).toEqual(['conference-join', 'conference-leave']);
  expect(storyOf(consultation.callsid)).toEqual(['participant-dialled', 'conference-join', 'conference-leave']);
  expect(story.at(-1)).toEqual(['conference-end', 'caller']);
  expect(story.findIndex(([type]) => type === 'participant-dialled')).toBeGreaterThan(story.findIndex(([type]) => type === 'hold'));
  expect(caller.events.find((e) => e.type === 'participant-dialled')?.text).toContain(`client:bob is being dialled into conference ${conferenceName}`);
  expect(new Set(caller.events.filter((e) => e.type && e.type !== 'message').map((e) => e.conferenceSid))).toEqual(
    new Set([sim.conferences.list().find((c) => c.friendlyName === conferenceName)!.sid]),
  );

  // The consultation: an API call to bob that rang his device and joined the caller's conference.
  const consult = logged(consultation.callsid);
  expect(consult).toMatchObject({ direction: 'outbound-api', to: 'client:bob', conference: { friendlyName: conferenceName } });
  expect(consult.rang).toEqual([expect.objectContaining({ to: 'client:bob', status: 'completed', answeredAt: expect.any(String) })]);
  expect(consult.events.filter((e) => e.type && e.type !== 'message' && !e.callSid).map((e) => e.type)).toEqual(['participant-dialled', 'conference-join', 'conference-leave']);

  await expectOpenable([...urlsOf(caller), ...urlsOf(consult)]);
  expect(caller.webhooks.some((w) => w.kind === 'conference-status')).toBe(true);
}, 90_000);

test('a voicemail: the recording is noted when it starts and when it is complete, with its audio`s URL; what played, in order', async () => {
  const phone = await devices.call('phone_12025550143', `To=${encodeURIComponent(sim.teamNumber)}`);
  await phone.media.play(dualTone([440], 0.3, 1000));
  phone.socket.send('hangup', { callsid: phone.sid });
  const call = await until(() => (logged(phone.sid).webhooks.some((w) => w.kind === 'status') ? logged(phone.sid) : undefined), 'the call to end', 15_000);
  const recording = sim.recordings.list().find((r) => r.callSid === phone.sid)!;
  const noted = call.events.filter((e) => e.recordingSid === recording.sid);
  expect(noted.map((e) => e.type)).toEqual(['recording-started', 'recording-completed']);
  const media = await fetch(noted[1].url!, { headers: { Authorization: basic() } });
  expect([media.status, media.headers.get('content-type')]).toEqual([200, 'audio/mpeg']);
  await expectOpenable(urlsOf(call));
  // The line, as it played: the greeting, then the beep, then the recording, each after the last ended.
  const heard = call.heard!;
  expect(heard.map((h) => h.kind)).toEqual(['say', 'beep', 'record']);
  for (let i = 1; i < heard.length; i++) expect(Date.parse(heard[i].startedAt)).toBeGreaterThanOrEqual(Date.parse(heard[i - 1].endedAt!));
}, 60_000);

test('/__sim/calls/CA… is one call, found by its own CallSid or a leg`s', async () => {
  const [phone, alice] = await Promise.all([device('phone_12025550143'), device('alice')]);
  phone.send('invite', { callsid: `TJS${randomBytes(8).toString('hex')}`, sdp: sdp('phone'), twilio: { params: new URLSearchParams({ To: sim.teamNumber }).toString() } });
  const aliceSid = (await alice.next('invite')).callsid as string;
  alice.send('reject', { callsid: aliceSid });
  const parent = sim.calls().find((c) => c.legs.some((l) => l.sid === aliceSid))!;
  for (const sid of [parent.sid, aliceSid]) expect((await (await fetch(`${sim.url}/__sim/calls/${sid}`)).json()).sid).toBe(parent.sid);
  expect((await fetch(`${sim.url}/__sim/calls/CA${'0'.repeat(32)}`)).status).toBe(404);
  expect((await fetch(`${sim.url}/__sim/calls/nonsense`)).status).toBe(404);
  phone.send('hangup', { callsid: parent.sid });
});
