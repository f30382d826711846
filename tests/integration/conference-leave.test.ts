/**
 * Who may leave a call's conference, and what then happens to the others (/conference-status,
 * call-control/conference-rules.ts), through the real Functions in twilio-run against the
 * simulator's `<Conference>` and REST API: the phone calls the team, alice answers, the call moves
 * into its conference, and a party hangs up. The Function's decision is done once the simulator
 * logged its answer to that leave (or join) event, so each test waits for that, then looks.
 */
import { startSimulator, type Simulator } from '../../simulator';
import type { SimWebhook } from '../../simulator/calls/call-log';
import { callControl } from '../support/call-control-request';
import { PStreamClient } from '../support/pstream-client';
import { callEnded } from '../support/team-calls';
import { until } from '../support/until';
import { configOf, sdp, settledCall, tokenFor } from '../simulator/helpers';

const PHONE = 'phone_12025550143';
let sim: Simulator;
const clients = new Map<string, PStreamClient>();
const device = (identity: string) => clients.get(identity)!;

const control = (identity: string, body: Record<string, string>) => callControl(sim, identity, body);

beforeAll(async () => {
  sim = await startSimulator({ env: { RING_TIMEOUT: '8' } });
  for (const identity of [PHONE, 'alice', 'bob']) clients.set(identity, await PStreamClient.registered(sim.url, tokenFor(sim, identity)));
}, 60_000);

afterAll(async () => {
  for (const client of clients.values()) client.close();
  await sim?.stop();
});

/** The call's conference as the simulator runs it (the last one of that name, ended or not). */
const conferenceOf = (caller: string) =>
  sim.conferences
    .list()
    .filter((c) => c.friendlyName === `sb-${caller}`)
    .at(-1);
const labels = (caller: string) => [...(conferenceOf(caller)?.participants.values() ?? [])].map((p) => [p.label, p.hold]).sort();
const statusOf = (sid: string) =>
  sim.calls().find((c) => c.sid === sid)?.status ??
  sim
    .calls()
    .flatMap((c) => c.legs)
    .find((l) => l.sid === sid)?.status;

/** Resolves once /conference-status answered the conference's `participant-<event>` of `callSid`. */
function answered(event: 'join' | 'leave', callSid: string): Promise<SimWebhook> {
  const found = () =>
    sim
      .calls()
      .flatMap((c) => c.webhooks)
      .find((w) => w.kind === 'conference-status' && w.params.StatusCallbackEvent === `participant-${event}` && w.params.CallSid === callSid && w.status > 0);
  return until(found, `/conference-status to answer participant-${event} of ${callSid}`, 15_000, 20);
}

/** The phone calls the team, alice answers, and a hold and resume move the call into its conference `sb-<caller>`. */
async function inConference(): Promise<{ caller: string; alice: string }> {
  for (const call of sim.calls()) await callEnded(sim, call.sid);
  device(PHONE).send('invite', { callsid: `TJS${Date.now()}`, sdp: sdp('phone'), twilio: { params: new URLSearchParams({ To: sim.teamNumber }).toString() } });
  const caller: string = (await device(PHONE).next('ringing', () => true, 8000)).callsid;
  const leg = await until(
    () =>
      sim
        .calls()
        .find((c) => c.sid === caller)
        ?.legs.find((l) => l.to === 'client:alice'),
    'alice to ring',
  );
  device('alice').send('answer', { callsid: (await device('alice').next('invite', (p) => p.callsid === leg.sid, 8000)).callsid, sdp: sdp('alice') });
  await settledCall(sim, caller, (c) => c.legs.some((l) => l.sid === leg.sid && l.status === 'in-progress'));
  for (const action of ['hold', 'resume']) expect((await control('alice', { action, callSid: leg.sid })).status).toBe(200);
  return { caller, alice: leg.sid };
}

/** alice consults bob: the caller is held and bob's page rings; returns bob's CallSid. */
async function consultBob(alice: string, caller: string): Promise<string> {
  expect((await control('alice', { action: 'consult', callSid: alice, target: 'bob' })).body.state).toBe('consulting');
  const bob = [...conferenceOf(caller)!.participants.values()].find((p) => p.label === 'bob')!.callSid;
  await device('bob').next('invite', (p) => p.callsid === bob, 8000);
  return bob;
}

async function bobAnswers(bob: string): Promise<void> {
  device('bob').send('answer', { callsid: bob, sdp: sdp('bob') });
  await settledCall(sim, bob, (c) => c.status === 'in-progress');
}

/** The caller and bob talk in the call's conference, nobody held, both calls going on. */
function expectCallerWithBob(caller: string, bob: string): void {
  expect({ conference: conferenceOf(caller)?.status, parties: labels(caller), caller: statusOf(caller), bob: statusOf(bob) }).toEqual({
    conference: 'in-progress',
    parties: [
      ['bob', false],
      ['caller', false],
    ],
    caller: 'in-progress',
    bob: 'in-progress',
  });
}

function hangUp(identity: string, callSid: string): void {
  device(identity).send('hangup', { callsid: callSid });
}

test('(a) after a merge alice hangs up: the caller and bob keep talking; when bob hangs up too, the caller`s call ends', async () => {
  const { caller, alice } = await inConference();
  const bob = await consultBob(alice, caller);
  await bobAnswers(bob);
  expect((await control('alice', { action: 'merge', callSid: alice })).body.state).toBe('merged');

  hangUp('alice', alice);
  await answered('leave', alice);
  expectCallerWithBob(caller, bob);

  hangUp('bob', bob);
  await callEnded(sim, caller);
  expect({ conference: conferenceOf(caller)?.status, caller: statusOf(caller) }).toEqual({ conference: 'completed', caller: 'completed' });
  await device(PHONE).next('hangup', (p) => p.callsid === caller, 8000);
}, 60_000);

test('(b) consulting, bob answered, alice hangs up: the caller comes off hold and talks with bob', async () => {
  const { caller, alice } = await inConference();
  const bob = await consultBob(alice, caller);
  await bobAnswers(bob);

  hangUp('alice', alice);
  await answered('leave', alice);
  expectCallerWithBob(caller, bob);
  hangUp('bob', bob);
  await callEnded(sim, caller);
}, 60_000);

test('(c) consulting while bob still rings, alice hangs up: the caller waits on hold; bob answers and the caller comes off hold with him', async () => {
  const { caller, alice } = await inConference();
  const bob = await consultBob(alice, caller);

  hangUp('alice', alice);
  await answered('leave', alice);
  expect({ conference: conferenceOf(caller)?.status, parties: labels(caller), caller: statusOf(caller) }).toEqual({
    conference: 'in-progress',
    parties: [
      ['bob', false],
      ['caller', true],
    ],
    caller: 'in-progress',
  });

  await bobAnswers(bob);
  await answered('join', bob);
  expectCallerWithBob(caller, bob);
  hangUp('bob', bob);
  await callEnded(sim, caller);
}, 60_000);

test('(c`) consulting while bob still rings, alice hangs up, bob rejects: the caller is not left alone on hold music but goes to voicemail', async () => {
  const { caller, alice } = await inConference();
  const bob = await consultBob(alice, caller);
  hangUp('alice', alice);
  await answered('leave', alice);
  device('bob').send('reject', { callsid: bob });
  // The caller's leg runs the voicemail TwiML (greeting, beep, <Record>); it says nothing, so the message ends and the call with it.
  await callEnded(sim, caller);
  const call = sim.calls().find((c) => c.sid === caller)!;
  expect({ conference: conferenceOf(caller)?.status, caller: call.status, bob: statusOf(bob), greeted: call.says.includes(configOf(sim).voicemailGreeting) }).toEqual({
    conference: 'completed',
    caller: 'completed',
    bob: 'busy',
    greeted: true,
  });
}, 60_000);

test('(d) alice holds the caller and hangs up: the caller is not left alone on hold music, their call ends', async () => {
  const { caller, alice } = await inConference();
  expect((await control('alice', { action: 'hold', callSid: alice })).body.state).toBe('held');

  hangUp('alice', alice);
  await answered('leave', alice);
  await callEnded(sim, caller);
  expect({ conference: conferenceOf(caller)?.status, reason: conferenceOf(caller)?.reasonEnded, caller: statusOf(caller) }).toEqual({
    conference: 'completed',
    reason: 'conference-ended-via-api',
    caller: 'completed',
  });
  await device(PHONE).next('hangup', (p) => p.callsid === caller, 8000);
}, 60_000);

test('(e) after a merge the caller hangs up: the call ends for everyone', async () => {
  const { caller, alice } = await inConference();
  const bob = await consultBob(alice, caller);
  await bobAnswers(bob);
  expect((await control('alice', { action: 'merge', callSid: alice })).body.state).toBe('merged');

  hangUp(PHONE, caller);
  await callEnded(sim, caller);
  await settledCall(sim, bob, (c) => !!c.endedAt, 15_000);
  await Promise.all([device('alice').next('hangup', (p) => p.callsid === alice, 8000), device('bob').next('hangup', (p) => p.callsid === bob, 8000)]);
  expect({ conference: conferenceOf(caller)?.status, reason: conferenceOf(caller)?.reasonEnded, alice: statusOf(alice), bob: statusOf(bob) }).toEqual({
    conference: 'completed',
    reason: 'participant-with-end-conference-on-exit-left',
    alice: 'completed',
    bob: 'completed',
  });
}, 60_000);
