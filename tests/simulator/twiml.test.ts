/**
 * How the simulator runs TwiML and calls webhooks: a local TwiML server stands in for the Voice
 * URL (signature and headers checked with twilio's own validator), failures go to the real
 * /fallback, and `<Dial>`/`<Say>`/`<Hangup>`/`<Reject>`/`<Redirect>`/`<Parameter>` behave as on Twilio.
 */
import { createServer, type Server } from 'node:http';
import { validateRequest } from 'twilio/lib/webhooks/webhooks';
import { SAY } from '../../src/lib/voice/twiml';
import { startSimulator, type Simulator } from '../../simulator';
import { parseTwiml } from '../../simulator/twiml/twiml-document';
import { PStreamClient } from '../support/pstream-client';
import { sdp, settledCall, tokenFor } from './helpers';
import { until } from '../support/until';

interface Received {
  path: string;
  headers: Record<string, string | string[] | undefined>;
  params: Record<string, string>;
}

let sim: Simulator;
let server: Server;
let base: string;
const received: Received[] = [];
const clients: PStreamClient[] = [];
/** What the simulator printed (npm start shows these lines). */
const logLines: string[] = [];

/** The TwiML each path of the stand-in Voice URL answers. */
const ROUTES: Record<string, (params: Record<string, string>) => { status?: number; body?: string; hang?: boolean }> = {
  '/say': () => ({ body: '<Response><Say>Hello from the test</Say><Play>https://example.com/a.mp3</Play><Hangup/><Say>never said</Say></Response>' }),
  '/500': () => ({ status: 500, body: 'boom' }),
  '/slow': () => ({ hang: true }),
  '/unknown-verb': () => ({ body: '<Response><Say>before</Say><Dance/><say>lower case</say><Say>after</Say></Response>' }),
  '/wrong-root': () => ({ body: '<Reply><Say>never said</Say></Reply>' }),
  '/too-large': () => ({ body: `<Response>${'<Pause length="1"/>'.repeat(4000)}</Response>` }),
  '/not-xml': () => ({ body: 'hello' }),
  '/redirect': () => ({ body: '<Response><Redirect>say</Redirect></Response>' }),
  '/loop': () => ({ body: '<Response><Redirect>/loop</Redirect></Response>' }),
  '/reject': () => ({ body: '<Response><Reject reason="busy"/></Response>' }),
  '/params': () => ({
    body: '<Response><Dial timeout="5" action="after"><Client><Identity>bob</Identity><Parameter name="greeting" value="a &amp; b"/><Parameter name="n" value="2"/></Client></Dial><Say>not reached</Say></Response>',
  }),
  '/leg-status': () => ({
    body: '<Response><Dial timeout="5"><Client statusCallback="/leg-event" statusCallbackEvent="answered completed">bob</Client></Dial></Response>',
  }),
  '/leg-status-default': () => ({ body: '<Response><Dial timeout="5"><Client statusCallback="/leg-event">bob</Client></Dial></Response>' }),
  '/leg-event': () => ({ body: '' }),
  '/no-action': () => ({ body: '<Response><Dial timeout="5"><Client>bob</Client></Dial><Say>after the dial</Say></Response>' }),
  '/after': (params) => ({ body: `<Response><Say>dial ended ${params.DialCallStatus}</Say></Response>` }),
  '/outside': () => ({ body: '<Response><Redirect>http://example.com/voice</Redirect></Response>' }),
  '/gather': () => ({ body: '<Response><Gather numDigits="3" action="/gathered" timeout="2"><Say>Enter your code</Say><Pause length="30"/></Gather><Say>no input</Say></Response>' }),
  '/gather-quiet': () => ({ body: '<Response><Gather numDigits="3" action="/gathered" timeout="2"><Say>Enter your code</Say></Gather><Say>no input</Say></Response>' }),
  '/gather-finish': () => ({ body: '<Response><Gather action="/gathered"><Say>Enter digits then hash</Say></Gather></Response>' }),
  '/gathered': (params) => ({ body: `<Response><Say>got ${params.Digits}</Say></Response>` }),
  '/record': () => ({
    body: '<Response><Record timeout="1" playBeep="false" action="/recorded" recordingStatusCallback="/recording-status" recordingStatusCallbackEvent="in-progress completed absent"/><Say>nothing recorded</Say></Response>',
  }),
  '/recorded': () => ({ body: '<Response><Say>recorded</Say></Response>' }),
  '/recording-status': () => ({ body: '' }),
  '/screened': () => ({ body: '<Response><Dial timeout="5" answerOnBridge="true" action="/after"><Client url="/whisper">bob</Client></Dial></Response>' }),
  '/whisper': () => ({ body: '<Response><Say>A call for the team</Say></Response>' }),
  '/screened-out': () => ({ body: '<Response><Dial timeout="5" answerOnBridge="true" action="/after"><Client url="/whisper-hangup">bob</Client></Dial></Response>' }),
  '/whisper-hangup': () => ({ body: '<Response><Say>Not now</Say><Hangup/></Response>' }),
  '/limits': () => ({
    body: `<Response><Say colour="blue">${'a'.repeat(4097)}</Say><Say voice="Polly.Joanna">${'b'.repeat(3001)}</Say><Dial timeout="5" action="/after">${'<Client>nobody</Client>'.repeat(11)}</Dial></Response>`,
  }),
};

beforeAll(async () => {
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      const path = (request.url ?? '/').split('?')[0];
      const params = Object.fromEntries(new URLSearchParams(body));
      received.push({ path, headers: request.headers, params });
      const answer = ROUTES[path]?.(params) ?? { status: 404, body: 'not found' };
      if (answer.hang) return; // never answers: the simulator must time out
      response.writeHead(answer.status ?? 200, { 'Content-Type': 'text/xml' });
      response.end(answer.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://localhost:${(server.address() as { port: number }).port}`;
  sim = await startSimulator({ webhookTimeoutMs: 500, log: (line) => logLines.push(line) });
});

afterEach(() => {
  for (const client of clients.splice(0)) client.close();
  received.length = 0;
});

afterAll(async () => {
  server?.closeAllConnections();
  server?.close();
  await sim?.stop();
});

async function device(identity: string): Promise<PStreamClient> {
  const client = await PStreamClient.registered(sim.url, tokenFor(sim, identity));
  clients.push(client);
  return client;
}

/** Alice calls with the Voice URL at `path` of the stand-in server; resolves with the settled log entry. */
async function callVia(path: string, during?: (alice: PStreamClient) => Promise<void>) {
  sim.setVoiceUrl(`${base}${path}`);
  const alice = await device('alice');
  const clientSid = `TJS${path.replace(/\W/g, '')}`;
  alice.send('invite', { callsid: clientSid, sdp: sdp('offer'), twilio: { params: 'To=bob' } });
  await during?.(alice);
  await alice.next('hangup', () => true, 8000);
  const sid = sim.calls().find((c) => c.webhooks.some((w) => w.url === `${base}${path}`))!.sid;
  return settledCall(sim, sid);
}

test('webhooks are signed form posts with an idempotency token, as Twilio sends them', async () => {
  const call = await callVia('/say');
  const hit = received.find((r) => r.path === '/say')!;
  expect(hit.headers['content-type']).toMatch(/^application\/x-www-form-urlencoded/);
  expect(hit.headers['i-twilio-idempotency-token']).toMatch(/^[0-9a-f-]{36}$/);
  expect(validateRequest(sim.env.AUTH_TOKEN, String(hit.headers['x-twilio-signature']), `${base}/say`, hit.params)).toBe(true);
  expect(validateRequest('another-token', String(hit.headers['x-twilio-signature']), `${base}/say`, hit.params)).toBe(false);
  expect(hit.params).toMatchObject({ CallSid: call.sid, From: 'client:alice', To: 'bob', CallStatus: 'ringing', AccountSid: sim.env.ACCOUNT_SID });
  // <Say> is logged, nothing after <Hangup> runs.
  expect(call.says).toEqual(['Hello from the test']);
  // <Play> of a URL off this machine is refused (the simulator fetches only loopback URLs).
  expect(call.events.find((e) => e.text.startsWith('<Play> https://example.com/a.mp3'))?.code).toBe(11200);
  expect(call.status).toBe('completed');
  expect(call.webhooks.find((w) => w.kind === 'status')?.status).toBe(200);
});

test.each([
  { path: '/500', code: 11200 },
  { path: '/slow', code: 11205 },
  { path: '/not-xml', code: 12100 },
  { path: '/wrong-root', code: 12102 },
  { path: '/too-large', code: 11750 },
])('Voice URL $path fails with $code → the real /fallback apologises', async ({ path, code }) => {
  const call = await callVia(path);
  expect(call.events.find((e) => e.code)?.code).toBe(code);
  const fallback = call.webhooks.find((w) => w.kind === 'fallback')!;
  expect(fallback.status).toBe(200);
  expect(fallback.params).toMatchObject({ ErrorCode: String(code), ErrorUrl: `${base}${path}` });
  expect(call.says).toEqual([SAY.fallback]);
  expect(logLines.some((line) => line.startsWith(`${call.sid} error ${code}: `))).toBe(true);
});

test("an unknown or wrongly cased verb is Twilio's warning 12200: it is skipped and the rest of the document runs", async () => {
  const call = await callVia('/unknown-verb');
  expect(call.says).toEqual(['before', 'after']);
  expect(call.events.filter((e) => e.code === 12200).map((e) => e.text)).toEqual([
    'Schema validation warning: <Dance> is not a TwiML verb; skipped',
    'Schema validation warning: <say> is not a TwiML verb; skipped',
  ]);
  expect(call.webhooks.some((w) => w.kind === 'fallback')).toBe(false);
  expect(logLines).toContain(`${call.sid} warning 12200: Schema validation warning: <Dance> is not a TwiML verb; skipped`);
});

test('<Redirect> resolves relative URLs against the document and replaces it', async () => {
  const call = await callVia('/redirect');
  expect(call.webhooks.map((w) => [w.kind, w.url])).toEqual([
    ['voice', `${base}/redirect`],
    ['redirect', `${base}/say`],
    ['status', expect.stringContaining('/status')],
  ]);
  expect(call.says).toEqual(['Hello from the test']);
});

test('an endless <Redirect> loop ends after 50 documents', async () => {
  const call = await callVia('/loop');
  expect(call.webhooks.filter((w) => w.kind === 'redirect')).toHaveLength(49);
  expect(call.status).toBe('failed');
});

test('webhooks never leave this machine', async () => {
  const call = await callVia('/outside');
  expect(call.webhooks.find((w) => w.kind === 'redirect')?.error?.code).toBe(11210);
});

test('<Reject reason="busy"> ends the call busy', async () => {
  const call = await callVia('/reject');
  expect(call.status).toBe('busy');
  expect(call.webhooks.find((w) => w.kind === 'status')?.params.CallStatus).toBe('busy');
});

test('<Parameter>s reach the callee as Params; the relative action gets DialCallStatus and its TwiML runs', async () => {
  const bob = await device('bob');
  const call = await callVia('/params', async () => {
    const invite = await bob.next('invite');
    const params = new URLSearchParams(invite.parameters.Params);
    expect(params.get('greeting')).toBe('a & b');
    expect(params.get('n')).toBe('2');
    bob.send('reject', { callsid: invite.callsid });
  });
  const after = received.find((r) => r.path === '/after')!;
  expect(after.params).toMatchObject({ DialCallStatus: 'busy', CallSid: call.sid });
  expect(call.says).toEqual(['dial ended busy']);
});

test('<Client statusCallback> posts the leg’s answered (when asked) and its end, signed, with its own CallSid and the caller’s as ParentCallSid', async () => {
  const answeredAndEnded = async (path: string) => {
    const bob = await device('bob');
    let legSid = '';
    const call = await callVia(path, async () => {
      const invite = await bob.next('invite');
      legSid = invite.callsid;
      bob.send('answer', { callsid: invite.callsid, sdp: sdp('bob') });
      await clients[clients.length - 1].next('answer');
      bob.send('hangup', { callsid: invite.callsid });
    });
    const events = await until(() => {
      const posted = received.filter((r) => r.path === '/leg-event');
      return posted.some((r) => r.params.CallStatus === 'completed') ? posted : undefined;
    }, 'the leg’s completed callback');
    for (const event of events) expect(validateRequest(sim.env.AUTH_TOKEN, String(event.headers['x-twilio-signature']), `${base}/leg-event`, event.params)).toBe(true);
    for (const event of events) expect(event.params).toMatchObject({ ParentCallSid: call.sid, To: 'client:bob', From: 'client:alice' });
    received.length = 0;
    // Each of bob's devices rang on a leg of its own: the one that answered, and any other (withdrawn: canceled).
    return events.map((event) => `${event.params.CallSid === legSid ? 'answered leg' : 'other leg'} ${event.params.CallStatus}`);
  };
  expect(await answeredAndEnded('/leg-status')).toEqual(['answered leg in-progress', 'answered leg completed']);
  // Without statusCallbackEvent only the end is posted; bob's first device still rings too.
  expect((await answeredAndEnded('/leg-status-default')).sort()).toEqual(['answered leg completed', 'other leg canceled']);
});

test('a <Dial> without action goes on with the next verb', async () => {
  const bob = await device('bob');
  const call = await callVia('/no-action', async () => {
    const invite = await bob.next('invite');
    bob.send('answer', { callsid: invite.callsid, sdp: sdp('bob') });
    const alice = clients[clients.length - 1];
    await alice.next('answer');
    bob.send('hangup', { callsid: invite.callsid });
  });
  expect(call.says).toEqual(['after the dial']);
  expect(call.status).toBe('completed');
});

/** Alice calls via `path`; once the <Say> answered, `digits` go out as PStream `dtmf` frames (the SDK's way without telephone-event). */
function callSendingDigits(path: string, ...digits: string[]) {
  return callVia(path, async (alice) => {
    const { callsid } = await alice.next('answer');
    for (const group of digits) alice.send('dtmf', { callsid, dtmf: group });
  });
}

describe('whisper TwiML (<Client url>)', () => {
  test('runs on the answering leg with its own CallSid before the bridge; the caller is answered after it', async () => {
    const bob = await device('bob');
    let legSid = '';
    const call = await callVia('/screened', async (alice) => {
      const invite = await bob.next('invite');
      legSid = invite.callsid;
      bob.send('answer', { callsid: invite.callsid, sdp: sdp('bob') });
      await alice.next('answer');
      bob.send('hangup', { callsid: invite.callsid });
    });
    const whisper = call.webhooks.find((w) => w.kind === 'whisper')!;
    expect(whisper.params).toMatchObject({ CallSid: legSid, ParentCallSid: call.sid, To: 'client:bob', Direction: 'outbound-dial' });
    expect(call.events.map((e) => e.text)).toContain('whisper to client:bob: <Say> A call for the team');
    expect(call.says).toEqual(['dial ended completed']); // the whisper is not what the caller heard
  });

  test('a whisper that hangs up leaves the leg unconnected: the caller is never answered by it', async () => {
    const bob = await device('bob');
    const call = await callVia('/screened-out', async (alice) => {
      const invite = await bob.next('invite');
      bob.send('answer', { callsid: invite.callsid, sdp: sdp('bob') });
      expect(await bob.next('hangup')).toEqual({ callsid: invite.callsid });
      expect(alice.unread('answer')).toHaveLength(0);
    });
    expect(call.webhooks.map((w) => w.kind)).toEqual(['voice', 'whisper', 'action', 'status']);
    expect(call.legs[0].status).toBe('completed');
  });
});

describe('<Gather input="dtmf">', () => {
  test('digits from the PStream dtmf frame interrupt the prompt (a 30 s <Pause>); the third ends it (numDigits) and Digits goes to the action', async () => {
    const call = await callSendingDigits('/gather', '12', '34');
    expect(received.find((r) => r.path === '/gathered')?.params).toMatchObject({ Digits: '123', CallSid: call.sid });
    expect(call.says).toEqual(['Enter your code', 'got 123']);
  });

  test('finishOnKey (# by default) ends the input and is not part of Digits', async () => {
    const call = await callSendingDigits('/gather-finish', '42#');
    expect(received.find((r) => r.path === '/gathered')?.params.Digits).toBe('42');
    expect(call.says).toContain('got 42');
  });

  test('no input within timeout: no action request, the next verb runs', async () => {
    const started = Date.now();
    const call = await callVia('/gather-quiet');
    expect(received.some((r) => r.path === '/gathered')).toBe(false);
    expect(call.says).toEqual(['Enter your code', 'no input']);
    expect(Date.now() - started).toBeGreaterThanOrEqual(2000); // timeout="2"
  });
});

test('<Record> from a caller without media keeps nothing: status callbacks in-progress then absent, no action, the next verb runs', async () => {
  const call = await callVia('/record');
  expect(received.some((r) => r.path === '/recorded')).toBe(false);
  expect(call.says).toEqual(['nothing recorded']);
  const statuses = await (async () => {
    for (let i = 0; i < 50 && received.filter((r) => r.path === '/recording-status').length < 2; i++) await new Promise((resolve) => setTimeout(resolve, 20));
    return received.filter((r) => r.path === '/recording-status');
  })();
  expect(statuses.map((r) => r.params.RecordingStatus)).toEqual(['in-progress', 'absent']);
  expect(validateRequest(sim.env.AUTH_TOKEN, String(statuses[0].headers['x-twilio-signature']), `${base}/recording-status`, statuses[0].params)).toBe(true);
  expect(statuses[0].params).toMatchObject({ CallSid: call.sid, RecordingSource: 'RecordVerb', RecordingSid: expect.stringMatching(/^RE[0-9a-f]{32}$/) });
  expect(sim.recordings.get(statuses[0].params.RecordingSid)).toBeUndefined();
});

test("Twilio's limits: an unknown attribute warns 12200, a <Say> over its voice's limit warns 13521; an 11th <Dial> noun fails the <Dial> (the simulator's rule)", async () => {
  const call = await callVia('/limits');
  expect(call.events.filter((e) => e.code === 12200).map((e) => e.text)).toEqual(['Schema validation warning: <Say> has no attribute "colour"']);
  expect(call.events.filter((e) => e.code === 13521).map((e) => e.text)).toEqual([expect.stringContaining('longer than 4096 characters'), expect.stringContaining('longer than 3000 characters')]);
  expect(call.says.map((said) => said.length)).toEqual([4096, 3000, 'dial ended failed'.length]);
  expect(call.events.find((e) => e.text.startsWith('simulator rule: <Dial> has 11 nouns'))).toBeDefined();
  expect(call.events.some((e) => e.text.includes('<Client>nobody</Client>'))).toBe(false);
  expect(call.webhooks.find((w) => w.kind === 'action')?.params.DialCallStatus).toBe('failed');
});

describe('parseTwiml', () => {
  test('accepts what our Functions return and reads verbs in order', () => {
    const parsed = parseTwiml('<?xml version="1.0" encoding="UTF-8"?><Response><Say>a</Say><Dial timeout="5"><Number>+14155550123</Number></Dial><Hangup/></Response>');
    expect(parsed.ok && parsed.verbs.map((v) => v.name)).toEqual(['Say', 'Dial', 'Hangup']);
  });

  test.each([
    ['empty', ''],
    ['unclosed', '<Response><Say>a</Response>'],
    ['two roots', '<Response/><Response/>'],
    ['DOCTYPE', '<!DOCTYPE x [<!ENTITY a "aaaa">]><Response><Say>&a;</Say></Response>'],
  ])('refuses %s with 12100', (_label, xml) => {
    expect(parseTwiml(xml)).toMatchObject({ ok: false, code: 12100 });
  });

  test('refuses a root other than <Response> with 12102', () => {
    expect(parseTwiml('<Reply><Say>a</Say></Reply>')).toMatchObject({ ok: false, code: 12102 });
  });

  test('refuses a document over 64 KB with 11750', () => {
    expect(parseTwiml(`<Response>${'<Say>x</Say>'.repeat(10000)}</Response>`)).toMatchObject({ ok: false, code: 11750 });
  });
});
