/**
 * The simulator's signaling protocol, spoken by a Node PStream client against the real Functions
 * under twilio-run: tokens, registration, outgoing and incoming calls, ring groups, hangups,
 * token expiry on an open socket, and hostile input.
 */
import AccessToken from 'twilio/lib/jwt/AccessToken';
import { startSimulator, type Simulator } from '../../simulator';
import { SAY } from '../../src/lib/voice/twiml';
import { PStreamClient } from '../support/pstream-client';
import { configOf, expectSimulatorSdp, sdp, settledCall, signJwt, tokenFor, tokenWith } from './helpers';

const PHONE = '+14155550123';
const PHONE_IDENTITY = 'phone_14155550123';

let sim: Simulator;
const clients: PStreamClient[] = [];

async function device(identity: string, ttl?: number): Promise<PStreamClient> {
  const client = await PStreamClient.registered(sim.url, tokenFor(sim, identity, ttl));
  clients.push(client);
  return client;
}

async function connection(): Promise<PStreamClient> {
  const client = await PStreamClient.connect(sim.url);
  clients.push(client);
  return client;
}

/** Places a call from `caller` and returns the CA sid from `ringing`. */
async function call(caller: PStreamClient, to: string, offer = sdp('offer'), clientSid = `TJS${Math.random().toString(16).slice(2)}`): Promise<string> {
  caller.send('invite', { callsid: clientSid, sdp: offer, twilio: { params: new URLSearchParams({ To: to }).toString() } });
  return (await caller.next('ringing')).callsid;
}

/** alice calls bob and bob's device rings: the two clients, the parent CallSid and bob's leg CallSid. */
async function ringingCall() {
  const alice = await device('alice');
  const bob = await device('bob');
  const parentSid = await call(alice, 'bob');
  const legSid: string = (await bob.next('invite')).callsid;
  return { alice, bob, parentSid, legSid };
}

/** A ringing call that bob answered. */
async function answeredCall() {
  const ringing = await ringingCall();
  ringing.bob.send('answer', { callsid: ringing.legSid, sdp: sdp('bob') });
  await ringing.alice.next('answer');
  return ringing;
}

beforeAll(async () => {
  sim = await startSimulator({ env: { RING_TIMEOUT: '5' } });
});

afterEach(() => {
  for (const client of clients.splice(0)) client.close();
});

afterAll(() => sim?.stop());

describe('listen and register', () => {
  test('a valid token gets connected with identity and ttl; register → ready, unregister → offline', async () => {
    const client = await connection();
    client.send('listen', { token: tokenFor(sim, 'alice'), browserinfo: {}, reconnectTimeout: 0 });
    const connected = await client.next('connected');
    expect(connected).toMatchObject({ region: 'us1', edge: 'ashburn', home: 'us1', token: { identity: 'alice' } });
    expect(connected.token.ttl).toBeGreaterThan(3500);
    expect(connected.token.ttl).toBeLessThanOrEqual(3600);
    client.send('register', { media: { audio: true } });
    await client.next('ready');
    client.send('register', { media: { audio: false } });
    await client.next('offline');
  });

  test.each([
    { name: 'garbage', token: () => 'not-a-jwt', code: 31204 },
    { name: 'a token signed with another secret', token: () => tokenWith(sim, () => undefined, 'wrong-secret'), code: 31204 },
    { name: 'an unsigned token (alg none)', token: () => `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${tokenWith(sim, () => undefined).split('.')[1]}.`, code: 31204 },
    {
      name: 'a token whose claims were edited after signing',
      token: () => {
        const [h, , sig] = tokenWith(sim, () => undefined).split('.');
        return `${h}.${Buffer.from(JSON.stringify({ iss: sim.env.API_KEY, sub: sim.env.ACCOUNT_SID, exp: Date.now() / 1000 + 600, grants: { identity: 'bob', voice: {} } })).toString('base64url')}.${sig}`;
      },
      code: 31204,
    },
    {
      name: 'a token of another account',
      token: () =>
        signJwt({ alg: 'HS256', typ: 'JWT' }, { iss: sim.env.API_KEY, sub: `AC${'0'.repeat(32)}`, exp: Date.now() / 1000 + 600, grants: { identity: 'alice', voice: {} } }, sim.env.API_SECRET),
      code: 31204,
    },
    { name: 'an expired token', token: () => tokenFor(sim, 'alice', -30), code: 31205 },
    {
      name: 'a token without a voice grant',
      token: () => signJwt({ alg: 'HS256', typ: 'JWT' }, { iss: sim.env.API_KEY, sub: sim.env.ACCOUNT_SID, exp: Date.now() / 1000 + 600, grants: { identity: 'alice' } }, sim.env.API_SECRET),
      code: 20101,
    },
    { name: 'a token for another region', token: () => tokenWith(sim, (t) => ((t as unknown as { region: string }).region = 'ie1')), code: 20101 },
  ])('$name → error $code, no connected, the socket stays usable', async ({ token, code }) => {
    const client = await connection();
    client.send('listen', { token: token() });
    const { error } = await client.next('error');
    expect(error.code).toBe(code);
    expect(typeof error.message).toBe('string');
    client.send('register', { media: { audio: true } });
    expect((await client.next('error')).error.code).toBe(31204);
    expect(client.unread('ready')).toHaveLength(0);
    client.send('listen', { token: tokenFor(sim, 'alice') });
    await client.next('connected');
  });

  test('updateToken: a second valid listen is accepted silently; another identity is refused', async () => {
    const client = await device('alice');
    client.send('listen', { token: tokenFor(sim, 'alice') });
    client.send('listen', { token: tokenFor(sim, 'bob') });
    expect((await client.next('error')).error.code).toBe(31204);
    client.send('register', { media: { audio: true } });
    await client.next('ready');
    expect(client.unread('connected')).toHaveLength(0);
  });
});

describe('calls between teammates', () => {
  test("alice calls bob: Voice URL, ringing, invite with the simulator's own offer, answer from the simulator, hangup both ways, status completed", async () => {
    const alice = await device('alice');
    const bob = await device('bob');
    const parentSid = await call(alice, 'bob', sdp('alice-offer'));
    expect(parentSid).toMatch(/^CA[0-9a-f]{32}$/);
    const invite = await bob.next('invite');
    expect(invite.callsid).toMatch(/^CA[0-9a-f]{32}$/);
    expect(invite.callsid).not.toBe(parentSid);
    expectSimulatorSdp(invite.sdp, sdp('alice-offer'));
    expect(invite.parameters).toMatchObject({ CallSid: invite.callsid, From: 'client:alice', To: 'client:bob', AccountSid: sim.env.ACCOUNT_SID });

    bob.send('answer', { callsid: invite.callsid, sdp: sdp('bob-answer') });
    const answer = await alice.next('answer');
    expect(answer.callsid).toBe(parentSid);
    expect(answer.sdp).not.toBe(sdp('bob-answer'));
    alice.send('hangup', { callsid: parentSid });
    expect(await bob.next('hangup')).toEqual({ callsid: invite.callsid });

    const log = await settledCall(sim, parentSid);
    expect(log.status).toBe('completed');
    const voice = log.webhooks.find((w) => w.kind === 'voice')!;
    expect(voice.status).toBe(200); // the real /voice accepted the signature
    expect(voice.params).toMatchObject({
      From: 'client:alice',
      Caller: 'client:alice',
      To: 'bob',
      Direction: 'inbound',
      CallStatus: 'ringing',
      ApplicationSid: sim.env.TWIML_APP_SID,
      ApiVersion: '2010-04-01',
    });
    expect(voice.response).toMatch(/<Client [^>]*>bob<\/Client>/);
    const action = log.webhooks.find((w) => w.kind === 'action')!;
    expect(action.params).toMatchObject({ DialCallStatus: 'completed', DialCallSid: invite.callsid });
    // The call's own status callback (the dialled leg reports on its own, to /leg-status).
    const status = log.webhooks.find((w) => w.kind === 'status' && w.params.CallSid === parentSid)!;
    expect(status.status).toBe(200);
    expect(status.params).toMatchObject({ CallSid: parentSid, CallStatus: 'completed' });
    expect(status.params.CallDuration).toMatch(/^\d+$/);
    expect(log.legs).toEqual([expect.objectContaining({ sid: invite.callsid, to: 'client:bob', status: 'completed' })]);
  });

  test('the callee hangs up: the caller gets hangup for its call', async () => {
    const { alice, bob, parentSid, legSid } = await answeredCall();
    bob.send('hangup', { callsid: legSid });
    expect(await alice.next('hangup')).toEqual({ callsid: parentSid });
    expect((await settledCall(sim, parentSid)).status).toBe('completed');
  });

  test('the callee rejects: the caller hears that the line is busy and is hung up', async () => {
    const { alice, bob, parentSid, legSid } = await ringingCall();
    bob.send('reject', { callsid: legSid });
    await alice.next('hangup');
    const log = await settledCall(sim, parentSid);
    expect(log.webhooks.find((w) => w.kind === 'action')?.params.DialCallStatus).toBe('busy');
    expect(log.says).toEqual(['The line is busy. Goodbye.']);
    expect(log.legs[0].status).toBe('rejected');
    expect(log.status).toBe('completed'); // the <Say> answered the call
  });

  test('the caller cancels while it rings: the callee gets cancel, the call ends canceled', async () => {
    const { alice, bob, parentSid, legSid } = await ringingCall();
    alice.send('hangup', { callsid: parentSid });
    expect(await bob.next('cancel')).toEqual({ callsid: legSid });
    const log = await settledCall(sim, parentSid);
    expect(log.status).toBe('canceled');
    expect(log.webhooks.find((w) => w.kind === 'status')?.params).toMatchObject({ CallStatus: 'canceled', CallDuration: '0' });
  });

  test("a hangup with the SDK's own TJS id before ringing ends the call too", async () => {
    const alice = await device('alice');
    const bob = await device('bob');
    alice.send('invite', { callsid: 'TJSearly', sdp: sdp('offer'), twilio: { params: 'To=bob' } });
    alice.send('hangup', { callsid: 'TJSearly' });
    const calls = () => sim.calls().filter((c) => c.from === 'client:alice' && c.webhooks[0]?.params.To === 'bob');
    await settledCall(sim, calls()[calls().length - 1].sid);
    expect(calls()[calls().length - 1].status).toBe('canceled');
    expect(bob.unread('invite')).toHaveLength(0);
  });

  test('a teammate who is not signed in: no-answer at once, the caller is told and hung up', async () => {
    const alice = await device('alice');
    alice.send('invite', { callsid: 'TJSnobody', sdp: sdp('offer'), twilio: { params: 'To=carol' } });
    // The <Say> plays as early media (ringing with the simulator's SDP), and the hangup then names the CA sid.
    const { callsid, sdp: early } = await alice.next('ringing');
    expect(early).toMatch(/^v=0/);
    expect(await alice.next('hangup')).toEqual({ callsid });
    expect(alice.unread('answer')).toHaveLength(0);
    const log = sim.calls().find((c) => c.webhooks[0]?.params.To === 'carol')!;
    expect((await settledCall(sim, log.sid)).says).toEqual([SAY.noAnswer]);
  });
});

describe('calls to and from phone numbers', () => {
  test('alice calls a number: the simulated phone rings with the team number as caller ID and answers', async () => {
    const alice = await device('alice');
    const phone = await device(PHONE_IDENTITY);
    const parentSid = await call(alice, '(415) 555-0123');
    const invite = await phone.next('invite');
    expect(invite.parameters).toMatchObject({ From: sim.teamNumber, To: PHONE });
    phone.send('answer', { callsid: invite.callsid, sdp: sdp('phone') });
    expect((await alice.next('answer')).sdp).toMatch(/^v=0/);
    phone.send('hangup', { callsid: invite.callsid });
    await alice.next('hangup');
    const log = await settledCall(sim, parentSid);
    expect(log.webhooks[0].response).toContain(`callerId="${sim.teamNumber}"`);
    expect(log.legs[0]).toMatchObject({ to: PHONE, from: sim.teamNumber, status: 'completed' });
  });

  test('a number no simulated phone answers fails, and the caller is told', async () => {
    const alice = await device('alice');
    alice.send('invite', { callsid: 'TJSnophone', sdp: sdp('offer'), twilio: { params: 'To=%2B14155550177' } });
    await alice.next('hangup');
    const log = sim.calls().find((c) => c.webhooks[0]?.params.To === '+14155550177')!;
    const settled = await settledCall(sim, log.sid);
    expect(settled.webhooks.find((w) => w.kind === 'action')?.params.DialCallStatus).toBe('failed');
    expect(settled.says).toEqual(['The call could not be connected. Goodbye.']);
  });

  test('a phone calls the team: every device of every member rings with its own CallSid; first answer wins, the others get cancel', async () => {
    const alice1 = await device('alice');
    const alice2 = await device('alice');
    const bob = await device('bob');
    const phone = await device(PHONE_IDENTITY);
    const parentSid = await call(phone, sim.teamNumber, sdp('phone-offer'));
    const invites = await Promise.all([alice1, alice2, bob].map((c) => c.next('invite')));
    expect(new Set(invites.map((i) => i.callsid)).size).toBe(3);
    // Each device gets an offer of its own endpoint at the simulator.
    expect(new Set(invites.map((i) => i.sdp)).size).toBe(3);
    for (const invite of invites) {
      expectSimulatorSdp(invite.sdp, sdp('phone-offer'));
      expect(invite.parameters.From).toBe(PHONE);
      expect(new URLSearchParams(invite.parameters.Params).get('callerNumber')).toBe(PHONE);
    }
    const log0 = sim.calls().find((c) => c.sid === parentSid)!;
    expect(log0.webhooks[0].params).toMatchObject({ From: PHONE, To: sim.teamNumber, Direction: 'inbound', FromCountry: 'US', ToCountry: 'US' });

    bob.send('answer', { callsid: invites[2].callsid, sdp: sdp('bob') });
    expect(await alice1.next('cancel')).toEqual({ callsid: invites[0].callsid });
    expect(await alice2.next('cancel')).toEqual({ callsid: invites[1].callsid });
    expect(await phone.next('answer')).toEqual({ callsid: parentSid, sdp: expect.stringMatching(/^v=0/), reconnect: expect.any(String) });
    // A late answer from a cancelled device is refused.
    alice1.send('answer', { callsid: invites[0].callsid, sdp: sdp('late') });
    await alice1.next('hangup', (p) => p.callsid === invites[0].callsid);

    phone.send('hangup', { callsid: parentSid });
    await bob.next('hangup');
    const log = await settledCall(sim, parentSid);
    expect(log.status).toBe('completed');
    expect(log.legs.map((l) => l.status).sort()).toEqual(['canceled', 'canceled', 'completed']);
  });

  test("one device of a member declines: Twilio withdraws the call from that member's other devices (busy), the others keep ringing", async () => {
    const bob1 = await device('bob');
    const bob2 = await device('bob');
    const alice = await device('alice');
    const phone = await device(PHONE_IDENTITY);
    const parentSid = await call(phone, sim.teamNumber);
    const [toBob1, toBob2, toAlice] = await Promise.all([bob1, bob2, alice].map((c) => c.next('invite')));

    bob1.send('reject', { callsid: toBob1.callsid });
    expect(await bob2.next('cancel')).toEqual({ callsid: toBob2.callsid });
    const legs = () => sim.calls().find((c) => c.sid === parentSid)!.legs;
    expect(
      legs()
        .filter((l) => l.to === 'client:bob')
        .map((l) => l.status),
    ).toEqual(['rejected', 'rejected']);
    expect(legs().find((l) => l.to === 'client:alice')?.status).toBe('ringing');
    expect(alice.unread('cancel')).toHaveLength(0);

    alice.send('answer', { callsid: toAlice.callsid, sdp: sdp('alice') });
    await phone.next('answer');
    phone.send('hangup', { callsid: parentSid });
    await alice.next('hangup');
    const log = await settledCall(sim, parentSid);
    expect(log.webhooks.find((w) => w.kind === 'action')?.params.DialCallStatus).toBe('completed');
    expect(log.legs.map((l) => `${l.to} ${l.status}`).sort()).toEqual(['client:alice completed', 'client:bob rejected', 'client:bob rejected']);
  });

  test('nobody answers the team within RING_TIMEOUT: every device gets cancel, the caller reaches voicemail (heartbeats meanwhile)', async () => {
    const alice = await device('alice');
    const phone = await device(PHONE_IDENTITY);
    const started = Date.now();
    const parentSid = await call(phone, sim.teamNumber);
    const invite = await alice.next('invite');
    expect(await alice.next('cancel', () => true, 8000)).toEqual({ callsid: invite.callsid });
    expect(Date.now() - started).toBeGreaterThanOrEqual(4500);
    // The greeting, then <Record> waits out 5 s of silence, then the goodbye.
    await phone.next('hangup', () => true, 30_000);
    const log = await settledCall(sim, parentSid);
    expect(log.webhooks.find((w) => w.kind === 'action')?.params.DialCallStatus).toBe('no-answer');
    // A phone that says nothing leaves an empty recording: Twilio goes on past <Record> to the goodbye.
    expect(log.says).toEqual([configOf(sim).voicemailGreeting, SAY.noMessage]);
    expect(log.status).toBe('completed');
    expect(alice.heartbeats).toBeGreaterThan(0);
  }, 60_000);

  test('a phone dialling a number that is not the team\'s gets "not found", with no webhook', async () => {
    const phone = await device(PHONE_IDENTITY);
    phone.send('invite', { callsid: 'TJSelsewhere', sdp: sdp('offer'), twilio: { params: 'To=%2B14155550188' } });
    const hangup = await phone.next('hangup');
    expect(hangup).toMatchObject({ callsid: 'TJSelsewhere', error: { code: 31404 } });
    const log = sim.calls().find((c) => c.to === '+14155550188')!;
    expect(log).toMatchObject({ status: 'failed', webhooks: [] });
  });
});

describe('token expiry on an open connection', () => {
  test('the device gets 31205 when its token lapses, then no calls until a fresh listen', async () => {
    const bob = await device('bob', 2);
    const alice = await device('alice');
    expect((await bob.next('error', () => true, 4000)).error.code).toBe(31205);

    alice.send('invite', { callsid: 'TJSexpired', sdp: sdp('offer'), twilio: { params: 'To=bob' } });
    await alice.next('hangup');
    expect(bob.unread('invite')).toHaveLength(0);
    bob.send('register', { media: { audio: true } });
    expect((await bob.next('error')).error.code).toBe(31205);

    bob.send('listen', { token: tokenFor(sim, 'bob') });
    await call(alice, 'bob');
    const invite = await bob.next('invite');
    expect(bob.unread('connected')).toHaveLength(0);
    bob.send('reject', { callsid: invite.callsid });
    await alice.next('hangup');
  });
});

describe('call signaling reconnection (maxCallSignalingTimeoutMs)', () => {
  /** A registered client whose listen asks for calls to survive `seconds` of dropped signaling. */
  async function reconnecting(identity: string, seconds: number): Promise<PStreamClient> {
    const client = await connection();
    client.send('listen', { token: tokenFor(sim, identity), reconnectTimeout: seconds });
    await client.next('connected');
    client.send('register', { media: { audio: true } });
    await client.next('ready');
    return client;
  }

  test("without it, invites and answers still carry a reconnect token (the SDK's connectToken), but a dropped socket ends the call", async () => {
    const alice = await device('alice');
    const bob = await device('bob');
    const parentSid = await call(alice, 'bob');
    const invite = await bob.next('invite');
    bob.send('answer', { callsid: invite.callsid, sdp: sdp('bob') });
    const answer = await alice.next('answer');
    expect([typeof invite.reconnect, typeof answer.reconnect]).toEqual(['string', 'string']);
    alice.socket.terminate();
    expect(await bob.next('hangup')).toEqual({ callsid: invite.callsid });
    expect((await settledCall(sim, parentSid)).status).toBe('completed');
  });

  test('a caller whose socket drops resumes the call on a new socket; strangers cannot', async () => {
    const alice = await reconnecting('alice', 5);
    const bob = await reconnecting('bob', 5);
    const parentSid = await call(alice, 'bob');
    const invite = await bob.next('invite');
    expect(typeof invite.reconnect).toBe('string');
    bob.send('answer', { callsid: invite.callsid, sdp: sdp('bob') });
    const answer = await alice.next('answer');
    expect(typeof answer.reconnect).toBe('string');

    alice.close();
    await settledCall(sim, parentSid, (c) => c.events.some((e) => e.text.includes('holding the call')));
    const carol = await reconnecting('carol', 5);
    carol.send('invite', { callsid: parentSid, reconnect: answer.reconnect, sdp: sdp('carol') });
    expect((await carol.next('hangup')).error.code).toBe(31005);

    const again = await reconnecting('alice', 5);
    again.send('invite', { callsid: parentSid, reconnect: answer.reconnect, sdp: sdp('alice') });
    expect(await again.next('answer')).toEqual({ callsid: parentSid, reconnect: answer.reconnect });
    expect(bob.unread('hangup')).toEqual([]);
    bob.send('hangup', { callsid: invite.callsid });
    expect(await again.next('hangup')).toEqual({ callsid: parentSid });
    expect((await settledCall(sim, parentSid)).status).toBe('completed');
  });

  test('a callee that does not come back within its reconnectTimeout ends the call', async () => {
    const alice = await reconnecting('alice', 5);
    const bob = await reconnecting('bob', 1);
    const parentSid = await call(alice, 'bob');
    const invite = await bob.next('invite');
    bob.send('answer', { callsid: invite.callsid, sdp: sdp('bob') });
    await alice.next('answer');
    const dropped = Date.now();
    bob.close();
    expect(await alice.next('hangup', () => true, 3000)).toEqual({ callsid: parentSid });
    expect(Date.now() - dropped).toBeGreaterThanOrEqual(900);
    expect((await settledCall(sim, parentSid)).status).toBe('completed');
  });
});

describe('hostile and broken input', () => {
  test('malformed frames get 31100 errors and the connection keeps working', async () => {
    const client = await device('alice');
    for (const raw of ['{', '[]', '"text"', '{"type":"explode","payload":{}}', '{"type":"invite","payload":[1]}', '{"type":5}', 'null']) {
      client.sendRaw(raw);
      expect((await client.next('error')).error).toMatchObject({ code: 31100 });
    }
    client.sendRaw(Buffer.from([1, 2, 3]));
    expect((await client.next('error')).error.code).toBe(31100);
    client.send('hangup', {});
    expect((await client.next('error')).error.code).toBe(31100);
    client.send('hangup', { callsid: 'CA-unknown' }); // unknown calls are ignored
    client.send('invite', { callsid: 'TJSnosdp', twilio: { params: 'To=bob' } });
    expect(await client.next('hangup')).toMatchObject({ callsid: 'TJSnosdp', error: { code: 31100 } });
    client.send('invite', { callsid: 'TJSbadsdp', sdp: 'hello', twilio: { params: 'To=bob' } });
    expect((await client.next('hangup')).error.code).toBe(31100);
    client.send('register', { media: { audio: true } });
    await client.next('ready');
  });

  test('an oversized frame closes that connection only', async () => {
    const client = await connection();
    client.sendRaw('x'.repeat(300 * 1024));
    expect((await client.closed).code).toBe(1009);
    await device('alice');
  });

  test('a device cannot answer or hang up calls that rang someone else', async () => {
    const alice = await device('alice');
    const bob = await device('bob');
    const mallory = await device('carol');
    const parentSid = await call(alice, 'bob');
    const invite = await bob.next('invite');
    mallory.send('answer', { callsid: invite.callsid, sdp: sdp('mallory') });
    mallory.send('hangup', { callsid: parentSid });
    bob.send('answer', { callsid: invite.callsid, sdp: sdp('bob') });
    expect((await alice.next('answer')).sdp).toMatch(/^v=0/);
    expect(sim.calls().find((c) => c.sid === parentSid)?.legs[0].status).toBe('in-progress');
    alice.send('hangup', { callsid: parentSid });
    await bob.next('hangup');
  });

  test('an answer without a valid SDP is refused and the leg keeps ringing', async () => {
    const { alice, bob, parentSid, legSid } = await ringingCall();
    bob.send('answer', { callsid: legSid });
    expect((await bob.next('error')).error.code).toBe(31100);
    bob.send('answer', { callsid: legSid, sdp: sdp('bob') });
    await alice.next('answer');
    alice.send('hangup', { callsid: parentSid });
    await settledCall(sim, parentSid);
  });

  test('abrupt closes end the calls on the other side and leak nothing', async () => {
    const { alice, bob, parentSid } = await answeredCall();
    bob.close();
    await alice.next('hangup');
    expect((await settledCall(sim, parentSid)).status).toBe('completed');

    const carol = await device('carol');
    const parent2 = await call(alice, 'carol');
    await carol.next('invite');
    sim.dropSockets('alice');
    await carol.next('cancel');
    expect((await settledCall(sim, parent2)).status).toBe('canceled');
    expect(sim.calls().filter((c) => !c.endedAt)).toEqual([]);
  });

  test('outgoing calls need a token granting this TwiML App', async () => {
    const token = tokenWith(sim, (t) => {
      (t as unknown as { grants: unknown[] }).grants = [];
      t.addGrant(new AccessToken.VoiceGrant({ incomingAllow: true }));
    });
    const client = await PStreamClient.registered(sim.url, token);
    clients.push(client);
    client.send('invite', { callsid: 'TJSnogrant', sdp: sdp('offer'), twilio: { params: 'To=bob' } });
    expect((await client.next('hangup')).error.code).toBe(21218);
  });
});

describe('simulator HTTP routes', () => {
  test('/__sim/config and /__sim/calls answer JSON', async () => {
    const config = await (await fetch(`${sim.url}/__sim/config`)).json();
    expect(config).toMatchObject({ teamNumber: sim.teamNumber, team: ['alice', 'bob', 'carol'] });
    const calls = await (await fetch(`${sim.url}/__sim/calls`)).json();
    expect(Array.isArray(calls)).toBe(true);
    expect(calls.length).toBe(sim.calls().length);
  });

  test('the Functions are proxied: /token refuses strangers, /voice refuses unsigned requests', async () => {
    const token = await fetch(`${sim.url}/token`, { headers: { 'X-Requested-With': 'fetch' } });
    expect(token.status).toBe(401);
    const voice = await fetch(`${sim.url}/voice`, { method: 'POST', body: 'From=client:alice&To=bob', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
    expect(voice.status).toBe(403);
  });

  test('/token with a demo passcode gives a token the simulator accepts', async () => {
    const auth = Buffer.from(`bob:${sim.passcodes.bob}`).toString('base64');
    const reply = await (await fetch(`${sim.url}/token`, { headers: { Authorization: `Basic ${auth}` } })).json();
    expect(reply).toMatchObject({ identity: 'bob', teamNumber: sim.teamNumber });
    const client = await PStreamClient.registered(sim.url, reply.token);
    clients.push(client);
  });

  test('the page is served with the simulator script before its bundle; the phone page and SDK come from the simulator', async () => {
    const html = await (await fetch(`${sim.url}/`)).text();
    expect(html.indexOf('<script src="/__sim/inject.js"></script>')).toBeGreaterThan(0);
    expect(html.indexOf('/__sim/inject.js')).toBeLessThan(html.search(/<script[^>]+\/assets\/app/));
    const inject = await fetch(`${sim.url}/__sim/inject.js`);
    expect(await inject.text()).toContain('SwitchboardDeviceOptions');
    expect((await fetch(`${sim.url}/__sim/phone?number=%2B14155550123`)).headers.get('content-type')).toMatch(/^text\/html/);
    expect((await fetch(`${sim.url}/__sim/voice-sdk.js`)).status).toBe(200);
    expect((await fetch(`${sim.url}/__sim/nothing`)).status).toBe(404);
  });

  test('phone tokens only for phone numbers', async () => {
    expect((await fetch(`${sim.url}/__sim/phone-token?number=hello`)).status).toBe(400);
    const reply = await (await fetch(`${sim.url}/__sim/phone-token?number=${encodeURIComponent(PHONE)}`)).json();
    expect(reply).toMatchObject({ identity: PHONE_IDENTITY, number: PHONE });
  });
});
