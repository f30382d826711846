/**
 * GET /calls over a history of 200 real calls in the simulator (each rang alice and bob, so 600
 * Call resources): four pages of 50, none repeated or skipped, newest first, and how long a page
 * takes through twilio-run and the REST API (the figure the page's "history after sign-in" rests on).
 */
import { startSimulator, type Simulator } from '../../simulator';
import { PStreamClient } from '../support/pstream-client';
import { sdp, settledCall, tokenFor } from '../simulator/helpers';

const CALLS = 200;
let sim: Simulator;
const clients: PStreamClient[] = [];
const placed: string[] = [];

beforeAll(async () => {
  sim = await startSimulator();
  const [alice, bob, ...phones] = await Promise.all(
    ['alice', 'bob', 'phone_12025550143', 'phone_12025550144', 'phone_12025550145', 'phone_12025550146'].map((identity) => PStreamClient.registered(sim.url, tokenFor(sim, identity))),
  );
  clients.push(alice, bob, ...phones);
  // Each call rings both teammates; the caller gives up at once, so both legs are canceled. The phones
  // take turns, and each call waits for the last to end: a device holds only a few calls at once, and
  // a call's status callbacks (the legs', the parent's) still run after it ended.
  for (let i = 0; i < CALLS; i++) {
    const phone = phones[i % phones.length];
    phone.send('invite', { callsid: `TJS${i}`, sdp: sdp('offer'), twilio: { params: new URLSearchParams({ To: sim.teamNumber }).toString() } });
    const sid: string = (await phone.next('ringing')).callsid;
    await Promise.all([alice.next('invite'), bob.next('invite')]);
    phone.send('hangup', { callsid: sid });
    await Promise.all([alice.next('cancel'), bob.next('cancel')]);
    placed.push(sid);
    await settledCall(sim, sid, (c) => !!c.endedAt && c.legs.every((l) => !!l.endedAt));
  }
}, 180_000);

afterAll(async () => {
  for (const client of clients) client.close();
  await sim?.stop();
});

test(`${CALLS} calls: four pages of 50, newest first, none repeated or skipped`, async () => {
  const headers = { Authorization: `Bearer ${tokenFor(sim, 'alice')}` };
  const seen: { id: string; outcome: string }[] = [];
  const timings: number[] = [];
  let before = '';
  for (let page = 0; page < 10; page++) {
    const started = Date.now();
    const response = await fetch(`${sim.url}/calls${before ? `?before=${before}` : ''}`, { headers });
    timings.push(Date.now() - started);
    expect(response.status).toBe(200);
    const body = await response.json();
    seen.push(...body.entries);
    if (!body.next) break;
    before = body.next;
  }
  console.log(`GET /calls over ${CALLS} calls (${sim.calls().length} parents, ${sim.calls().reduce((n, c) => n + c.legs.length, 0)} legs): pages of ${timings.length} in ${timings.join(', ')} ms`);
  expect(timings).toHaveLength(CALLS / 50);
  expect(seen.map((e) => e.id)).toEqual([...placed].reverse());
  expect(new Set(seen.map((e) => e.outcome))).toEqual(new Set(['missed']));
});
