/**
 * The Calls resource of the simulator's REST API: the real `twilio` client (through the proxy,
 * as our Functions reach it) lists, fetches and updates calls placed through the simulator, with
 * Twilio's documented effect on the parent and child legs of a `<Dial>`; plain fetch on the front
 * URL for auth failures, paging and error bodies. Every answer is checked against Twilio's OpenAPI
 * description.
 */
import { createServer, type Server } from 'node:http';
import { startSimulator, type SimCall, type Simulator } from '../../simulator';
import { expectTwilioShape, templateOf } from '../support/openapi';
import { PStreamClient } from '../support/pstream-client';
import type { Reply } from '../support/reply';
import { TwilioClientProcess } from '../support/twilio-client';
import { sdp, settledCall, tokenFor } from './helpers';

let sim: Simulator;
let client: TwilioClientProcess;
const sockets: PStreamClient[] = [];

beforeAll(async () => {
  sim = await startSimulator({ env: { RING_TIMEOUT: '10' } });
  client = await TwilioClientProcess.start(sim);
}, 60_000);

afterEach(() => {
  for (const socket of sockets.splice(0)) socket.close();
});

afterAll(async () => {
  client?.stop();
  await sim?.stop();
});

async function device(identity: string): Promise<PStreamClient> {
  const socket = await PStreamClient.registered(sim.url, tokenFor(sim, identity));
  sockets.push(socket);
  return socket;
}

/** alice calls bob; bob's device rings (and answers unless `answer` is false). */
async function teammateCall(answer = true) {
  const alice = await device('alice');
  const bob = await device('bob');
  alice.send('invite', { callsid: `TJS${Math.random().toString(16).slice(2)}`, sdp: sdp('alice'), twilio: { params: 'To=bob' } });
  const parentSid: string = (await alice.next('ringing')).callsid;
  const legSid: string = (await bob.next('invite')).callsid;
  if (answer) {
    bob.send('answer', { callsid: legSid, sdp: sdp('bob') });
    await alice.next('answer');
  }
  return { alice, bob, parentSid, legSid };
}

/** The kinds of a call's own webhooks, in order: its dialled leg's status callbacks ('leg-status') land whenever the leg ends, so they are left out. */
const ownWebhooks = (call: SimCall) => call.webhooks.map((w) => w.kind).filter((kind) => kind !== 'leg-status');

/**
 * A loopback server for the simulator's webhooks: each POST's form goes into `received`, and
 * `body` (TwiML) or nothing (204) answers it. Resolves with the server and its URL at `path`.
 */
async function webhookReceiver(path: string, received: Record<string, string>[], body?: string): Promise<{ server: Server; url: string }> {
  const server = createServer((request, response) => {
    let form = '';
    request.on('data', (chunk) => (form += chunk));
    request.on('end', () => {
      received.push(Object.fromEntries(new URLSearchParams(form)));
      if (body === undefined) response.writeHead(204).end();
      else response.writeHead(200, { 'Content-Type': 'text/xml' }).end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return { server, url: `http://127.0.0.1:${(server.address() as { port: number }).port}${path}` };
}

/** A request to the REST API on the front URL, its answer checked against Twilio's description. */
async function rest(path: string, init: { method?: 'GET' | 'POST' | 'DELETE'; form?: Record<string, string>; auth?: string | null } = {}) {
  const auth = init.auth === undefined ? `${sim.env.ACCOUNT_SID}:${sim.env.AUTH_TOKEN}` : init.auth;
  const url = path.startsWith('/') ? `${sim.url}${path}` : `${sim.url}/2010-04-01/Accounts/${sim.env.ACCOUNT_SID}/${path}`;
  const response = await fetch(url, {
    method: init.method ?? (init.form ? 'POST' : 'GET'),
    headers: { ...(auth ? { Authorization: `Basic ${Buffer.from(auth).toString('base64')}` } : {}), ...(init.form ? { 'Content-Type': 'application/x-www-form-urlencoded' } : {}) },
    body: init.form ? new URLSearchParams(init.form).toString() : undefined,
  });
  const body = response.status === 204 ? undefined : await response.json();
  const pathname = new URL(url).pathname;
  if (response.status !== 204) expectTwilioShape(response.status >= 400 ? pathname : templateOf(pathname), (init.method ?? (init.form ? 'post' : 'get')).toLowerCase() as 'get', response.status, body);
  return { status: response.status, body, headers: response.headers };
}

describe('list and fetch', () => {
  test('a finished teammate call is listed as its parent (inbound) and its dialled leg (outbound-dial), newest first', async () => {
    const { alice, parentSid, legSid } = await teammateCall();
    alice.send('hangup', { callsid: parentSid });
    await settledCall(sim, parentSid);

    const calls = await client.ok<Reply[]>({ name: 'calls' }, { name: 'list', args: [{ limit: 20 }] });
    const parent = calls.find((c) => c.sid === parentSid);
    const leg = calls.find((c) => c.sid === legSid);
    expect(parent).toMatchObject({ direction: 'inbound', from: 'client:alice', status: 'completed', parentCallSid: null, accountSid: sim.env.ACCOUNT_SID });
    expect(leg).toMatchObject({ direction: 'outbound-dial', to: 'client:bob', from: 'client:alice', status: 'completed', parentCallSid: parentSid });
    expect(calls.indexOf(leg)).toBeLessThan(calls.indexOf(parent)); // the leg began after its parent
    expect(Number(parent.duration)).toBeGreaterThanOrEqual(0);

    const fetched = await client.ok({ name: 'calls', args: [legSid] }, { name: 'fetch', args: [] });
    expect(fetched).toMatchObject({ sid: legSid, parentCallSid: parentSid, status: 'completed' });
  });

  test('filters: ParentCallSid, To, From, Status, StartTime> / StartTime<', async () => {
    const { alice, parentSid, legSid } = await teammateCall();
    alice.send('hangup', { callsid: parentSid });
    await settledCall(sim, parentSid);
    const list = (params: object) => client.ok<Reply[]>({ name: 'calls' }, { name: 'list', args: [params] }).then((calls) => calls.map((c) => c.sid));
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    const results = {
      children: await list({ parentCallSid: parentSid }),
      toBob: await list({ to: 'client:bob' }),
      fromAlice: await list({ from: 'client:alice' }),
      inProgress: await list({ status: 'in-progress' }),
      sinceYesterday: await list({ startTimeAfter: yesterday }),
      beforeYesterday: await list({ startTimeBefore: yesterday }),
      endedBeforeTomorrow: await list({ endTimeBefore: tomorrow }),
    };
    expect(results.children).toEqual([legSid]);
    expect(results.toBob).toContain(legSid);
    expect(results.toBob).not.toContain(parentSid);
    expect(results.fromAlice).toEqual(expect.arrayContaining([parentSid, legSid]));
    expect(results.inProgress).not.toContain(parentSid);
    expect(results.sinceYesterday).toEqual(expect.arrayContaining([parentSid, legSid]));
    expect(results.beforeYesterday).toEqual([]);
    expect(results.endedBeforeTomorrow).toContain(parentSid);
  });

  test('paging: PageSize, next_page_uri and previous_page_uri walk every call once', async () => {
    const all = (await rest('Calls.json?PageSize=1000')).body.calls.map((c: { sid: string }) => c.sid);
    expect(all.length).toBeGreaterThanOrEqual(4);
    const seen: string[] = [];
    let page = await rest('Calls.json?PageSize=3');
    for (;;) {
      seen.push(...page.body.calls.map((c: { sid: string }) => c.sid));
      expect(page.body.page_size).toBe(3);
      if (!page.body.next_page_uri) break;
      const next = await rest(page.body.next_page_uri);
      expect(next.body.previous_page_uri).toBe(page.body.uri);
      expect(next.body.start).toBe(page.body.end + 1);
      page = next;
    }
    expect(seen).toEqual(all);
  });
});

describe('authentication and errors', () => {
  test.each([
    ['no credentials', null],
    ['a wrong auth token', () => `${sim.env.ACCOUNT_SID}:${'0'.repeat(32)}`],
    ['the API key with the auth token', () => `${sim.env.API_KEY}:${sim.env.AUTH_TOKEN}`],
    ['a malformed header', () => 'no-colon'],
  ])('%s → 401, 20003', async (_name, auth) => {
    const answer = await rest('Calls.json', { auth: typeof auth === 'function' ? auth() : auth });
    expect(answer).toMatchObject({ status: 401, body: { code: 20003, status: 401 } });
    expect(answer.headers.get('www-authenticate')).toMatch(/^Basic/);
  });

  test('/__sim/config hands a script the credentials it needs', async () => {
    const { accountSid, authToken } = await (await fetch(`${sim.url}/__sim/config`)).json();
    expect((await rest(`/2010-04-01/Accounts/${accountSid}/Calls.json`, { auth: `${accountSid}:${authToken}` })).status).toBe(200);
  });

  test('the API key and secret are accepted', async () => {
    expect((await rest('Calls.json', { auth: `${sim.env.API_KEY}:${sim.env.API_SECRET}` })).status).toBe(200);
  });

  test("another account's SID in the path → 401, 20003", async () => {
    const answer = await rest(`/2010-04-01/Accounts/AC${'1'.repeat(32)}/Calls.json`);
    expect(answer).toMatchObject({ status: 401, body: { code: 20003 } });
  });

  test.each([
    ['an unknown call', 404, 20404, () => rest(`Calls/CA${'0'.repeat(32)}.json`)],
    ['an unknown resource', 404, 20404, () => rest('Nothing.json')],
    ['a bad PageSize', 400, 20007, () => rest('Calls.json?PageSize=0')],
    ['a PageSize above 1000', 400, 20007, () => rest('Calls.json?PageSize=1001')],
    ['a bad Status filter', 400, 20001, () => rest('Calls.json?Status=happy')],
    ['a bad StartTime>', 400, 20001, () => rest(`Calls.json?${encodeURIComponent('StartTime>')}=yesterday`)],
    ['DELETE on Calls.json', 405, 20004, () => rest('Calls.json', { method: 'DELETE' })],
  ])('%s → %i, %i', async (_name, status, code, request) => {
    expect(await request()).toMatchObject({ status, body: { code, status } });
  });
});

describe('update', () => {
  test('Status=completed on the dialled leg hangs it up; the parent continues to its <Dial action>', async () => {
    const { alice, bob, parentSid, legSid } = await teammateCall();
    const updated = await client.ok({ name: 'calls', args: [legSid] }, { name: 'update', args: [{ status: 'completed' }] });
    expect(updated).toMatchObject({ sid: legSid, status: 'completed' });
    await bob.next('hangup', (p) => p.callsid === legSid);
    await alice.next('hangup');
    const call = await settledCall(sim, parentSid);
    expect(call.webhooks.find((w) => w.kind === 'action')?.params).toMatchObject({ DialCallStatus: 'completed', DialCallSid: legSid });
    expect(call.status).toBe('completed');
  });

  test('Twiml on the parent hangs up the dialled leg and runs the new TwiML on the parent, without the <Dial action>', async () => {
    const { alice, bob, parentSid, legSid } = await teammateCall();
    await client.ok({ name: 'calls', args: [parentSid] }, { name: 'update', args: [{ twiml: '<Response><Say>Moved by the API</Say></Response>' }] });
    await bob.next('hangup', (p) => p.callsid === legSid);
    await alice.next('hangup');
    const call = await settledCall(sim, parentSid);
    expect(call.says).toEqual(['Moved by the API']);
    expect(ownWebhooks(call)).toEqual(['voice', 'status']);
    expect(call.legs[0]).toMatchObject({ sid: legSid, status: 'completed' });
  });

  test('Twiml on the dialled leg: the leg leaves the bridge and runs it; the parent continues to its <Dial action>', async () => {
    const { alice, bob, parentSid, legSid } = await teammateCall();
    const updated = await client.ok({ name: 'calls', args: [legSid] }, { name: 'update', args: [{ twiml: '<Response><Say>Just for bob</Say></Response>' }] });
    expect(updated).toMatchObject({ sid: legSid, parentCallSid: parentSid });
    await alice.next('hangup');
    await bob.next('hangup', (p) => p.callsid === legSid);
    const call = await settledCall(sim, parentSid, (c) => c.webhooks.some((w) => w.kind === 'status') && c.legs[0].endedAt !== undefined);
    expect(call.webhooks.find((w) => w.kind === 'action')?.params).toMatchObject({ DialCallStatus: 'completed', DialCallSid: legSid });
    expect(call.legs[0]).toMatchObject({ sid: legSid, status: 'completed', says: ['Just for bob'] });
    expect(call.says).toEqual([]);
  });

  test('a redirected leg whose device hangs up stops its TwiML at once, even after its parent ended', async () => {
    const { alice, bob, parentSid, legSid } = await teammateCall();
    await client.ok({ name: 'calls', args: [legSid] }, { name: 'update', args: [{ twiml: '<Response><Pause length="30"/><Say>too late</Say></Response>' }] });
    // Switchboard's /dial-complete saw bob's leg still live and keeps alice in the call's conference (a move): she hangs up.
    await settledCall(sim, parentSid, (c) => c.webhooks.some((w) => w.kind === 'action'));
    alice.send('hangup', { callsid: parentSid });
    await settledCall(sim, parentSid, (c) => c.endedAt !== undefined);
    bob.send('hangup', { callsid: legSid });
    const call = await settledCall(sim, parentSid, (c) => c.legs[0].endedAt !== undefined, 2000);
    expect(call.legs[0].says).toBeUndefined();
    expect((await client.ok({ name: 'calls', args: [legSid] }, { name: 'fetch', args: [] })).status).toBe('completed');
  });

  test('Url on the parent fetches the new TwiML from that URL', async () => {
    const { alice, parentSid } = await teammateCall();
    const voiceUrl = sim.calls().find((c) => c.sid === parentSid)!.webhooks[0].url;
    await client.ok({ name: 'calls', args: [parentSid] }, { name: 'update', args: [{ url: voiceUrl.replace(/\/voice$/, '/fallback') }] });
    await alice.next('hangup');
    const call = await settledCall(sim, parentSid);
    expect(ownWebhooks(call)).toEqual(['voice', 'redirect', 'status']);
    expect(call.says.length).toBe(1); // the fallback's apology
  });

  test('Status=completed on the parent ends the bridge: both sides get hangup', async () => {
    const { alice, bob, parentSid, legSid } = await teammateCall();
    await client.ok({ name: 'calls', args: [parentSid] }, { name: 'update', args: [{ status: 'completed' }] });
    await Promise.all([alice.next('hangup'), bob.next('hangup', (p) => p.callsid === legSid)]);
    const call = await settledCall(sim, parentSid);
    expect(call.status).toBe('completed');
  });

  test('Status=canceled ends a ringing call (canceled, the ringing leg withdrawn) and leaves an answered one alone', async () => {
    const ringing = await teammateCall(false);
    await client.ok({ name: 'calls', args: [ringing.parentSid] }, { name: 'update', args: [{ status: 'canceled' }] });
    await ringing.bob.next('cancel', (p) => p.callsid === ringing.legSid);
    expect((await settledCall(sim, ringing.parentSid)).status).toBe('canceled');

    const answered = await teammateCall();
    const same = await client.ok({ name: 'calls', args: [answered.parentSid] }, { name: 'update', args: [{ status: 'canceled' }] });
    expect(same.status).toBe('in-progress');
    answered.alice.send('hangup', { callsid: answered.parentSid });
    await settledCall(sim, answered.parentSid);
  });

  test('errors: redirecting a finished or ringing call (21220), Twiml over 4,000 characters (32018), both Twiml and Url, a bad Status', async () => {
    const ringing = await teammateCall(false);
    const finished = sim.calls().find((c) => c.endedAt)!.sid;
    const answers = {
      finished: await client.run({ name: 'calls', args: [finished] }, { name: 'update', args: [{ twiml: '<Response/>' }] }),
      ringing: await client.run({ name: 'calls', args: [ringing.parentSid] }, { name: 'update', args: [{ twiml: '<Response/>' }] }),
      long: await rest(`Calls/${ringing.parentSid}.json`, { form: { Twiml: `<Response><Say>${'a'.repeat(4000)}</Say></Response>` } }),
      both: await rest(`Calls/${ringing.parentSid}.json`, { form: { Twiml: '<Response/>', Url: 'http://localhost/x' } }),
      status: await rest(`Calls/${ringing.parentSid}.json`, { form: { Status: 'paused' } }),
    };
    expect(answers.finished.error).toMatchObject({ status: 400, code: 21220 });
    expect(answers.ringing.error).toMatchObject({ status: 400, code: 21220 });
    expect(answers.long).toMatchObject({ status: 400, body: { code: 32018 } });
    expect(answers.both).toMatchObject({ status: 400, body: { code: 21205 } });
    expect(answers.status).toMatchObject({ status: 400, body: { code: 20001 } });
    ringing.alice.send('hangup', { callsid: ringing.parentSid });
    await settledCall(sim, ringing.parentSid);
  });
});

describe('create', () => {
  /** Status callbacks received: CallStatus of each POST, in order. */
  const callbacks: Record<string, string>[] = [];
  let receiver: Server;
  let receiverUrl: string;

  beforeAll(async () => {
    ({ server: receiver, url: receiverUrl } = await webhookReceiver('/status', callbacks));
  });

  afterAll(() => new Promise((resolve) => receiver.close(resolve)));

  test('a call to client:bob is queued, rings bob, runs its Twiml once answered, and reports each requested status', async () => {
    const bob = await device('bob');
    const created = await client.ok(
      { name: 'calls' },
      {
        name: 'create',
        args: [
          {
            to: 'client:bob',
            from: sim.teamNumber,
            twiml: '<Response><Say>Hello from the API</Say><Pause length="1"/></Response>',
            statusCallback: receiverUrl,
            statusCallbackEvent: ['initiated', 'ringing', 'answered', 'completed'],
          },
        ],
      },
    );
    expect(created).toMatchObject({ status: 'queued', direction: 'outbound-api', to: 'client:bob', from: sim.teamNumber, startTime: null });
    const invite = await bob.next('invite');
    expect(invite).toMatchObject({ callsid: created.sid, parameters: { CallSid: created.sid, From: sim.teamNumber, To: 'client:bob' } });
    expect(invite.sdp).toMatch(/^v=0/);
    expect((await client.ok({ name: 'calls', args: [created.sid] }, { name: 'fetch', args: [] })).status).toBe('ringing');
    bob.send('answer', { callsid: created.sid, sdp: sdp('bob') });
    await bob.next('hangup', (p) => p.callsid === created.sid);
    const call = await settledCall(sim, created.sid, (c) => c.endedAt !== undefined);
    expect(call).toMatchObject({ direction: 'outbound-api', status: 'completed', says: ['Hello from the API'] });
    const deadline = Date.now() + 5000;
    while (callbacks.filter((c) => c.CallSid === created.sid).length < 4 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(callbacks.filter((c) => c.CallSid === created.sid).map((c) => c.CallStatus)).toEqual(['ringing', 'ringing', 'in-progress', 'completed']);
    const listed = await client.ok<Reply[]>({ name: 'calls' }, { name: 'list', args: [{ to: 'client:bob', limit: 1 }] });
    expect(listed[0]).toMatchObject({ sid: created.sid, direction: 'outbound-api', status: 'completed' });
  });

  test('Twiml on an answered API call replaces its running TwiML', async () => {
    const bob = await device('bob');
    const created = await client.ok({ name: 'calls' }, { name: 'create', args: [{ to: 'client:bob', from: sim.teamNumber, twiml: '<Response><Pause length="30"/><Say>never said</Say></Response>' }] });
    await bob.next('invite', (p) => p.callsid === created.sid);
    bob.send('answer', { callsid: created.sid, sdp: sdp('bob') });
    await settledCall(sim, created.sid, (c) => c.status === 'in-progress');
    await client.ok({ name: 'calls', args: [created.sid] }, { name: 'update', args: [{ twiml: '<Response><Say>Replaced</Say></Response>' }] });
    await bob.next('hangup', (p) => p.callsid === created.sid);
    expect((await settledCall(sim, created.sid, (c) => c.endedAt !== undefined)).says).toEqual(['Replaced']);
  });

  test('calls are started one per second; a queued call canceled before its turn never rings', async () => {
    const carol = await device('carol');
    const create = () => client.ok({ name: 'calls' }, { name: 'create', args: [{ to: 'client:carol', from: 'client:alice', twiml: '<Response><Hangup/></Response>' }] });
    const calls = [await create(), await create(), await create()];
    await client.ok({ name: 'calls', args: [calls[2].sid] }, { name: 'update', args: [{ status: 'canceled' }] });
    for (const call of calls.slice(0, 2)) await carol.next('invite', (p) => p.callsid === call.sid, 5000);
    const started = calls.slice(0, 2).map((call) => Date.parse(sim.calls().find((c) => c.sid === call.sid)!.startedAt));
    expect(started[1] - started[0]).toBeGreaterThanOrEqual(990);
    for (const call of calls.slice(0, 2)) await client.ok({ name: 'calls', args: [call.sid] }, { name: 'update', args: [{ status: 'canceled' }] });
    await carol.next('cancel', (p) => p.callsid === calls[1].sid);
    await new Promise((r) => setTimeout(r, 1200));
    expect(carol.unread('invite').map((f) => f.payload.callsid)).not.toContain(calls[2].sid);
    const statuses = await Promise.all(calls.map((call) => client.ok({ name: 'calls', args: [call.sid] }, { name: 'fetch', args: [] }).then((c) => c.status)));
    expect(statuses).toEqual(['canceled', 'canceled', 'canceled']);
  });

  test('a declined call is busy; a client with no device is no-answer', async () => {
    const bob = await device('bob');
    const declined = await client.ok({ name: 'calls' }, { name: 'create', args: [{ to: 'client:bob', from: sim.teamNumber, url: 'http://127.0.0.1:9/never' }] });
    await bob.next('invite', (p) => p.callsid === declined.sid);
    bob.send('reject', { callsid: declined.sid });
    const nobody = await client.ok({ name: 'calls' }, { name: 'create', args: [{ to: 'client:nobody', from: sim.teamNumber, url: 'http://127.0.0.1:9/never' }] });
    expect((await settledCall(sim, declined.sid, (c) => c.endedAt !== undefined)).status).toBe('busy');
    expect((await settledCall(sim, nobody.sid, (c) => c.endedAt !== undefined, 5000)).status).toBe('no-answer');
  });

  test.each([
    ['no To', 21201, { From: '+14155550100', Twiml: '<Response/>' }],
    ['a To that is no address', 21211, { To: 'nowhere', From: '+14155550100', Twiml: '<Response/>' }],
    ['custom parameters on To (Twilio documents them for Participants, not Calls)', 21211, { To: 'client:bob?transferredBy=alice', From: '+14155550100', Twiml: '<Response/>' }],
    ['no From', 21213, { To: 'client:bob', Twiml: '<Response/>' }],
    ['a From number of someone else', 21210, { To: 'client:bob', From: '+14155550999', Twiml: '<Response/>' }],
    ['neither Url nor Twiml', 21205, { To: 'client:bob', From: '+14155550100' }],
    ['both Url and Twiml', 21205, { To: 'client:bob', From: '+14155550100', Twiml: '<Response/>', Url: 'http://127.0.0.1/x' }],
    ['Twiml over 4,000 characters', 32018, { To: 'client:bob', From: '+14155550100', Twiml: `<Response><Say>${'a'.repeat(4000)}</Say></Response>` }],
    ['an unknown StatusCallbackEvent', 21626, { To: 'client:bob', From: '+14155550100', Twiml: '<Response/>', StatusCallback: 'http://127.0.0.1/s', StatusCallbackEvent: 'exploded' }],
    ['Timeout=0', 20001, { To: 'client:bob', From: '+14155550100', Twiml: '<Response/>', Timeout: '0' }],
  ])('refuses %s (400, %i)', async (_name, code, form) => {
    expect(await rest('Calls.json', { form })).toMatchObject({ status: 400, body: { code, status: 400 } });
  });
});

describe('<Dial><Client> from a leg with no caller behind it: a redirected dialled leg (a cold transfer of the party alice dialled), an API-created call', () => {
  const PHONE = '+14155550123';
  let receiver: Server;
  let actionUrl: string;
  /** The `<Dial action>` requests the receiver got. */
  const actions: Record<string, string>[] = [];

  beforeAll(async () => {
    ({ server: receiver, url: actionUrl } = await webhookReceiver('/transfer-complete', actions, '<Response><Hangup/></Response>'));
  });

  afterAll(() => new Promise((resolve) => receiver.close(resolve)));

  /** alice calls the phone's number and the phone answers; its leg is then redirected to dial bob with `<Parameter>`s. */
  async function transferredPhoneLeg() {
    const [alice, phone, bob] = [await device('alice'), await device('phone_14155550123'), await device('bob')];
    alice.send('invite', { callsid: `TJS${Math.random().toString(16).slice(2)}`, sdp: sdp('alice'), twilio: { params: new URLSearchParams({ To: PHONE }).toString() } });
    const legSid: string = (await phone.next('invite')).callsid;
    phone.send('answer', { callsid: legSid, sdp: sdp('phone') });
    const parentSid: string = (await alice.next('answer')).callsid;
    const twiml = `<Response><Dial timeout="5" action="${actionUrl}"><Client><Identity>bob</Identity><Parameter name="transferredBy" value="alice"/><Parameter name="note" value="a b&amp;c"/></Client></Dial></Response>`;
    await client.ok({ name: 'calls', args: [legSid] }, { name: 'update', args: [{ twiml }] });
    const invite = await bob.next('invite', () => true, 5000);
    return { alice, phone, bob, parentSid, legSid, invite };
  }

  const actionFor = async (legSid: string) => {
    const deadline = Date.now() + 10_000;
    while (!actions.some((a) => a.CallSid === legSid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    return actions.filter((a) => a.CallSid === legSid);
  };

  test('bob rings with the <Parameter>s as a leg whose parent is the phone leg; answered, hung up: the action hears completed, then the phone leg hangs up', async () => {
    const { alice, phone, bob, parentSid, legSid, invite } = await transferredPhoneLeg();
    expect(Object.fromEntries(new URLSearchParams(invite.parameters.Params))).toEqual({ transferredBy: 'alice', note: 'a b&c' });
    const listed = await rest(`Calls.json?ParentCallSid=${legSid}`);
    expect(listed.body.calls).toEqual([expect.objectContaining({ sid: invite.callsid, parent_call_sid: legSid, direction: 'outbound-dial', to: 'client:bob', status: 'ringing' })]);
    bob.send('answer', { callsid: invite.callsid, sdp: sdp('bob') });
    await settledCall(sim, parentSid, (c) => c.legs.some((l) => l.sid === invite.callsid && l.status === 'in-progress'));
    expect((await rest(`Calls/${invite.callsid}.json`)).body).toMatchObject({ parent_call_sid: legSid, status: 'in-progress' });
    // The phone leg's own parent, alice's call, is not this dial's parent.
    expect((await rest(`Calls.json?ParentCallSid=${parentSid}`)).body.calls.map((c: { sid: string }) => c.sid)).toEqual([legSid]);
    bob.send('hangup', { callsid: invite.callsid });
    expect(await actionFor(legSid)).toEqual([expect.objectContaining({ DialCallStatus: 'completed', DialCallSid: invite.callsid, CallSid: legSid, ParentCallSid: parentSid })]);
    await phone.next('hangup', (p) => p.callsid === legSid);
    alice.send('hangup', { callsid: parentSid });
    expect((await rest(`Calls/${invite.callsid}.json`)).body).toMatchObject({ status: 'completed' });
  });

  test('nobody answers within the timeout: bob`s invite is withdrawn and the action hears no-answer', async () => {
    const { alice, phone, bob, parentSid, legSid, invite } = await transferredPhoneLeg();
    await bob.next('cancel', (p) => p.callsid === invite.callsid, 8000);
    expect(await actionFor(legSid)).toEqual([expect.objectContaining({ DialCallStatus: 'no-answer', CallSid: legSid })]);
    await phone.next('hangup', (p) => p.callsid === legSid);
    alice.send('hangup', { callsid: parentSid });
    expect((await rest(`Calls/${invite.callsid}.json`)).body).toMatchObject({ parent_call_sid: legSid, status: 'no-answer' });
  }, 20_000);

  test('an API-created call`s own <Dial><Client>: bob rings as a leg of that call, is bridged once answered, and the action hears completed', async () => {
    const [alice, bob] = [await device('alice'), await device('bob')];
    const created = await client.ok(
      { name: 'calls' },
      { name: 'create', args: [{ to: 'client:alice', from: sim.teamNumber, twiml: `<Response><Dial timeout="5" action="${actionUrl}"><Client>bob</Client></Dial></Response>` }] },
    );
    alice.send('answer', { callsid: (await alice.next('invite', (p) => p.callsid === created.sid, 5000)).callsid, sdp: sdp('alice') });
    const invite = await bob.next('invite', () => true, 5000);
    expect((await rest(`Calls.json?ParentCallSid=${created.sid}`)).body.calls).toEqual([
      expect.objectContaining({ sid: invite.callsid, parent_call_sid: created.sid, direction: 'outbound-dial', to: 'client:bob' }),
    ]);
    bob.send('answer', { callsid: invite.callsid, sdp: sdp('bob') });
    await settledCall(sim, created.sid, (c) => c.legs.some((l) => l.sid === invite.callsid && l.status === 'in-progress'));
    bob.send('hangup', { callsid: invite.callsid });
    expect(await actionFor(created.sid)).toEqual([expect.objectContaining({ DialCallStatus: 'completed', DialCallSid: invite.callsid, CallSid: created.sid })]);
    await alice.next('hangup', (p) => p.callsid === created.sid);
  });
});
