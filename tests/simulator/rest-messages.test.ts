/**
 * UserDefinedMessages, the REST side of the Voice SDK's call messages: the real `twilio` client
 * sends a message to a call, and the device of that call (only that one) gets the signaling
 * `message` frame the SDK turns into `messageReceived`. Every answer is checked against Twilio's
 * OpenAPI description; a repeated IdempotencyKey sends nothing twice; bad content, a call that is
 * over and a call with no Voice SDK at its end are refused with Twilio's error body.
 */
import { PStreamClient } from '../support/pstream-client';
import { restClientPerFile } from '../support/twilio-client';
import { placeCall, sdp, settledCall, tokenFor } from './helpers';

const shared = restClientPerFile();
const sockets: PStreamClient[] = [];

afterEach(() => {
  for (const socket of sockets.splice(0)) socket.close();
});

async function device(identity: string): Promise<PStreamClient> {
  const socket = await PStreamClient.registered(shared().sim.url, tokenFor(shared().sim, identity));
  sockets.push(socket);
  return socket;
}

/** alice calls bob, who answers: alice's SDK knows the parent call, bob's his leg. */
async function teammateCall() {
  const [alice, bob] = [await device('alice'), await device('bob')];
  alice.send('invite', { callsid: `TJS${Math.random().toString(16).slice(2)}`, sdp: sdp('alice'), twilio: { params: 'To=bob' } });
  const parentSid: string = (await alice.next('ringing')).callsid;
  const legSid: string = (await bob.next('invite')).callsid;
  bob.send('answer', { callsid: legSid, sdp: sdp('bob') });
  await alice.next('answer');
  return { alice, bob, parentSid, legSid };
}

const send = (callSid: string, params: { content: string; idempotencyKey?: string }) =>
  shared().client.run({ name: 'calls', args: [callSid] }, { name: 'userDefinedMessages' }, { name: 'create', args: [params] });

test('a message reaches the Voice SDK of the call it names, parsed, as the frame the SDK reads', async () => {
  const { alice, bob, parentSid, legSid } = await teammateCall();
  const answer = await send(legSid, { content: JSON.stringify({ parties: ['alice'], hold: false }) });
  expect(answer.error).toBeUndefined();
  const created = answer.result as { sid: string; callSid: string; accountSid: string };
  expect(created).toMatchObject({ callSid: legSid, accountSid: shared().sim.env.ACCOUNT_SID, sid: expect.stringMatching(/^KX[0-9a-f]{32}$/) });
  expect(await bob.next('message')).toEqual({
    callsid: legSid,
    content: { parties: ['alice'], hold: false },
    contenttype: 'application/json',
    messagetype: 'user-defined-message',
    voiceeventsid: created.sid,
  });

  // The caller's own call is the parent: only alice hears of it.
  await send(parentSid, { content: '"hello"' });
  expect((await alice.next('message')).content).toBe('hello');
  expect(bob.unread('message')).toEqual([]);
  expect(alice.unread('message')).toEqual([]);

  // The call log names the message among the call's events.
  const events = shared()
    .sim.calls()
    .find((c) => c.sid === parentSid)!
    .events.filter((e) => e.type === 'message');
  expect(events.map((e) => e.callSid)).toEqual([legSid, undefined]);
  alice.send('hangup', { callsid: parentSid });
});

test('the same IdempotencyKey answers the first message again and sends nothing twice', async () => {
  const { alice, bob, parentSid, legSid } = await teammateCall();
  const first = await send(legSid, { content: '{"n":1}', idempotencyKey: 'k-1' });
  const again = await send(legSid, { content: '{"n":2}', idempotencyKey: 'k-1' });
  expect((again.result as { sid: string }).sid).toBe((first.result as { sid: string }).sid);
  await bob.next('message');
  await send(legSid, { content: '{"n":3}', idempotencyKey: 'k-2' });
  expect((await bob.next('message')).content).toEqual({ n: 3 });
  expect(bob.unread('message')).toEqual([]);
  alice.send('hangup', { callsid: parentSid });
});

test.each([
  ['Content that is not JSON', 'hello there', 32702],
  ['Content over 10,000 characters', JSON.stringify('x'.repeat(10_000)), 32703],
])('%s → 400 with its code, and nothing is sent', async (_name, content, code) => {
  const { alice, bob, parentSid, legSid } = await teammateCall();
  const answer = await send(legSid, { content });
  expect(answer.error).toMatchObject({ status: 400, code });
  await new Promise((resolve) => setTimeout(resolve, 100));
  expect(bob.unread('message')).toEqual([]);
  alice.send('hangup', { callsid: parentSid });
});

test('a call that is over, a call with no Voice SDK at its end (a phone) and an unknown call are refused', async () => {
  const { alice, parentSid, legSid } = await teammateCall();
  alice.send('hangup', { callsid: parentSid });
  await settledCall(shared().sim, parentSid);
  expect((await send(legSid, { content: '{}' })).error).toMatchObject({ status: 400, code: 21220 });

  const phone = await device('phone_14155550188');
  const phoneCall = await placeCall(shared().sim, phone, shared().sim.env.CALLER_ID);
  expect((await send(phoneCall, { content: '{}' })).error).toMatchObject({ status: 400, code: 21220 });
  phone.send('hangup', { callsid: phoneCall });

  expect((await send(`CA${'0'.repeat(32)}`, { content: '{}' })).error).toMatchObject({ status: 404, code: 20404 });
});
