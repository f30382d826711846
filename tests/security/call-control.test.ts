/**
 * /call-control against real calls: the built Functions in twilio-run reach the simulator's REST
 * API through getTwilioClient() as deployed. The phone calls the team and alice answers; then
 * strangers, a teammate not in the call, forged and expired tokens, guessed SIDs, bad requests and
 * refused targets all try to act on it. Each attempt is tallied, and afterwards the call log and the
 * conferences are exactly as before: no call was touched.
 */
import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { startSimulator, type Simulator } from '../../simulator';
import { checkProperty } from '../support/property';
import { anyValue, identityLike, phoneLike } from './hostile-values';
import { PStreamClient } from '../support/pstream-client';
import { RefusalTally } from '../support/refusals';
import { sdp, settledCall, tokenFor, tokenWith } from '../simulator/helpers';

let sim: Simulator;
const clients: PStreamClient[] = [];
/** The caller's leg (parent) and alice's leg (the one her SDK knows). */
let callerSid: string;
let aliceSid: string;

async function device(identity: string): Promise<PStreamClient> {
  const client = await PStreamClient.registered(sim.url, tokenFor(sim, identity));
  clients.push(client);
  return client;
}

const control = (authorization: string | undefined, body: Record<string, string>, type = 'application/json') =>
  fetch(`${sim.url}/call-control`, {
    method: 'POST',
    headers: { ...(authorization ? { Authorization: authorization } : {}), 'Content-Type': type },
    body: type === 'application/json' ? JSON.stringify(body) : new URLSearchParams(body),
  });

/**
 * The request in the query string, which deployed Functions merge into the event as they do a
 * form: a GET (a link, a prefetch), or a POST whose body is neither a form nor JSON.
 */
const controlInQuery = (authorization: string, body: Record<string, string>, method: 'GET' | 'POST') =>
  fetch(`${sim.url}/call-control?${new URLSearchParams(body)}`, {
    method,
    headers: { Authorization: authorization, ...(method === 'POST' ? { 'Content-Type': 'text/plain' } : {}) },
    ...(method === 'POST' ? { body: 'please hold' } : {}),
  });

/** What a REST update, a hangup or a move would change: statuses, legs, notes, webhooks, conferences. */
function callLog(): string {
  const calls = sim
    .calls()
    .map((c) => ({ sid: c.sid, status: c.status, endedAt: c.endedAt, legs: c.legs.map((l) => [l.sid, l.status, l.endedAt]), events: c.events.map((e) => e.text), webhooks: c.webhooks.length }));
  return JSON.stringify({ calls, conferences: sim.conferences.list().length });
}

beforeAll(async () => {
  sim = await startSimulator({ env: { RING_TIMEOUT: '10' } });
  const phone = await device('phone_12025550143');
  const alice = await device('alice');
  await device('bob');
  phone.send('invite', { callsid: `TJS${randomBytes(8).toString('hex')}`, sdp: sdp('phone'), twilio: { params: new URLSearchParams({ To: sim.teamNumber }).toString() } });
  const invite = await alice.next('invite');
  aliceSid = invite.callsid;
  alice.send('answer', { callsid: aliceSid, sdp: sdp('alice') });
  await phone.next('answer');
  callerSid = sim.calls().find((c) => c.legs.some((l) => l.sid === aliceSid))!.sid;
  await settledCall(sim, callerSid, (c) => c.status === 'in-progress' && c.legs.some((l) => l.sid === aliceSid && l.status === 'in-progress'));
  // The dialled legs' status callbacks (alice's answered, the unanswered leg's completed) come after: wait for them, so the log compared below is still.
  await settledCall(sim, callerSid, (c) => c.webhooks.filter((w) => w.kind === 'leg-status').length >= c.legs.length);
}, 60_000);

afterAll(async () => {
  for (const client of clients.splice(0)) client.close();
  await sim?.stop();
});

describe('POST /call-control refuses everyone but a live party of the call, and touches nothing', () => {
  it('strangers, bob (not in the call), forged/expired tokens, guessed SIDs, bad requests and refused targets', async () => {
    const refused = new RefusalTally('call-control attempts');
    const before = callLog();
    const bearer = (token: string) => `Bearer ${token}`;
    const alice = bearer(tokenFor(sim, 'alice'));
    const asked = (authorization: string | undefined, body: Record<string, string>) => () => control(authorization, body);
    const attempts: Array<[string, () => Promise<Response>, number, string]> = [
      ['no token', asked(undefined, { action: 'hold', callSid: aliceSid }), 401, 'SB_SESSION'],
      ['Basic credentials', asked(`Basic ${Buffer.from(`alice:${sim.passcodes.alice}`).toString('base64')}`, { action: 'hold', callSid: aliceSid }), 401, 'SB_SESSION'],
      ['token signed with another secret', asked(bearer(tokenWith(sim, () => undefined, 'not-the-api-secret-at-all-0000000')), { action: 'hold', callSid: aliceSid }), 401, 'SB_SESSION'],
      ['expired token', asked(bearer(tokenFor(sim, 'alice', -60)), { action: 'transfer', callSid: aliceSid, target: 'bob' }), 401, 'SB_SESSION'],
      ['token of someone not on the team', asked(bearer(tokenWith(sim, (t) => (t.identity = 'mallory'))), { action: 'hold', callSid: aliceSid }), 403, 'SB_NOT_ON_TEAM'],
      ['bob holds alice`s leg', asked(bearer(tokenFor(sim, 'bob')), { action: 'hold', callSid: aliceSid }), 403, 'SB_NOT_IN_CALL'],
      ['bob takes the caller`s leg', asked(bearer(tokenFor(sim, 'bob')), { action: 'transfer', callSid: callerSid, target: 'bob' }), 403, 'SB_NOT_IN_CALL'],
      ['alice names the caller`s leg', asked(alice, { action: 'hold', callSid: callerSid }), 403, 'SB_NOT_IN_CALL'],
      ['a guessed SID', asked(alice, { action: 'hold', callSid: `CA${randomBytes(16).toString('hex')}` }), 403, 'SB_NOT_IN_CALL'],
      ['not a SID', asked(alice, { action: 'hold', callSid: '../Calls.json' }), 403, 'SB_NOT_IN_CALL'],
      ['an unknown action', asked(alice, { action: 'hangup', callSid: aliceSid }), 400, 'SB_BAD_REQUEST'],
      ['alice`s own hold as a GET, in the query string', () => controlInQuery(alice, { action: 'hold', callSid: aliceSid }, 'GET'), 400, 'SB_BAD_REQUEST'],
      ['alice`s own hold in the query string of a text/plain POST', () => controlInQuery(alice, { action: 'hold', callSid: aliceSid }, 'POST'), 400, 'SB_BAD_REQUEST'],
      ['a premium-rate number', asked(alice, { action: 'transfer', callSid: aliceSid, target: '+19005550123' }), 409, 'SB_NUMBER_TYPE'],
      ['a country not allowed', asked(alice, { action: 'transfer', callSid: aliceSid, target: '+442079460018' }), 409, 'SB_NUMBER_COUNTRY'],
      ['nobody on the team', asked(alice, { action: 'transfer', callSid: aliceSid, target: 'mallory' }), 409, 'SB_TEAMMATE'],
      ['herself', asked(alice, { action: 'consult', callSid: aliceSid, target: 'alice' }), 409, 'SB_TARGET_SELF'],
      ['complete with no consultation', asked(alice, { action: 'complete', callSid: aliceSid }), 409, 'SB_CALL_STATE'],
    ];
    for (const [what, send, status, code] of attempts) {
      const response = await send();
      const text = await response.text();
      const seen = `${response.status} ${text.slice(0, 200)}`;
      refused.record(what, response.status === status && JSON.parse(text).error?.code === code, seen);
    }
    const after = callLog();
    refused.assertAllRefused(attempts.length);
    expect(after).toBe(before);
    console.log(refused.summary());
  }, 60_000);

  it('alice, a live party, gets the call`s state (a plain call: talking), in JSON or form', async () => {
    const before = callLog();
    for (const type of ['application/json', 'application/x-www-form-urlencoded']) {
      const response = await control(`Bearer ${tokenFor(sim, 'alice')}`, { action: 'status', callSid: aliceSid }, type);
      expect([response.status, response.headers.get('cache-control')]).toEqual([200, 'no-store']);
      expect(await response.json()).toEqual({ state: 'talking', parties: [], at: expect.any(Number) });
    }
    expect(callLog()).toBe(before);
  });

  it('hostile bodies from someone who is not in the call: always a JSON refusal with a known code, never a 500, no call touched', async () => {
    const before = callLog();
    const bob = `Bearer ${tokenFor(sim, 'bob')}`;
    const statuses = new Map<number, number>();
    const action = fc.oneof(fc.constantFrom('hold', 'resume', 'transfer', 'consult', 'complete', 'cancel', 'merge', 'status'), anyValue);
    const callSid = fc.oneof(
      fc.constant(aliceSid),
      fc.constant(callerSid),
      fc.uint8Array({ minLength: 16, maxLength: 16 }).map((bytes) => `CA${Buffer.from(bytes).toString('hex')}`),
      anyValue,
    );
    const target = fc.oneof(identityLike, phoneLike, anyValue);
    await checkProperty(
      'call-control hostile bodies',
      fc.asyncProperty(action, callSid, target, fc.constantFrom('application/json', 'application/x-www-form-urlencoded'), async (a, c, t, type) => {
        const response = await control(bob, { action: a, callSid: c, target: t }, type);
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        const body = await response.json();
        return [400, 403].includes(response.status) && ['SB_BAD_REQUEST', 'SB_NOT_IN_CALL'].includes(body.error?.code);
      }),
      { numRuns: 120 },
    );
    console.log(`hostile call-control bodies by status: ${[...statuses].map(([status, n]) => `${status}×${n}`).join(', ')}`);
    expect(callLog()).toBe(before);
  }, 90_000);
});
