/**
 * How the simulator runs TwiML and calls webhooks: a local TwiML server stands in for the Voice
 * URL (signature and headers checked with twilio's own validator), failures go to the real
 * /fallback, and `<Dial>`/`<Say>`/`<Hangup>`/`<Reject>`/`<Redirect>`/`<Parameter>` behave as on Twilio.
 */
import { createServer, type Server } from 'node:http';
import { validateRequest } from 'twilio/lib/webhooks/webhooks';
import { SAY } from '../../src/lib/twiml';
import { startSimulator, type Simulator } from '../../simulator';
import { parseTwiml } from '../../simulator/twiml/twiml-document';
import { PStreamClient } from '../support/pstream-client';
import { sdp, settledCall, tokenFor } from './helpers';

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

/** The TwiML each path of the stand-in Voice URL answers. */
const ROUTES: Record<string, (params: Record<string, string>) => { status?: number; body?: string; hang?: boolean }> = {
  '/say': () => ({ body: '<Response><Say>Hello from the test</Say><Play>https://example.com/a.mp3</Play><Hangup/><Say>never said</Say></Response>' }),
  '/500': () => ({ status: 500, body: 'boom' }),
  '/slow': () => ({ hang: true }),
  '/unknown-verb': () => ({ body: '<Response><Say>before</Say><Dance/></Response>' }),
  '/not-xml': () => ({ body: 'hello' }),
  '/redirect': () => ({ body: '<Response><Redirect>say</Redirect></Response>' }),
  '/loop': () => ({ body: '<Response><Redirect>/loop</Redirect></Response>' }),
  '/reject': () => ({ body: '<Response><Reject reason="busy"/></Response>' }),
  '/params': () => ({ body: '<Response><Dial timeout="5" action="after"><Client><Identity>bob</Identity><Parameter name="greeting" value="a &amp; b"/><Parameter name="n" value="2"/></Client></Dial><Say>not reached</Say></Response>' }),
  '/no-action': () => ({ body: '<Response><Dial timeout="5"><Client>bob</Client></Dial><Say>after the dial</Say></Response>' }),
  '/after': (params) => ({ body: `<Response><Say>dial ended ${params.DialCallStatus}</Say></Response>` }),
  '/outside': () => ({ body: '<Response><Redirect>http://example.com/voice</Redirect></Response>' }),
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
  sim = await startSimulator({ webhookTimeoutMs: 500 });
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
  // <Say> is logged, <Play> skipped with a note, nothing after <Hangup> runs.
  expect(call.says).toEqual(['Hello from the test']);
  expect(call.events.map((e) => e.text)).toContain('<Play> is not simulated; skipped');
  expect(call.status).toBe('completed');
  expect(call.webhooks.find((w) => w.kind === 'status')?.status).toBe(200);
});

test.each([
  { path: '/500', code: 11200 },
  { path: '/slow', code: 11205 },
  { path: '/unknown-verb', code: 12100 },
  { path: '/not-xml', code: 12100 },
])('Voice URL $path fails with $code → the real /fallback apologises', async ({ path, code }) => {
  const call = await callVia(path);
  expect(call.events.find((e) => e.code)?.code).toBe(code);
  const fallback = call.webhooks.find((w) => w.kind === 'fallback')!;
  expect(fallback.status).toBe(200);
  expect(fallback.params).toMatchObject({ ErrorCode: String(code), ErrorUrl: `${base}${path}` });
  expect(call.says).toEqual([SAY.fallback]);
  expect(call.says).not.toContain('before'); // a document with an unknown verb is refused whole
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

describe('parseTwiml', () => {
  test('accepts what our Functions return and reads verbs in order', () => {
    const parsed = parseTwiml('<?xml version="1.0" encoding="UTF-8"?><Response><Say>a</Say><Dial timeout="5"><Number>+14155550123</Number></Dial><Hangup/></Response>');
    expect(parsed.ok && parsed.verbs.map((v) => v.name)).toEqual(['Say', 'Dial', 'Hangup']);
  });

  test.each([
    ['empty', ''],
    ['unclosed', '<Response><Say>a</Response>'],
    ['wrong root', '<Reply><Say>a</Say></Reply>'],
    ['two roots', '<Response/><Response/>'],
    ['DOCTYPE', '<!DOCTYPE x [<!ENTITY a "aaaa">]><Response><Say>&a;</Say></Response>'],
    ['over 64 KB', `<Response>${'<Say>x</Say>'.repeat(10000)}</Response>`],
  ])('refuses %s with 12100', (_label, xml) => {
    expect(parseTwiml(xml)).toMatchObject({ ok: false, code: 12100 });
  });
});
