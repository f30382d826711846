/**
 * The data Functions over real HTTP against the simulator: the built Functions in twilio-run reach
 * the simulator's REST API through getTwilioClient() exactly as deployed (docs/twilio-runtime.md). Real calls
 * are placed with the protocol client; voicemail recordings are put in the simulator's store as
 * <Record> leaves them. Then /calls, /voicemail, /recording and /voicemail-delete are asked as the
 * page asks them, with a teammate's access token.
 */
import { createServer, type Server } from 'node:net';
import { startSimulator, type Simulator } from '../../simulator';
import { decodeMp3 } from '../../simulator/media/audio/mp3';
import { startRuntime, type LocalRuntime } from '../../build/local-runtime';
import { PStreamClient } from '../support/pstream-client';
import { placeCall, sdp, settledCall, tokenFor } from '../simulator/helpers';

const CALLER = '+12025550143';
const OUTSIDE = '+14155550134';
let sim: Simulator;
const clients: PStreamClient[] = [];
/** Parent call SIDs of the scenario, by what happened on them. */
const calls: Record<'answered' | 'voicemail' | 'hungUp' | 'busy' | 'team' | 'out', string> = {} as never;
let voicemailSid: string;

async function device(identity: string): Promise<PStreamClient> {
  const client = await PStreamClient.registered(sim.url, tokenFor(sim, identity));
  clients.push(client);
  return client;
}

/** Places a call from `caller` to `to` and returns the parent CallSid. */
const call = (caller: PStreamClient, to: string) => placeCall(sim, caller, to);

const ended = (sid: string) => settledCall(sim, sid, (c) => !!c.endedAt && c.legs.every((l) => !!l.endedAt), 20_000);
/** `seconds` of a 440 Hz tone at 8 kHz, as <Record> stores a caller's voice. */
const tone = (seconds: number) => Int16Array.from({ length: seconds * 8000 }, (_, i) => Math.round(8000 * Math.sin((2 * Math.PI * 440 * i) / 8000)));
const addRecording = (callSid: string, seconds: number, source: 'RecordVerb' | 'Conference' = 'RecordVerb') =>
  sim.recordings.add({ callSid, source, status: 'completed', startedAt: new Date(Date.now() - seconds * 1000), pcm: tone(seconds) }).sid;

const get = (path: string, identity = 'alice', init: RequestInit = {}) =>
  fetch(`${sim.url}${path}`, { ...init, headers: { Authorization: `Bearer ${tokenFor(sim, identity)}`, ...(init.headers as object) } });
const json = async (path: string, identity?: string) => {
  const response = await get(path, identity);
  expect(response.headers.get('cache-control')).toBe('no-store');
  return { status: response.status, body: await response.json() };
};
const remove = (id: string, identity = 'alice') =>
  get('/voicemail-delete', identity, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ id }) });

beforeAll(async () => {
  sim = await startSimulator({ env: { RING_TIMEOUT: '5' } });
  const phone = await device('phone_12025550143');
  const alice = await device('alice');

  // Answered by alice: she talks a second, then hangs up.
  calls.answered = await call(phone, sim.teamNumber);
  const invite = await alice.next('invite');
  alice.send('answer', { callsid: invite.callsid, sdp: sdp('alice') });
  await phone.next('answer');
  await new Promise((r) => setTimeout(r, 1200));
  alice.send('hangup', { callsid: invite.callsid });
  await ended(calls.answered);

  // Rejected by alice, the only one signed in: busy.
  calls.busy = await call(phone, sim.teamNumber);
  alice.send('reject', { callsid: (await alice.next('invite')).callsid });
  await ended(calls.busy);

  // The caller gives up while it rings.
  calls.hungUp = await call(phone, sim.teamNumber);
  await alice.next('invite');
  phone.send('hangup', { callsid: calls.hungUp });
  await ended(calls.hungUp);

  // Nobody answers within RING_TIMEOUT: voicemail; <Record> leaves a 3 s message.
  calls.voicemail = await call(phone, sim.teamNumber);
  await ended(calls.voicemail);
  voicemailSid = addRecording(calls.voicemail, 3);

  // alice calls bob, who answers; alice calls a phone nobody serves.
  const bob = await device('bob');
  calls.team = await call(alice, 'bob');
  const bobInvite = await bob.next('invite');
  bob.send('answer', { callsid: bobInvite.callsid, sdp: sdp('bob') });
  await alice.next('answer');
  bob.send('hangup', { callsid: bobInvite.callsid });
  await ended(calls.team);
  calls.out = await call(alice, OUTSIDE);
  await ended(calls.out);
}, 120_000);

afterAll(async () => {
  for (const client of clients.splice(0)) client.close();
  await sim?.stop();
});

describe('GET /calls', () => {
  it('lists the team`s calls from Twilio`s records, newest first, each classified', async () => {
    const started = Date.now();
    const { status, body } = await json('/calls');
    console.log(`GET /calls: ${body.entries?.length} entries in ${Date.now() - started} ms`);
    expect(status).toBe(200);
    expect(body.next).toBeNull();
    const byId = new Map(body.entries.map((e: { id: string }) => [e.id, e]));
    expect(body.entries.map((e: { id: string }) => e.id)).toEqual([calls.out, calls.team, calls.voicemail, calls.hungUp, calls.busy, calls.answered]);
    expect(byId.get(calls.answered)).toMatchObject({ direction: 'in', party: { number: CALLER }, answeredBy: 'alice', outcome: 'answered' });
    expect((byId.get(calls.answered) as { seconds: number }).seconds).toBeGreaterThanOrEqual(1);
    expect(byId.get(calls.busy)).toMatchObject({ direction: 'in', outcome: 'busy', seconds: 0 });
    expect(byId.get(calls.hungUp)).toMatchObject({ direction: 'in', outcome: 'missed' });
    expect(byId.get(calls.voicemail)).toMatchObject({ direction: 'in', outcome: 'voicemail', voicemail: { id: voicemailSid, seconds: 3 } });
    expect(byId.get(calls.team)).toMatchObject({ direction: 'team', party: { identity: 'bob' }, by: 'alice', answeredBy: 'bob', outcome: 'answered' });
    expect(byId.get(calls.out)).toMatchObject({ direction: 'out', party: { number: OUTSIDE }, by: 'alice' });
    for (const entry of body.entries) expect(Date.parse(entry.at)).toBeGreaterThan(Date.now() - 300_000);
  });

  it('bob, signed in elsewhere, sees the same history', async () => {
    expect((await json('/calls', 'bob')).body).toEqual((await json('/calls', 'alice')).body);
  });

  it('refuses a cursor it did not make with 400, never a 500', async () => {
    for (const before of ['x', '../../etc/passwd', 'eyJ0IjoxLjV9', '%00']) {
      const { status, body } = await json(`/calls?before=${encodeURIComponent(before)}`);
      expect([status, body.error.code]).toEqual([400, 'SB_BAD_CURSOR']);
    }
  });
});

describe('GET /calls?mine=1', () => {
  const ids = async (path: string, identity: string) => {
    const { status, body } = await json(path, identity);
    expect([status, body.next]).toEqual([200, null]);
    return body.entries.map((e: { id: string }) => e.id);
  };

  it('gives each teammate the calls they placed or answered, newest first, and All to everyone', async () => {
    // alice answered one, called bob and a phone; bob answered hers; carol took no part in any.
    expect(await ids('/calls?mine=1', 'alice')).toEqual([calls.out, calls.team, calls.answered]);
    expect(await ids('/calls?mine=1', 'bob')).toEqual([calls.team]);
    expect(await ids('/calls?mine=1', 'carol')).toEqual([]);
    expect(await ids('/calls', 'carol')).toEqual([calls.out, calls.team, calls.voicemail, calls.hungUp, calls.busy, calls.answered]);
    // An entry reads the same in either view.
    const team = async (path: string) => (await json(path, 'bob')).body.entries.find((e: { id: string }) => e.id === calls.team);
    expect(await team('/calls?mine=1')).toEqual(await team('/calls'));
  });

  it('refuses a view it does not know with a clear 400, never a 500', async () => {
    for (const query of ['mine=yes', 'mine=', 'mine=0', 'mine=1&mine=1', 'mine=bob']) {
      const { status, body } = await json(`/calls?${query}`, 'alice');
      expect([query, status, body.error.code, body.error.message]).toEqual([query, 400, 'SB_HISTORY_VIEW', 'The call history has no such view']);
    }
  });

  it('answers 401 without a session, and names nobody`s calls', async () => {
    for (const authorization of [undefined, 'Bearer not-a-token']) {
      const response = await fetch(`${sim.url}/calls?mine=1`, { headers: authorization ? { Authorization: authorization } : {} });
      const text = await response.text();
      expect([response.status, JSON.parse(text).error.code]).toEqual([401, 'SB_SESSION']);
      expect(text).not.toContain('CA');
    }
  });
});

describe('voicemail', () => {
  it('lists the message with who left it, when and how long; not other recordings of the account', async () => {
    const decoys = [addRecording(calls.team, 2), addRecording(calls.answered, 2, 'Conference')];
    const { status, body } = await json('/voicemail');
    expect(status).toBe(200);
    expect(body.messages).toEqual([{ id: voicemailSid, callId: calls.voicemail, from: { number: CALLER }, at: expect.any(String), seconds: 3, played: false }]);
    expect(JSON.stringify(body)).not.toMatch(/twilio\.com|AC[0-9a-f]{32}|\/2010-04-01/);
    for (const decoy of decoys) {
      const response = await get(`/recording?id=${decoy}`);
      expect([response.status, (await response.json()).error.code]).toEqual([404, 'SB_NOT_FOUND']);
      expect((await remove(decoy)).status).toBe(404);
      expect(sim.recordings.get(decoy)).toBeDefined();
      sim.recordings.delete(decoy);
    }
  });

  it('/recording passes the message through as MP3 of the right length', async () => {
    const response = await get(`/recording?id=${voicemailSid}`, 'bob');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('audio/mpeg');
    expect(response.headers.get('cache-control')).toBe('private, no-store');
    const bytes = new Uint8Array(await response.arrayBuffer());
    // An MPEG audio frame starts with 11 set bits (frame sync).
    expect([bytes[0], bytes[1] & 0xe0]).toEqual([0xff, 0xe0]);
    const pcm = await decodeMp3(bytes);
    expect(pcm.length / 8000).toBeGreaterThan(2.8);
    expect(pcm.length / 8000).toBeLessThan(3.3);
  });

  it('POST /voicemail-delete deletes it at Twilio for the whole team; again → 404', async () => {
    const response = await remove(voicemailSid, 'bob');
    expect([response.status, await response.json()]).toEqual([200, { deleted: voicemailSid }]);
    expect(sim.recordings.get(voicemailSid)).toBeUndefined();
    expect((await json('/voicemail', 'alice')).body.messages).toEqual([]);
    expect((await remove(voicemailSid)).status).toBe(404);
    expect((await get(`/recording?id=${voicemailSid}`)).status).toBe(404);
    const entry = (await json('/calls')).body.entries.find((e: { id: string }) => e.id === calls.voicemail);
    // The call stays a voicemail call (the team's store keeps that its message was deleted), with nothing left to play.
    expect(entry).toMatchObject({ outcome: 'voicemail', voicemail: { id: voicemailSid, seconds: 3, deleted: true } });
  });
});

describe('when Twilio`s API fails', () => {
  let runtime: LocalRuntime | undefined;
  let silent: Server | undefined;
  afterEach(async () => {
    await runtime?.stop();
    silent?.close();
  });

  /** A twilio-run like the simulator's whose REST traffic goes to `proxyUrl`. */
  const runtimeVia = async (proxyUrl: string) => (runtime = await startRuntime(sim.env, { restProxy: { url: proxyUrl, caFile: sim.restProxy.caFile } }));

  it.each(['/calls', '/voicemail', `/recording?id=RE${'0'.repeat(32)}`])('unreachable: %s answers 503 SB_TWILIO_UNAVAILABLE with Retry-After', async (path) => {
    const unreachable = await runtimeVia('http://127.0.0.1:9');
    const response = await fetch(`${unreachable.url}${path}`, { headers: { Authorization: `Bearer ${tokenFor(sim, 'alice')}` } });
    expect([response.status, response.headers.get('retry-after'), (await response.json()).error.code]).toEqual([503, '5', 'SB_TWILIO_UNAVAILABLE']);
  });

  // How soon (before Twilio's 10 s cut) is tests/unit/data-endpoint.test.ts's, on a fake clock.
  it('silent: answers 503 SB_TWILIO_UNAVAILABLE with Retry-After', async () => {
    silent = createServer(() => undefined).listen(0, '127.0.0.1');
    await new Promise((r) => silent!.once('listening', r));
    const slow = await runtimeVia(`http://127.0.0.1:${(silent.address() as { port: number }).port}`);
    const response = await fetch(`${slow.url}/calls`, { headers: { Authorization: `Bearer ${tokenFor(sim, 'alice')}` } });
    expect([response.status, response.headers.get('retry-after'), (await response.json()).error.code]).toEqual([503, '5', 'SB_TWILIO_UNAVAILABLE']);
  }, 20_000);
});
