/**
 * The voicemail flow through the real Functions in the simulator: a phone calls the team, nobody
 * takes it, FORWARD_TO does not either, and the caller reaches the greeting and `<Record>`. The
 * simulated phones are protocol clients that send no audio, so the recording is empty and Twilio
 * (and the simulator) go on past `<Record>` to the goodbye.
 */
import { startSimulator, type Simulator } from '../../simulator';
import { DEFAULT_VOICEMAIL_GREETING } from '../../src/lib/config/config';
import { SAY } from '../../src/lib/voice/twiml';
import { PStreamClient } from '../support/pstream-client';
import { parseTwiml } from '../support/twiml';
import { placeCall, sdp, settledCall, tokenFor } from '../simulator/helpers';

const FORWARD_TO = '+14155550199';
let sim: Simulator;
const clients: PStreamClient[] = [];

beforeAll(async () => {
  sim = await startSimulator({ env: { RING_TIMEOUT: '5', FORWARD_TO } });
}, 60_000);
afterEach(() => {
  for (const client of clients.splice(0)) client.close();
});
afterAll(() => sim?.stop());

async function device(identity: string): Promise<PStreamClient> {
  const client = await PStreamClient.registered(sim.url, tokenFor(sim, identity));
  clients.push(client);
  return client;
}

/** The phone calls the team number; resolves with the parent call once it has ended. */
async function callTeam(phone: PStreamClient, whileRinging: (sid: string) => Promise<void>) {
  const sid = await placeCall(sim, phone, sim.teamNumber);
  await whileRinging(sid);
  return settledCall(sim, sid, (c) => !!c.endedAt, 30_000);
}

/** Each action webhook the call made: its path, the DialCallStatus it reported, the verbs it got back. */
const actions = (call: Awaited<ReturnType<typeof callTeam>>) =>
  call.webhooks.filter((w) => w.kind === 'action').map((w) => ({ path: new URL(w.url).pathname, status: w.params.DialCallStatus, verbs: parseTwiml(w.response).children.map((c) => c.name) }));

test('nobody on the team, FORWARD_TO busy: greeting, <Record>, goodbye', async () => {
  const [phone, alice, forward] = await Promise.all([device('phone_12025550143'), device('alice'), device('phone_14155550199')]);
  const call = await callTeam(phone, async () => {
    await alice.next('invite'); // alice lets it ring out
    const forwarded = await forward.next('invite', () => true, 15_000);
    forward.send('reject', { callsid: forwarded.callsid });
  });
  expect(actions(call)).toEqual([
    { path: '/dial-complete', status: 'no-answer', verbs: ['Dial'] },
    { path: '/forward-complete', status: 'busy', verbs: ['Say', 'Record', 'Say', 'Hangup'] },
  ]);
  expect(call.legs.map((leg) => [leg.to, leg.status])).toEqual([
    ['client:alice', 'no-answer'],
    [FORWARD_TO, 'rejected'],
  ]);
  expect(call.says).toEqual([DEFAULT_VOICEMAIL_GREETING, SAY.noMessage]);
  expect(call.status).toBe('completed');
});

test('FORWARD_TO answers: a conversation, then a hangup and no voicemail', async () => {
  const [phone, forward] = await Promise.all([device('phone_12025550143'), device('phone_14155550199')]);
  const call = await callTeam(phone, async (sid) => {
    const forwarded = await forward.next('invite', () => true, 15_000);
    forward.send('answer', { callsid: forwarded.callsid, sdp: sdp('forward') });
    await settledCall(sim, sid, (c) => c.legs.some((leg) => leg.status === 'in-progress'));
    forward.send('hangup', { callsid: forwarded.callsid });
  });
  expect(actions(call)).toEqual([
    { path: '/dial-complete', status: 'no-answer', verbs: ['Dial'] },
    { path: '/forward-complete', status: 'completed', verbs: ['Hangup'] },
  ]);
  expect(call.says).toEqual([]);
});
