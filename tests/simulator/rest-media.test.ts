/**
 * The REST API acting on live media: werift endpoints in this process stand in for the browsers
 * (loopback only) and measure what they hear. An API-created call's answered device hears its
 * `<Say>`; after a REST API redirect of the parent its new `<Say>` and `<Dial>` work on the same
 * media; a redirected child leg hears its own TwiML, and its own `<Dial>` bridges it to the device it rings.
 */
import { startSimulator, type Simulator } from '../../simulator';
import { beep, BEEP_HZ } from '../../simulator/media/audio/tones';
import type { LegMedia } from '../../simulator/media/leg-media';
import { TwilioClientProcess } from '../support/twilio-client';
import { settledCall } from './helpers';
import { MediaDevices, soundHeardUntil, toneHeard } from './media-devices';

let sim: Simulator;
let client: TwilioClientProcess;
let devices: MediaDevices;
/** The beep's 1 kHz amplitude that counts as heard (ringback has none; a beep has several thousand). */
const BEEP_HEARD = 2000;
/** Speech heard, in ms of sound: a sentence of several words lasts well over a second. */
const SPEECH_HEARD_MS = 800;

beforeAll(async () => {
  sim = await startSimulator({ env: { RING_TIMEOUT: '10' }, mediaLoopback: true });
  client = await TwilioClientProcess.start(sim);
  devices = await MediaDevices.start(sim);
}, 60_000);

afterEach(() => devices.cleanUp());

afterAll(async () => {
  client?.stop();
  devices?.close();
  await sim?.stop();
});

/** alice calls bob with a media endpoint each; resolves once bob answered and alice was answered. */
async function teammateCall() {
  const alice = await devices.device('alice');
  const bob = await devices.device('bob');
  const aliceMedia = devices.endpoint();
  alice.send('invite', { callsid: `TJS${Math.random().toString(16).slice(2)}`, sdp: await aliceMedia.endpoint.offer(), twilio: { params: 'To=bob' } });
  const parentSid: string = (await alice.next('ringing')).callsid;
  const { media: bobMedia, sid: legSid } = await devices.answer(bob);
  const answer = await alice.next('answer');
  await aliceMedia.endpoint.accept(answer.sdp);
  return { alice, bob, aliceMedia, bobMedia, parentSid, legSid };
}

/** Beeps from `from` until `to` hears the beep's tone (media connects asynchronously), for up to 10 s. */
async function expectBridged(from: LegMedia, to: LegMedia): Promise<void> {
  expect(await toneHeard(to, BEEP_HZ, BEEP_HEARD, 10_000, () => from.play(beep(200)))).toBeGreaterThanOrEqual(BEEP_HEARD);
}

test('an API-created call: the answered device hears its <Say> through its own endpoint at the simulator', async () => {
  const bob = await devices.device('bob');
  const created = await client.ok(
    { name: 'calls' },
    { name: 'create', args: [{ to: 'client:bob', from: sim.teamNumber, twiml: '<Response><Say>Hello from the API, this is a test of spoken audio</Say></Response>' }] },
  );
  const { media } = await devices.answer(bob, (p) => p.callsid === created.sid);
  const heardMs = await soundHeardUntil(
    media,
    bob.next('hangup', (p) => p.callsid === created.sid, 20_000),
  );
  expect(heardMs).toBeGreaterThan(SPEECH_HEARD_MS);
  expect((await settledCall(sim, created.sid, (c) => c.endedAt !== undefined)).says).toEqual(['Hello from the API, this is a test of spoken audio']);
}, 40_000);

test('Twiml on the parent: the dialled leg hangs up and the caller hears the new <Say> on the same media', async () => {
  const { alice, bob, aliceMedia, bobMedia, parentSid, legSid } = await teammateCall();
  await expectBridged(aliceMedia, bobMedia);
  await client.ok({ name: 'calls', args: [parentSid] }, { name: 'update', args: [{ twiml: '<Response><Say>You were moved by the API, please hold on a moment</Say></Response>' }] });
  await bob.next('hangup', (p) => p.callsid === legSid);
  const heardMs = await soundHeardUntil(
    aliceMedia,
    alice.next('hangup', () => true, 20_000),
  );
  expect(heardMs).toBeGreaterThan(SPEECH_HEARD_MS);
}, 40_000);

test('Twiml with <Dial> on the parent: the caller is bridged to the newly dialled device', async () => {
  const { alice, bob, aliceMedia, parentSid, legSid } = await teammateCall();
  const carol = await devices.device('carol');
  await client.ok({ name: 'calls', args: [parentSid] }, { name: 'update', args: [{ twiml: '<Response><Dial><Client>carol</Client></Dial></Response>' }] });
  await bob.next('hangup', (p) => p.callsid === legSid);
  const { media: carolMedia } = await devices.answer(carol);
  await expectBridged(aliceMedia, carolMedia);
  await expectBridged(carolMedia, aliceMedia);
  alice.send('hangup', { callsid: parentSid });
  expect((await settledCall(sim, parentSid)).legs.map((leg) => leg.to)).toEqual(['client:bob', 'client:carol']);
}, 40_000);

test('Twiml on the dialled leg: the callee hears its own <Say>; the parent goes on to its <Dial action>', async () => {
  const { alice, bob, aliceMedia, bobMedia, parentSid, legSid } = await teammateCall();
  await expectBridged(bobMedia, aliceMedia);
  await client.ok({ name: 'calls', args: [legSid] }, { name: 'update', args: [{ twiml: '<Response><Say>Only bob hears this sentence, spoken slowly</Say></Response>' }] });
  const heardMs = await soundHeardUntil(
    bobMedia,
    bob.next('hangup', (p) => p.callsid === legSid, 20_000),
  );
  // Switchboard's /dial-complete saw bob's leg still live and keeps alice waiting in the call's conference (a move, README "Hold and transfer"): she hangs up.
  const parent = await settledCall(sim, parentSid, (c) => c.webhooks.some((w) => w.kind === 'action'));
  alice.send('hangup', { callsid: parentSid });
  await settledCall(sim, parentSid, (c) => c.endedAt !== undefined);
  expect(parent.webhooks.filter((w) => w.kind === 'action').map((w) => new URL(w.url).pathname)).toEqual(['/dial-complete']);
  expect(heardMs).toBeGreaterThan(SPEECH_HEARD_MS);
}, 40_000);

test('<Dial><Client> on the redirected leg of a phone alice called: the phone and bob hear each other; bob`s leg is the phone leg`s child', async () => {
  const alice = await devices.device('alice');
  const phone = await devices.device('phone_14155550123');
  const bob = await devices.device('bob');
  const aliceMedia = devices.endpoint();
  alice.send('invite', { callsid: `TJS${Math.random().toString(16).slice(2)}`, sdp: await aliceMedia.endpoint.offer(), twilio: { params: new URLSearchParams({ To: '+14155550123' }).toString() } });
  const { media: phoneMedia, sid: legSid } = await devices.answer(phone);
  const answer = await alice.next('answer');
  await aliceMedia.endpoint.accept(answer.sdp);
  await expectBridged(phoneMedia, aliceMedia);
  await client.ok({ name: 'calls', args: [legSid] }, { name: 'update', args: [{ twiml: '<Response><Dial><Client>bob</Client></Dial></Response>' }] });
  const { media: bobMedia, sid: bobSid } = await devices.answer(bob);
  await expectBridged(phoneMedia, bobMedia);
  await expectBridged(bobMedia, phoneMedia);
  expect((await client.ok({ name: 'calls', args: [bobSid] }, { name: 'fetch', args: [] })).parentCallSid).toBe(legSid);
  phone.send('hangup', { callsid: legSid });
  await bob.next('hangup', (p) => p.callsid === bobSid);
  alice.send('hangup', { callsid: answer.callsid });
}, 40_000);
