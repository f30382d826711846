/**
 * Presence while a call is handed on, through the real Functions in twilio-run and the simulator's
 * real calls: a phone called the team and alice answered. The legs that a transfer or a
 * consultation dials to a teammate through the REST API (a Calls update's `<Dial>`, a Participants
 * create) report their answer and end as every dialled leg does, so the teammate they ring is on a
 * call while it lasts, as the Team list (`GET /team`) shows, and available again after.
 */
import { startSimulator, type Simulator } from '../../simulator';
import type { TeammatePresence } from '../../src/lib/contract/team';
import { answeredInConference, callControl } from '../support/call-control-request';
import { PStreamClient } from '../support/pstream-client';
import { sdp, tokenFor } from '../simulator/helpers';
import { callEnded } from '../support/team-calls';
import { until } from '../support/until';

jest.setTimeout(60_000);

const CALLER = '+12025550143';
let sim: Simulator;
const clients = new Map<string, PStreamClient>();
const device = (identity: string) => clients.get(identity)!;
const control = (identity: string, body: Record<string, string>) => callControl(sim, identity, body);

/** `identity`'s presence as a teammate's page reads it (`GET /team`); asking also keeps the asker online. */
async function presenceAs(asker: string, identity: string): Promise<TeammatePresence | undefined> {
  const response = await fetch(`${sim.url}/team`, { headers: { Authorization: `Bearer ${tokenFor(sim, asker)}` } });
  expect(response.status).toBe(200);
  return ((await response.json()) as { team: TeammatePresence[] }).team.find((p) => p.identity === identity);
}

/** Waits until carol's page shows `identity` as `presence` (status callbacks land when Twilio posts them). */
const shows = (identity: string, presence: TeammatePresence['presence']) =>
  until(async () => ((await presenceAs('carol', identity))?.presence === presence ? presenceAs('carol', identity) : undefined), `${identity} ${presence}`);

/** A new call from the phone that alice answered, in its conference; alice's and bob's pages have been open (they are online). */
async function answeredByAlice(): Promise<{ caller: string; leg: string }> {
  for (const identity of ['alice', 'bob']) await presenceAs(identity, identity);
  return answeredInConference(sim, device('phone'), device('alice'));
}

beforeAll(async () => {
  sim = await startSimulator({ env: { RING_TIMEOUT: '8' } });
  clients.set('phone', await PStreamClient.registered(sim.url, tokenFor(sim, 'phone_12025550143')));
  for (const identity of ['alice', 'bob']) clients.set(identity, await PStreamClient.registered(sim.url, tokenFor(sim, identity)));
}, 60_000);

afterAll(async () => {
  for (const client of clients.values()) client.close();
  await sim?.stop();
});

/** alice consults bob, who answers: he is on a call with alice. */
async function bobConsulted(leg: string): Promise<void> {
  expect((await control('alice', { action: 'consult', callSid: leg, target: 'bob' })).status).toBe(200);
  const invite = await device('bob').next('invite', (p) => p.parameters?.From === 'client:alice', 8000);
  device('bob').send('answer', { callsid: invite.callsid, sdp: sdp('bob') });
  expect(await shows('bob', 'on-call')).toMatchObject({ with: 'alice' });
}

/** alice has left: bob is shown on a call with the caller (the leave's callback says so), and available once the caller hangs up. */
async function bobWithTheCallerUntilItEnds(caller: string): Promise<void> {
  await shows('alice', 'available');
  const withCaller = async () => ((await presenceAs('carol', 'bob'))?.with === CALLER ? presenceAs('carol', 'bob') : undefined);
  expect(await until(withCaller, 'bob with the caller')).toMatchObject({ presence: 'on-call' });
  device('phone').send('hangup', { callsid: caller });
  await callEnded(sim, caller);
  await shows('bob', 'available');
}

test('a consultation: bob is on a call with alice once he answers; after she completes it alice is available and bob is with the caller, until the caller hangs up', async () => {
  const { caller, leg } = await answeredByAlice();
  expect(await shows('alice', 'on-call')).toMatchObject({ with: CALLER });
  await bobConsulted(leg);
  expect((await control('alice', { action: 'complete', callSid: leg })).status).toBe(200);
  await bobWithTheCallerUntilItEnds(caller);
});

test('a merged call that alice leaves: bob, on a call with alice, is with the caller once she hangs up', async () => {
  const { caller, leg } = await answeredByAlice();
  await bobConsulted(leg);
  expect((await control('alice', { action: 'merge', callSid: leg })).status).toBe(200);
  device('alice').send('hangup', { callsid: leg });
  await bobWithTheCallerUntilItEnds(caller);
});

test('alice hangs up while consulting: the held caller passes to bob, who is with the caller', async () => {
  const { caller, leg } = await answeredByAlice();
  await bobConsulted(leg);
  device('alice').send('hangup', { callsid: leg });
  await bobWithTheCallerUntilItEnds(caller);
});

test('a cold transfer: bob is on a call with the caller once he answers, and available when it ends', async () => {
  const { caller, leg } = await answeredByAlice();
  expect((await control('alice', { action: 'transfer', callSid: leg, target: 'bob' })).status).toBe(200);
  const invite = await device('bob').next('invite', (p) => new URLSearchParams(p.parameters?.Params ?? '').has('transferredBy'), 8000);
  expect((await presenceAs('carol', 'bob'))?.presence).toBe('available');
  device('bob').send('answer', { callsid: invite.callsid, sdp: sdp('bob') });
  expect(await shows('bob', 'on-call')).toMatchObject({ with: CALLER });
  await shows('alice', 'available');
  device('bob').send('hangup', { callsid: invite.callsid });
  await callEnded(sim, caller);
  await shows('bob', 'available');
});
