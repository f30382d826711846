/**
 * `<Dial><Conference>` on live media, driven by the REST API: protocol-level devices with werift
 * endpoints in this process (loopback) call a Voice URL of this test's own, each sends a tone of
 * its own and measures which tones it hears. Mixing, wait music, hold, mute, kick, end, the status
 * callbacks (signed, Twilio's parameters), record-from-start and dialling a participant out.
 */
import { createServer, type Server } from 'node:http';
import { validateRequest } from 'twilio/lib/webhooks/webhooks';
import { startSimulator, type Simulator } from '../../simulator';
import { audioEnergy, toneLevel } from '../../simulator/media/audio/energy';
import { dualTone } from '../../simulator/media/audio/tones';
import type { LegMedia } from '../../simulator/media/leg-media';
import { TwilioClientProcess, type Step } from '../support/twilio-client';
import type { Reply } from '../support/reply';
import { until } from '../support/until';
import { settledCall } from './helpers';
import { heardUntil, MediaDevices, toneHeard } from './media-devices';

let sim: Simulator;
let client: TwilioClientProcess;
let devices: MediaDevices;
let server: Server;
let base: string;
/** The `<Conference>` each caller's Voice URL request gets, by identity. */
const conferenceFor = new Map<string, string>();
/** Status callbacks received, with whether their signature was valid. */
const callbacks: { params: Record<string, string>; signed: boolean }[] = [];
/** Each caller's tone (Hz), far apart so each is measured alone. */
const TONE = { alice: 500, bob: 1100, carol: 1700 } as const;
/** A tone sent at amplitude 0.2 (≈ 6,500) counts as heard above this. */
const HEARD = 1500;
const ABSENT = 300;

beforeAll(async () => {
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      const params = Object.fromEntries(new URLSearchParams(body));
      if (request.url === '/status') {
        callbacks.push({ params, signed: validateRequest(sim.env.AUTH_TOKEN, String(request.headers['x-twilio-signature']), `${base}/status`, params) });
        response.end();
        return;
      }
      if (request.url === '/announce') {
        response.setHeader('Content-Type', 'text/xml');
        response.end('<Response><Say>Attention please, the meeting ends in five minutes</Say></Response>');
        return;
      }
      const identity = (params.From ?? '').replace(/^client:/, '');
      response.setHeader('Content-Type', 'text/xml');
      response.end(`<Response><Dial>${conferenceFor.get(identity) ?? '<Conference>room</Conference>'}</Dial></Response>`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  sim = await startSimulator({ env: { RING_TIMEOUT: '10' }, mediaLoopback: true, voiceUrl: `${base}/voice` });
  client = await TwilioClientProcess.start(sim);
  devices = await MediaDevices.start(sim);
}, 60_000);

afterEach(() => {
  devices.cleanUp();
  conferenceFor.clear();
  callbacks.splice(0);
});

afterAll(async () => {
  client?.stop();
  devices?.close();
  await sim?.stop();
  server?.close();
});

/** Keeps sending `hz` from `media` until stopped. */
function sendTone(media: LegMedia, hz: number): () => void {
  void media.play(dualTone([hz], 0.2, 1000), 0);
  return () => media.stopPlayback();
}

/** The conference record called `name` that is not completed. */
function running(name: string) {
  return sim.conferences.list().find((c) => c.friendlyName === name && c.status !== 'completed');
}

test('three callers: each hears the other two tones and not its own; status callbacks are signed and complete', async () => {
  conferenceFor.set('alice', `<Conference statusCallback="${base}/status" statusCallbackEvent="start end join leave">mix</Conference>`);
  conferenceFor.set('bob', '<Conference>mix</Conference>');
  conferenceFor.set('carol', '<Conference>mix</Conference>');
  const callers = { alice: await devices.call('alice'), bob: await devices.call('bob'), carol: await devices.call('carol') };
  const stops = Object.entries(callers).map(([who, c]) => sendTone(c.media, TONE[who as keyof typeof TONE]));
  const heard: Record<string, Record<string, number>> = {};
  for (const [who, c] of Object.entries(callers)) {
    heard[who] = {};
    for (const [other, hz] of Object.entries(TONE)) if (other !== who) heard[who][other] = await toneHeard(c.media, hz, HEARD);
    const own = await heardUntil(c.media, new Promise((resolve) => setTimeout(resolve, 500)));
    heard[who][who] = toneLevel(own, TONE[who as keyof typeof TONE]);
  }
  stops.forEach((stop) => stop());
  const conference = running('mix')!;
  expect(conference.participants.size).toBe(3);
  await client.ok({ name: 'conferences', args: [conference.sid] }, { name: 'update', args: [{ status: 'completed' }] });
  await Promise.all(Object.values(callers).map((c) => c.socket.next('hangup', () => true, 10_000)));
  for (const [who, levels] of Object.entries(heard)) {
    for (const [from, level] of Object.entries(levels)) {
      if (from === who) expect(level).toBeLessThan(ABSENT);
      else expect(level).toBeGreaterThanOrEqual(HEARD);
    }
  }
  await until(() => callbacks.some((c) => c.params.StatusCallbackEvent === 'conference-end'), 'conference-end');
  const events = callbacks.map((c) => c.params.StatusCallbackEvent);
  expect(events.filter((e) => e === 'participant-join')).toHaveLength(3);
  expect(events).toContain('conference-start');
  expect(callbacks.every((c) => c.signed)).toBe(true);
  expect(callbacks.find((c) => c.params.StatusCallbackEvent === 'participant-join')!.params).toMatchObject({
    ConferenceSid: conference.sid,
    FriendlyName: 'mix',
    CallSid: callers.alice.sid,
    Muted: 'false',
    Hold: 'false',
    AccountSid: sim.env.ACCOUNT_SID,
  });
  expect(callbacks.find((c) => c.params.StatusCallbackEvent === 'conference-end')!.params).toMatchObject({ ReasonConferenceEnded: 'conference-ended-via-api' });
}, 90_000);

test('a lone participant hears the default hold music; a second one ends the music for both', async () => {
  const alice = await devices.call('alice');
  const alone = await heardUntil(alice.media, new Promise((resolve) => setTimeout(resolve, 1500)));
  expect(audioEnergy(alone).activeMs).toBeGreaterThan(1000);
  const bob = await devices.call('bob');
  const stop = sendTone(bob.media, TONE.bob);
  expect(await toneHeard(alice.media, TONE.bob, HEARD)).toBeGreaterThanOrEqual(HEARD);
  stop();
  const together = await heardUntil(alice.media, new Promise((resolve) => setTimeout(resolve, 800)));
  expect(audioEnergy(together).activeMs).toBeLessThan(200); // the music stopped
  alice.socket.send('hangup', { callsid: alice.sid });
  bob.socket.send('hangup', { callsid: bob.sid });
}, 60_000);

test('waitUrl="" waits in silence', async () => {
  conferenceFor.set('alice', '<Conference waitUrl="" beep="false">quiet</Conference>');
  const alice = await devices.call('alice');
  await until(() => running('quiet'), 'the conference');
  const alone = await heardUntil(alice.media, new Promise((resolve) => setTimeout(resolve, 1200)));
  expect(audioEnergy(alone).activeMs).toBeLessThan(100);
  alice.socket.send('hangup', { callsid: alice.sid });
}, 30_000);

test('REST: mute and hold reach the audio (with their status callbacks); a kicked participant leaves; the last one leaving ends the conference', async () => {
  conferenceFor.set('alice', `<Conference statusCallback="${base}/status" statusCallbackEvent="mute hold">room</Conference>`);
  const alice = await devices.call('alice');
  const bob = await devices.call('bob');
  const carol = await devices.call('carol');
  const conference = await until(() => (running('room')?.participants.size === 3 ? running('room') : undefined), 'three participants');
  const participant = (callSid: string): [Step, Step] => [
    { name: 'conferences', args: [conference.sid] },
    { name: 'participants', args: [callSid] },
  ];
  const stops = [sendTone(alice.media, TONE.alice), sendTone(bob.media, TONE.bob)];
  expect(await toneHeard(carol.media, TONE.alice, HEARD)).toBeGreaterThanOrEqual(HEARD);

  const muted = await client.ok(...participant(alice.sid), { name: 'update', args: [{ muted: true }] });
  expect(muted).toMatchObject({ callSid: alice.sid, muted: true });
  await new Promise((resolve) => setTimeout(resolve, 300));
  const whileMuted = await heardUntil(carol.media, new Promise((resolve) => setTimeout(resolve, 600)));
  expect(toneLevel(whileMuted, TONE.alice)).toBeLessThan(ABSENT);
  expect(toneLevel(whileMuted, TONE.bob)).toBeGreaterThanOrEqual(HEARD);

  const held = await client.ok(...participant(bob.sid), { name: 'update', args: [{ hold: true }] });
  expect(held).toMatchObject({ hold: true });
  await new Promise((resolve) => setTimeout(resolve, 300));
  const [carolHears, bobHears] = await Promise.all([carol.media, bob.media].map((media) => heardUntil(media, new Promise((resolve) => setTimeout(resolve, 800)))));
  expect(toneLevel(carolHears, TONE.bob)).toBeLessThan(ABSENT); // nobody hears the held one
  expect(bobHears.filter((sample) => Math.abs(sample) > 200).length).toBeGreaterThan(bobHears.length / 4); // hold music
  stops.forEach((stop) => stop());

  await until(() => callbacks.length >= 2, 'the mute and hold callbacks');
  expect(callbacks.map((c) => [c.params.StatusCallbackEvent, c.params.CallSid, c.params.Muted, c.params.Hold])).toEqual([
    ['participant-mute', alice.sid, 'true', 'false'],
    ['participant-hold', bob.sid, 'false', 'true'],
  ]);
  const listed = await client.ok<Reply[]>({ name: 'conferences', args: [conference.sid] }, { name: 'participants' }, { name: 'list', args: [{ hold: true }] });
  expect(listed.map((p) => p.callSid)).toEqual([bob.sid]);
  await client.ok(...participant(carol.sid), { name: 'remove', args: [] });
  await carol.socket.next('hangup', () => true, 10_000); // its document ends after the <Dial>
  await client.ok(...participant(bob.sid), { name: 'remove', args: [] });
  await bob.socket.next('hangup', () => true, 10_000);
  alice.socket.send('hangup', { callsid: alice.sid });
  await until(() => sim.conferences.get(conference.sid)?.status === 'completed', 'the conference to end');
  expect(sim.conferences.get(conference.sid)).toMatchObject({ reasonEnded: 'last-participant-left' });
}, 90_000);

test('AnnounceUrl: on a participant only it hears the announcement; on the conference everyone does', async () => {
  const alice = await devices.call('alice');
  const bob = await devices.call('bob');
  const conference = await until(() => (running('room')?.participants.size === 2 ? running('room') : undefined), 'two participants');
  const announcement = `${base}/announce`;
  const quiet = () => new Promise((resolve) => setTimeout(resolve, 2500));
  await client.ok({ name: 'conferences', args: [conference.sid] }, { name: 'participants', args: [alice.sid] }, { name: 'update', args: [{ announceUrl: announcement }] });
  const [aliceHears, bobHears] = await Promise.all([alice.media, bob.media].map((media) => heardUntil(media, quiet())));
  expect(audioEnergy(aliceHears).activeMs).toBeGreaterThan(500);
  expect(audioEnergy(bobHears).activeMs).toBeLessThan(100);
  await client.ok({ name: 'conferences', args: [conference.sid] }, { name: 'update', args: [{ announceUrl: announcement }] });
  const both = await Promise.all([alice.media, bob.media].map((media) => heardUntil(media, quiet())));
  for (const heard of both) expect(audioEnergy(heard).activeMs).toBeGreaterThan(500);
  await client.ok({ name: 'conferences', args: [conference.sid] }, { name: 'update', args: [{ status: 'completed' }] });
}, 60_000);

test('startConferenceOnEnter=false waits with the waitUrl TwiML until a starter joins; endConferenceOnExit ends it for all', async () => {
  const waitServer = createServer((_, response) => {
    response.setHeader('Content-Type', 'text/xml');
    response.end('<Response><Say>Please wait for the moderator</Say></Response>');
  });
  await new Promise<void>((resolve) => waitServer.listen(0, '127.0.0.1', resolve));
  const waitUrl = `http://127.0.0.1:${(waitServer.address() as { port: number }).port}/wait`;
  conferenceFor.set('alice', `<Conference startConferenceOnEnter="false" waitUrl="${waitUrl}">moderated</Conference>`);
  conferenceFor.set('bob', `<Conference startConferenceOnEnter="false" waitUrl="${waitUrl}">moderated</Conference>`);
  conferenceFor.set('carol', '<Conference endConferenceOnExit="true">moderated</Conference>');
  const alice = await devices.call('alice');
  const bob = await devices.call('bob');
  const stop = sendTone(bob.media, TONE.bob);
  const waiting = await heardUntil(alice.media, new Promise((resolve) => setTimeout(resolve, 2000)));
  expect(toneLevel(waiting, TONE.bob)).toBeLessThan(ABSENT); // not mixed before the start
  expect(waiting.filter((sample) => Math.abs(sample) > 200).length).toBeGreaterThan(waiting.length / 10); // the spoken wait message
  expect(running('moderated')!.status).toBe('init');
  const carol = await devices.call('carol');
  expect(await toneHeard(alice.media, TONE.bob, HEARD)).toBeGreaterThanOrEqual(HEARD);
  expect(running('moderated')!.status).toBe('in-progress');
  stop();
  carol.socket.send('hangup', { callsid: carol.sid });
  await Promise.all([alice, bob].map((c) => c.socket.next('hangup', () => true, 10_000)));
  expect(sim.conferences.list().find((c) => c.friendlyName === 'moderated')).toMatchObject({ status: 'completed', reasonEnded: 'participant-with-end-conference-on-exit-left' });
  waitServer.close();
}, 60_000);

test('record="record-from-start" leaves a Conference recording; Participants create dials a device into the live conference (a bad Beep refused)', async () => {
  conferenceFor.set('alice', '<Conference record="record-from-start">recorded</Conference>');
  const alice = await devices.call('alice');
  const conference = await until(() => running('recorded'), 'the conference');
  const bob = await devices.device('bob');
  const refused = await client.run(
    { name: 'conferences', args: [conference.sid] },
    { name: 'participants' },
    { name: 'create', args: [{ from: sim.teamNumber, to: 'client:bob', beep: 'sometimes' }] },
  );
  expect(refused.error).toMatchObject({ status: 400, code: 20001 });
  const created = await client.ok(
    { name: 'conferences', args: [conference.sid] },
    { name: 'participants' },
    { name: 'create', args: [{ from: sim.teamNumber, to: 'client:bob', label: 'dialled', beep: 'onExit' }] },
  );
  expect(created).toMatchObject({ label: 'dialled', status: 'queued' });
  const { media: bobMedia, sid: bobSid } = await devices.answer(bob);
  const stop = sendTone(alice.media, TONE.alice);
  expect(await toneHeard(bobMedia, TONE.alice, HEARD)).toBeGreaterThanOrEqual(HEARD);
  stop();
  expect(await client.ok({ name: 'conferences', args: [conference.sid] }, { name: 'participants', args: ['dialled'] }, { name: 'fetch', args: [] })).toMatchObject({
    callSid: bobSid,
    status: 'connected',
  });
  alice.socket.send('hangup', { callsid: alice.sid });
  await client.ok({ name: 'conferences', args: [conference.sid] }, { name: 'update', args: [{ status: 'completed' }] });
  await bob.next('hangup', () => true, 10_000);
  const recording = await until(() => sim.recordings.list().find((r) => r.conferenceSid === conference.sid), 'the recording');
  expect(recording).toMatchObject({ source: 'Conference', status: 'completed' });
  expect(toneLevel(recording.pcm, TONE.alice)).toBeGreaterThan(ABSENT);
  expect((await settledCall(sim, alice.sid)).status).toBe('completed');
}, 60_000);
