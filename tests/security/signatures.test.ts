/**
 * Forged webhooks: every way of getting X-Twilio-Signature wrong is refused with 403 by every
 * webhook, and a refused request runs nothing. Each test first sends the genuine request and sees
 * it run, then the forgery, which differs from it in the forgery alone; "ran" is judged by what
 * the webhook does when it runs, for every one of the eleven: its TwiML answer, and where it has
 * them its REST requests to Twilio (seen by a stand-in of the API, rest-stand-in.ts) and its log
 * lines (read after the runtime's logs are flushed). Each request carries SIDs of its own, so
 * what it set off is told apart from what any other request did.
 */
import { randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DIST } from '../../build/build';
import { startRestStandIn, type RestStandIn } from '../support/rest-stand-in';
import { outboundParams } from '../support/webhook';
import { targetPerSuite, type Seen, type Target } from './hostile-http';

const WEBHOOKS = [
  '/voice',
  '/fallback',
  '/status',
  '/dial-complete',
  '/forward-complete',
  '/voicemail-recorded',
  '/recording-status',
  '/transfer-complete',
  '/transfer-answered',
  '/hold-music',
  '/conference-status',
  '/leg-status',
  '/recording-notice',
] as const;
type Webhook = (typeof WEBHOOKS)[number];

/** The SIDs of one request: its call, another leg of it, its conference. */
interface Sids {
  call: string;
  other: string;
  conference: string;
}
const freshSids = (): Sids => ({ call: `CA${randomBytes(16).toString('hex')}`, other: `CA${randomBytes(16).toString('hex')}`, conference: `CF${randomBytes(16).toString('hex')}` });

/**
 * A Twilio-like request for each webhook (an outbound browser call and what follows it), and what
 * it does when it runs besides answering TwiML: ask Twilio's REST API, write a log line.
 */
const WEBHOOK_REQUESTS: Record<Webhook, { params: (sids: Sids) => Record<string, string>; asksTwilio: boolean; logs: boolean }> = {
  '/voice': { params: ({ call }) => ({ ...outboundParams('+14155550123'), CallSid: call }), asksTwilio: false, logs: false },
  '/fallback': { params: ({ call }) => ({ CallSid: call, ErrorCode: '11200', ErrorUrl: 'https://example.com/voice' }), asksTwilio: false, logs: true },
  '/status': { params: ({ call }) => ({ CallSid: call, CallStatus: 'completed', CallDuration: '42', From: 'client:alice', To: '+14155550123', Direction: 'inbound' }), asksTwilio: false, logs: true },
  // A dial that ended "completed": was the call moved into its conference? The dialled leg is fetched.
  '/dial-complete': { params: ({ call, other }) => ({ CallSid: call, DialCallStatus: 'completed', DialCallSid: other, From: '+14155550111', To: '+14155550100' }), asksTwilio: true, logs: false },
  '/forward-complete': { params: ({ call }) => ({ CallSid: call, DialCallStatus: 'busy', From: '+14155550111', To: '+14155550100' }), asksTwilio: false, logs: false },
  '/voicemail-recorded': {
    params: ({ call }) => ({ CallSid: call, RecordingSid: `RE${call.slice(2)}`, RecordingDuration: '7', From: '+14155550111', To: '+14155550100' }),
    asksTwilio: false,
    logs: false,
  },
  '/recording-status': {
    params: ({ call }) => ({ CallSid: call, RecordingSid: `RE${call.slice(2)}`, RecordingStatus: 'completed', RecordingDuration: '7', RecordingSource: 'RecordVerb' }),
    asksTwilio: false,
    logs: true,
  },
  '/transfer-complete': { params: ({ call, other }) => ({ CallSid: call, DialCallStatus: 'completed', DialCallSid: other, From: '+14155550111', To: '+14155550100' }), asksTwilio: true, logs: false },
  // The target answered: the caller's leg is fetched to find the call's conference.
  '/transfer-answered': { params: ({ call, other }) => ({ CallSid: other, ParentCallSid: call, From: '+14155550111', To: 'client:bob' }), asksTwilio: true, logs: false },
  '/hold-music': { params: ({ call, conference }) => ({ CallSid: call, ConferenceSid: conference }), asksTwilio: false, logs: false },
  // A participant left: the conference's participants are read.
  '/conference-status': {
    params: ({ call, other, conference }) => ({ ConferenceSid: conference, FriendlyName: `sb-${call}`, StatusCallbackEvent: 'participant-leave', CallSid: other, ParticipantLabel: 'alice' }),
    asksTwilio: true,
    logs: false,
  },
  // A teammate's dialled leg ended: logged (with no Sync Service here, no presence to write).
  '/leg-status': {
    params: ({ call, other }) => ({ CallSid: other, ParentCallSid: call, CallStatus: 'completed', From: '+14155550100', To: 'client:bob', Direction: 'outbound-dial' }),
    asksTwilio: false,
    logs: true,
  },
  // A dialled teammate answered: with RECORD_CALLS off (as here), no notice and no recording.
  '/recording-notice': { params: ({ call, other }) => ({ CallSid: other, ParentCallSid: call, CallStatus: 'in-progress', From: '+14155550111', To: 'client:bob' }), asksTwilio: false, logs: false },
};

interface Forgery {
  name: string;
  /** Builds the request to send instead of the genuine `params` for `path`, given the target. */
  build(target: Target, path: Webhook, params: Record<string, string>): { path: string; params: Record<string, string>; signature?: string; headers?: Record<string, string> };
}

const port = (target: Target, delta: number) => `http://localhost:${target.runtime.port + delta}`;
const otherWebhook = (path: Webhook): Webhook => WEBHOOKS[(WEBHOOKS.indexOf(path) + 1) % WEBHOOKS.length];
const firstKey = (params: Record<string, string>) => Object.keys(params)[0];

const FORGERIES: readonly Forgery[] = [
  { name: 'signed with a wrong auth token', build: (t, path, params) => ({ path, params, signature: t.sign(path, params, randomBytes(16).toString('hex')) }) },
  { name: 'signed with the auth token in upper case', build: (t, path, params) => ({ path, params, signature: t.sign(path, params, t.env.AUTH_TOKEN.toUpperCase()) }) },
  { name: 'one parameter altered after signing', build: (t, path, params) => ({ path, params: { ...params, [firstKey(params)]: `${params[firstKey(params)]}9` }, signature: t.sign(path, params) }) },
  { name: 'To changed to a premium number after signing', build: (t, path, params) => ({ path, params: { ...params, To: '+19005550123' }, signature: t.sign(path, params) }) },
  { name: 'a parameter added after signing', build: (t, path, params) => ({ path, params: { ...params, Extra: 'x' }, signature: t.sign(path, params) }) },
  { name: 'a parameter removed after signing', build: (t, path, params) => ({ path, params: Object.fromEntries(Object.entries(params).slice(1)), signature: t.sign(path, params) }) },
  { name: 'signed for another port', build: (t, path, params) => ({ path, params, signature: t.sign(path, params, undefined, port(t, 1)) }) },
  { name: 'signed for https', build: (t, path, params) => ({ path, params, signature: t.sign(path, params, undefined, t.url.replace('http:', 'https:')) }) },
  { name: 'signed for 127.0.0.1 instead of localhost', build: (t, path, params) => ({ path, params, signature: t.sign(path, params, undefined, t.url.replace('localhost', '127.0.0.1')) }) },
  { name: 'signed for another host', build: (t, path, params) => ({ path, params, signature: t.sign(path, params, undefined, `https://attacker.example`) }) },
  { name: 'signed for the path with a query string', build: (t, path, params) => ({ path, params, signature: t.sign(`${path}?a=1`, params) }) },
  { name: 'signed for the path with a trailing slash', build: (t, path, params) => ({ path, params, signature: t.sign(`${path}/`, params) }) },
  { name: 'replayed to another endpoint', build: (t, path, params) => ({ path: otherWebhook(path), params, signature: t.sign(path, params) }) },
  { name: 'signature header missing', build: (_t, path, params) => ({ path, params }) },
  { name: 'signature header empty', build: (_t, path, params) => ({ path, params, signature: '' }) },
  { name: 'signature header blank', build: (_t, path, params) => ({ path, params, signature: '   ' }) },
  { name: 'signature truncated', build: (t, path, params) => ({ path, params, signature: t.sign(path, params).slice(0, -2) }) },
  { name: 'signature in base64url', build: (t, path, params) => ({ path, params, signature: Buffer.from(t.sign(path, params), 'base64').toString('base64url') }) },
  { name: 'signature of the empty parameter set', build: (t, path, params) => ({ path, params, signature: t.sign(path, {}) }) },
  { name: 'signature sent twice (one forged)', build: (t, path, params) => ({ path, params, signature: `${t.sign(path, params)}, forged` }) },
  { name: 'signature in another header', build: (t, path, params) => ({ path, params, headers: { 'X-Twilio-Signature-256': t.sign(path, params), 'Twilio-Signature': t.sign(path, params) } }) },
];

test('every webhook the build makes (a protected Function) is here', () => {
  const built = readdirSync(join(DIST, 'functions'))
    .filter((file) => file.endsWith('.protected.js'))
    .map((file) => `/${file.replace(/\.protected\.js$/, '')}`);
  expect(built.sort()).toEqual([...WEBHOOKS].sort());
});

describe('forged webhooks', () => {
  let twilio: RestStandIn;
  beforeAll(async () => {
    twilio = await startRestStandIn();
  });
  afterAll(() => twilio?.close());
  const suite = targetPerSuite(
    'signatures',
    () => `${twilio.requests.length} REST requests to the stand-in`,
    () => twilio.proxy,
  );

  async function post(path: string, params: Record<string, string>, signature?: string, headers: Record<string, string> = {}): Promise<Seen> {
    return suite.target.send(path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...(signature === undefined ? {} : { 'X-Twilio-Signature': signature }), ...headers },
      body: new URLSearchParams(params).toString(),
    });
  }

  /** What a request answered and set off, told by its SIDs; read after the logs are flushed. */
  function ranFor(seen: Seen, sids: Sids) {
    const names = (text: string) => Object.values(sids).some((sid) => text.includes(sid));
    return {
      status: seen.status,
      twiml: seen.body.includes('<Response'),
      askedTwilio: twilio.requests.some(names),
      logged: suite.target.runtime.output.some(names),
    };
  }

  const failures = () => suite.target.runtime.output.filter((line) => /"event":"(webhook-error|config-error)"/.test(line));

  test.each(WEBHOOKS)('%s runs the genuine request (the baseline every forgery alters): TwiML, and its REST requests and log lines where it has them', async (path) => {
    const sids = freshSids();
    const params = WEBHOOK_REQUESTS[path].params(sids);
    const seen = await post(path, params, suite.target.sign(path, params));
    await suite.target.flushLogs();
    const { asksTwilio, logs } = WEBHOOK_REQUESTS[path];
    expect(ranFor(seen, sids)).toEqual({ status: 200, twiml: true, askedTwilio: asksTwilio, logged: logs });
    expect(failures()).toEqual([]);
  });

  describe.each(WEBHOOKS)('%s', (path) => {
    test.each(FORGERIES.map((forgery) => [forgery.name, forgery] as const))('%s → 403, nothing executed', async (_name, forgery) => {
      const { params, asksTwilio, logs } = WEBHOOK_REQUESTS[path];
      const [genuineSids, forgedSids] = [freshSids(), freshSids()];
      const genuine = params(genuineSids);
      const genuineSeen = await post(path, genuine, suite.target.sign(path, genuine));
      const request = forgery.build(suite.target, path, params(forgedSids));
      const forgedSeen = await post(request.path, request.params, request.signature, request.headers);
      await suite.target.flushLogs();
      expect(ranFor(genuineSeen, genuineSids)).toEqual({ status: 200, twiml: true, askedTwilio: asksTwilio, logged: logs });
      expect(ranFor(forgedSeen, forgedSids)).toEqual({ status: 403, twiml: false, askedTwilio: false, logged: false });
      expect(forgedSeen.headers.get('content-type')).toMatch(/^text\/plain/);
      expect(forgedSeen.body).not.toContain('<');
      expect(failures()).toEqual([]);
    });
  });
});
