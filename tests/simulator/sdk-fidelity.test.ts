/**
 * Where the simulator must behave as Twilio does for the Voice SDK, as Twilio's own SDK
 * integration suite relies on it: client names as Twilio accepts them, tokens without an
 * identity, `<Parameter>`s as the SDK reads them, `connect({ connectToken })` on another device,
 * and when a caller is told its `<Dial>` was answered. The Voice URL is a stand-in serving the
 * TwiML that suite runs against (a `<Dial><Client>` with `<Parameter>`s), spoken to by Node
 * PStream clients.
 */
import { resolve } from 'node:path';
import AccessToken from 'twilio/lib/jwt/AccessToken';
import { startSimulator, type Simulator } from '../../simulator';
import { PStreamClient } from '../support/pstream-client';
import { startStandInApp, type StandInApp } from '../support/stand-in-app';
import { until } from '../support/until';
import { sdp, settledCall, signJwt } from './helpers';

/** The SDK's own parser of an invite's `Params` (what becomes `call.customParameters`): the answer key is Twilio's code, not ours. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { queryToJson } = require(resolve('node_modules/@twilio/voice-sdk/es5/twilio/util.js')) as { queryToJson: (params: string) => Record<string, string> };

let sim: Simulator;
let app: StandInApp;
let base: string;
const clients: PStreamClient[] = [];

/** `<Parameter>`s of the suite's TwiML App, plus one of each character class a value may hold. */
const PARAMETERS: [string, string][] = [
  ['duplicate', '12345'],
  ['duplicate', '123456'],
  ['custom + param', '我不吃蛋'],
  ['foobar', 'some + value'],
  ['values', 'a=1&b=2 %41 + é'],
  ['ключ', '100% ✓'],
];

const xmlAttr = (value: string) => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/** The TwiML the suite's TwiML App answers (`{{To}}` and `{{Custom1}}` filled from the request), with or without answerOnBridge. */
function suiteTwiml(params: Record<string, string>, answerOnBridge: boolean): string {
  const parameters = [...PARAMETERS, ['custom1', params.Custom1 ?? '']].map(([name, value]) => `<Parameter name="${xmlAttr(name)}" value="${xmlAttr(value)}"/>`).join('');
  return `<Response><Dial timeout="10"${answerOnBridge ? ' answerOnBridge="true"' : ''}><Client><Identity>${xmlAttr(params.To ?? '')}</Identity>${parameters}</Client></Dial></Response>`;
}

/**
 * A token as Twilio's suite makes them: a Voice grant and the identity given. Without one, the
 * claims an older twilio library signed (today's refuses to make such a token).
 */
function suiteToken(identity?: string): string {
  const voice = { incoming: { allow: true }, outgoing: { application_sid: sim.env.TWIML_APP_SID } };
  if (identity === undefined) {
    const now = Math.floor(Date.now() / 1000);
    return signJwt(
      { alg: 'HS256', typ: 'JWT', cty: 'twilio-fpa;v=1' },
      { jti: `${sim.env.API_KEY}-${now}`, iss: sim.env.API_KEY, sub: sim.env.ACCOUNT_SID, exp: now + 300, grants: { voice } },
      sim.env.API_SECRET,
    );
  }
  const token = new AccessToken(sim.env.ACCOUNT_SID, sim.env.API_KEY, sim.env.API_SECRET, { ttl: 300, identity });
  token.addGrant(new AccessToken.VoiceGrant({ incomingAllow: true, outgoingApplicationSid: sim.env.TWIML_APP_SID }));
  return token.toJwt();
}

async function connection(): Promise<PStreamClient> {
  const client = await PStreamClient.connect(sim.url);
  clients.push(client);
  return client;
}

/** A device that sent `listen` with `token` and got `connected`; registered unless told otherwise. */
async function device(token: string, register = true): Promise<PStreamClient> {
  const client = await connection();
  client.send('listen', { token, browserinfo: { p: 'browser', v: '2.18.5' }, reconnectTimeout: 0 });
  await client.next('connected');
  if (register) {
    client.send('register', { media: { audio: true } });
    await client.next('ready');
  }
  return client;
}

/** A callee with a suite identity (`id2-<ms>`), and a caller whose token has no identity, calling it. */
async function suiteCall(path = '/suite') {
  const identity = `id2-${Date.now()}${Math.floor(Math.random() * 1000)}`;
  const callee = await device(suiteToken(identity));
  const caller = await device(suiteToken(), false);
  sim.setVoiceUrl(`${base}${path}`);
  caller.send('invite', { callsid: `TJS${identity}`, sdp: sdp('caller'), twilio: { params: `To=${encodeURIComponent(identity)}&Custom1=${encodeURIComponent('foo + bar')}` } });
  const invite = await callee.next('invite');
  return { identity, callee, caller, invite };
}

beforeAll(async () => {
  app = await startStandInApp((path, params) => suiteTwiml(params, path === '/suite-bridge'));
  base = app.base;
  sim = await startSimulator();
});

afterEach(() => {
  for (const client of clients.splice(0)) client.close();
});

afterAll(async () => {
  app?.close();
  await sim?.stop();
});

describe('client names and identities', () => {
  test('a name Twilio accepts (dashes, dots, @, non-ASCII) signs in and is called; a token without identity calls as client:Anonymous', async () => {
    for (const identity of ['id1-1765118346000', 'agent.smith@example.com', 'Zoë_42']) {
      const client = await connection();
      client.send('listen', { token: suiteToken(identity) });
      expect((await client.next('connected')).token.identity).toBe(identity);
    }
    const { invite } = await suiteCall();
    expect(invite.parameters).toMatchObject({ From: 'client:Anonymous', To: expect.stringMatching(/^client:id2-\d+$/) });
    const call = sim.calls().find((c) => c.legs.some((leg) => leg.sid === invite.callsid))!;
    expect(call.webhooks[0].params).toMatchObject({ From: 'client:Anonymous', Caller: 'client:Anonymous', To: expect.stringMatching(/^id2-/) });
  });

  test.each([
    { name: 'a space', identity: 'id 1' },
    { name: 'a delimiter', identity: 'id<1>' },
    { name: 'an unwise character', identity: 'id|1' },
    { name: 'a control character', identity: 'id\u00071' },
    { name: 'over 256 characters', identity: 'a'.repeat(257) },
  ])("a client name with $name is refused with Twilio's 31105", async ({ identity }) => {
    const client = await connection();
    client.send('listen', { token: suiteToken(identity) });
    expect((await client.next('error')).error.code).toBe(31105);
    expect(client.unread('connected')).toHaveLength(0);
  });
});

test('<Parameter> names and values reach call.customParameters as Twilio delivers them', async () => {
  const { invite } = await suiteCall();
  // What Twilio's suite expects of its TwiML App, and values holding &, =, %, + and non-ASCII text.
  expect(queryToJson(invite.parameters.Params)).toEqual({
    duplicate: '123456',
    'custom + param': '我不吃蛋',
    foobar: 'some + value',
    values: 'a=1&b=2 %41 + é',
    ключ: '100% ✓',
    custom1: 'foo + bar',
  });
});

describe('when the caller hears its <Dial> was answered', () => {
  test.each([
    { path: '/suite', answerOnBridge: false },
    { path: '/suite-bridge', answerOnBridge: true },
  ])('answerOnBridge=$answerOnBridge: ringing with early media while it rings, answer only once the callee answers', async ({ path, answerOnBridge }) => {
    const declined = await suiteCall(path);
    const ringing = await declined.caller.next('ringing');
    expect(ringing.sdp).toMatch(/^v=0/);
    // Without answerOnBridge Twilio answers (and bills) the call from the dial on; with it, from the bridge.
    expect(sim.calls().find((c) => c.sid === ringing.callsid)!.answeredAt !== undefined).toBe(!answerOnBridge);
    declined.callee.send('reject', { callsid: declined.invite.callsid });
    await declined.caller.next('hangup');
    expect(declined.caller.unread('answer')).toHaveLength(0); // frames arrive in order: no answer came before the hangup
    await settledCall(sim, ringing.callsid);

    const taken = await suiteCall(path);
    const parentSid = (await taken.caller.next('ringing')).callsid;
    taken.callee.send('answer', { callsid: taken.invite.callsid, sdp: sdp('callee') });
    expect((await taken.caller.next('answer')).callsid).toBe(parentSid);
    taken.caller.send('hangup', { callsid: parentSid });
    await settledCall(sim, parentSid);
  });
});

describe('connect({ connectToken }): the incoming call taken on another device', () => {
  test('every invite carries a reconnect token; an invite naming the ringing leg with it answers there, and the first device gets cancel', async () => {
    const { identity, caller, callee, invite } = await suiteCall();
    expect(typeof invite.reconnect).toBe('string');
    const other = await device(suiteToken(identity), false);
    other.send('invite', { callsid: invite.callsid, reconnect: invite.reconnect, sdp: sdp('other'), twilio: {} });
    expect(await callee.next('cancel')).toEqual({ callsid: invite.callsid });
    const answer = await other.next('answer');
    expect(answer).toMatchObject({ callsid: invite.callsid, reconnect: expect.any(String) });
    expect(answer.sdp).toMatch(/^v=0/);
    const parentSid = (await caller.next('answer')).callsid;
    const leg = () =>
      sim
        .calls()
        .find((c) => c.sid === parentSid)!
        .legs.find((l) => l.sid === invite.callsid)!;
    expect(leg()).toMatchObject({ status: 'in-progress' });
    // The call goes on with the new device: its hangup ends it.
    other.send('hangup', { callsid: invite.callsid });
    expect(await caller.next('hangup')).toEqual({ callsid: parentSid });
    await until(() => leg().status === 'completed', 'the taken leg to end', 5000, 20);
  });

  test('another identity, a wrong token or a leg no longer ringing cannot take the call', async () => {
    const { caller, callee, invite } = await suiteCall();
    const stranger = await device(suiteToken('someone-else'), false);
    stranger.send('invite', { callsid: invite.callsid, reconnect: invite.reconnect, sdp: sdp('stranger'), twilio: {} });
    expect((await stranger.next('hangup')).error.code).toBe(31005);
    callee.send('answer', { callsid: invite.callsid, sdp: sdp('callee') });
    const parentSid = (await caller.next('answer')).callsid;
    const late = await device(suiteToken(invite.parameters.To.slice('client:'.length)), false);
    late.send('invite', { callsid: invite.callsid, reconnect: invite.reconnect, sdp: sdp('late'), twilio: {} });
    expect((await late.next('hangup')).error.code).toBe(31005);
    expect(callee.unread('cancel')).toHaveLength(0);
    caller.send('hangup', { callsid: parentSid });
    await settledCall(sim, parentSid);
  });
});
