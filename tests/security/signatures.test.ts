/**
 * Forged webhooks: every way of getting X-Twilio-Signature wrong is refused with 403 by every
 * webhook, and a refused request runs nothing (no log line, no TwiML). Each forgery starts from a
 * request that the same test shows is accepted, so the forgery is the only difference.
 */
import { randomBytes } from 'node:crypto';
import { RefusalTally } from '../support/refusals';
import { outboundParams } from '../support/webhook';
import { targetPerSuite, type Seen, type Target } from './hostile-http';

const WEBHOOKS = ['/voice', '/fallback', '/status', '/dial-complete', '/forward-complete', '/voicemail-recorded', '/recording-status', '/transfer-complete', '/transfer-answered', '/hold-music', '/conference-status'] as const;
type Webhook = (typeof WEBHOOKS)[number];

/** A Twilio-like request for each webhook: an outbound browser call and what follows it. */
const PARAMS: Record<Webhook, Record<string, string>> = {
  '/voice': outboundParams('+14155550123'),
  '/fallback': { CallSid: 'CA0001', ErrorCode: '11200', ErrorUrl: 'https://example.com/voice' },
  '/status': { CallSid: 'CA0001', CallStatus: 'completed', CallDuration: '42', From: 'client:alice', To: '+14155550123', Direction: 'inbound' },
  '/dial-complete': { CallSid: 'CA0001', DialCallStatus: 'no-answer', From: '+14155550111', To: '+14155550100' },
  '/forward-complete': { CallSid: 'CA0001', DialCallStatus: 'busy', From: '+14155550111', To: '+14155550100' },
  '/voicemail-recorded': { CallSid: 'CA0001', RecordingSid: 'RE0001', RecordingDuration: '7', From: '+14155550111', To: '+14155550100' },
  '/recording-status': { CallSid: 'CA0001', RecordingSid: 'RE0001', RecordingStatus: 'completed', RecordingDuration: '7', RecordingSource: 'RecordVerb' },
  // Hold and transfer, with parameters that need no REST request to answer.
  '/transfer-complete': { CallSid: 'CA0001', DialCallStatus: 'completed', From: '+14155550111', To: '+14155550100' },
  '/transfer-answered': { CallSid: 'CA0002', ParentCallSid: 'CA0001', From: '+14155550111', To: 'client:bob' },
  '/hold-music': { CallSid: 'CA0001', ConferenceSid: 'CF0001' },
  '/conference-status': { ConferenceSid: 'CF0001', FriendlyName: 'sb-CA0001', StatusCallbackEvent: 'participant-leave', CallSid: 'CA0002', ParticipantLabel: 'alice' },
};

/** What a Function logs when it runs; a refused request must add none of these. */
const EXECUTION_TRACES = ['"event":"call-status"', '"event":"voice-fallback"', '"event":"recording-status"', '"event":"webhook-error"', '"event":"config-error"'];

interface Forgery {
  name: string;
  /** Builds the request to send for `path`, given the target. */
  build(target: Target, path: Webhook): { path: string; params: Record<string, string>; signature?: string; headers?: Record<string, string> };
}

const port = (target: Target, delta: number) => `http://localhost:${target.runtime.port + delta}`;
const otherWebhook = (path: Webhook): Webhook => WEBHOOKS[(WEBHOOKS.indexOf(path) + 1) % WEBHOOKS.length];
const firstKey = (path: Webhook) => Object.keys(PARAMS[path])[0];

const FORGERIES: readonly Forgery[] = [
  { name: 'signed with a wrong auth token', build: (t, path) => ({ path, params: PARAMS[path], signature: t.sign(path, PARAMS[path], randomBytes(16).toString('hex')) }) },
  { name: 'signed with the auth token in upper case', build: (t, path) => ({ path, params: PARAMS[path], signature: t.sign(path, PARAMS[path], t.env.AUTH_TOKEN.toUpperCase()) }) },
  { name: 'one parameter altered after signing', build: (t, path) => ({ path, params: { ...PARAMS[path], [firstKey(path)]: `${PARAMS[path][firstKey(path)]}9` }, signature: t.sign(path, PARAMS[path]) }) },
  { name: 'To changed to a premium number after signing', build: (t, path) => ({ path, params: { ...PARAMS[path], To: '+19005550123' }, signature: t.sign(path, PARAMS[path]) }) },
  { name: 'a parameter added after signing', build: (t, path) => ({ path, params: { ...PARAMS[path], Extra: 'x' }, signature: t.sign(path, PARAMS[path]) }) },
  { name: 'a parameter removed after signing', build: (t, path) => ({ path, params: Object.fromEntries(Object.entries(PARAMS[path]).slice(1)), signature: t.sign(path, PARAMS[path]) }) },
  { name: 'signed for another port', build: (t, path) => ({ path, params: PARAMS[path], signature: t.sign(path, PARAMS[path], undefined, port(t, 1)) }) },
  { name: 'signed for https', build: (t, path) => ({ path, params: PARAMS[path], signature: t.sign(path, PARAMS[path], undefined, t.url.replace('http:', 'https:')) }) },
  { name: 'signed for 127.0.0.1 instead of localhost', build: (t, path) => ({ path, params: PARAMS[path], signature: t.sign(path, PARAMS[path], undefined, t.url.replace('localhost', '127.0.0.1')) }) },
  { name: 'signed for another host', build: (t, path) => ({ path, params: PARAMS[path], signature: t.sign(path, PARAMS[path], undefined, `https://attacker.example`) }) },
  { name: 'signed for the path with a query string', build: (t, path) => ({ path, params: PARAMS[path], signature: t.sign(`${path}?a=1`, PARAMS[path]) }) },
  { name: 'signed for the path with a trailing slash', build: (t, path) => ({ path, params: PARAMS[path], signature: t.sign(`${path}/`, PARAMS[path]) }) },
  { name: 'replayed to another endpoint', build: (t, path) => ({ path: otherWebhook(path), params: PARAMS[path], signature: t.sign(path, PARAMS[path]) }) },
  { name: 'signature header missing', build: (_t, path) => ({ path, params: PARAMS[path] }) },
  { name: 'signature header empty', build: (_t, path) => ({ path, params: PARAMS[path], signature: '' }) },
  { name: 'signature header blank', build: (_t, path) => ({ path, params: PARAMS[path], signature: '   ' }) },
  { name: 'signature truncated', build: (t, path) => ({ path, params: PARAMS[path], signature: t.sign(path, PARAMS[path]).slice(0, -2) }) },
  { name: 'signature in base64url', build: (t, path) => ({ path, params: PARAMS[path], signature: Buffer.from(t.sign(path, PARAMS[path]), 'base64').toString('base64url') }) },
  { name: 'signature of the empty parameter set', build: (t, path) => ({ path, params: PARAMS[path], signature: t.sign(path, {}) }) },
  { name: 'signature sent twice (one forged)', build: (t, path) => ({ path, params: PARAMS[path], signature: `${t.sign(path, PARAMS[path])}, forged` }) },
  { name: 'signature in another header', build: (t, path) => ({ path, params: PARAMS[path], headers: { 'X-Twilio-Signature-256': t.sign(path, PARAMS[path]), 'Twilio-Signature': t.sign(path, PARAMS[path]) } }) },
];

describe('forged webhooks', () => {
  const forgeries = new RefusalTally('forged requests');
  const suite = targetPerSuite('signatures', () => forgeries.summary());

  async function post(path: string, params: Record<string, string>, signature?: string, headers: Record<string, string> = {}): Promise<Seen> {
    return suite.target.send(path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...(signature === undefined ? {} : { 'X-Twilio-Signature': signature }), ...headers },
      body: new URLSearchParams(params).toString(),
    });
  }

  const traces = () => suite.target.runtime.output.filter((line) => EXECUTION_TRACES.some((trace) => line.includes(trace))).length;

  test.each(WEBHOOKS)('%s accepts the genuine request (the baseline every forgery alters)', async (path) => {
    const seen = await post(path, PARAMS[path], suite.target.sign(path, PARAMS[path]));
    expect(seen.status).toBe(200);
    expect(seen.body).toContain('<Response');
  });

  describe.each(WEBHOOKS)('%s', (path) => {
    test.each(FORGERIES.map((forgery) => [forgery.name, forgery] as const))('%s → 403, nothing executed', async (_name, forgery) => {
      const before = traces();
      const request = forgery.build(suite.target, path);
      const seen = await post(request.path, request.params, request.signature, request.headers);
      const executed = traces() - before;
      forgeries.record(`${path}: ${forgery.name}`, seen.status === 403 && executed === 0, `${seen.status}, ${executed} log lines of execution`);
      expect(seen.status).toBe(403);
      expect(seen.headers.get('content-type')).toMatch(/^text\/plain/);
      expect(seen.body).not.toContain('<');
      expect(executed).toBe(0);
    });
  });

  test('every forgery was attempted on every webhook and refused', () => {
    forgeries.assertAllRefused(WEBHOOKS.length * FORGERIES.length);
  });

  test('the logs show the accepted requests only', async () => {
    await suite.target.flushLogs();
    const logged = (event: string) => suite.target.runtime.output.filter((line) => line.includes(`"event":"${event}"`)).length;
    expect(logged('call-status')).toBe(2); // the baseline and the barrier
    expect(logged('voice-fallback')).toBe(1); // the baseline
    expect(logged('recording-status')).toBe(1); // the baseline
    expect(logged('webhook-error') + logged('config-error')).toBe(0);
  });
});
