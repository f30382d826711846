/** A runtime with broken configuration: clear errors that name the variable, never a stack trace or a 500. */
import { startRuntime, type LocalRuntime } from '../../build/local-runtime';
import { basicAuth, PASSCODES, testEnv } from '../support/fixtures';
import { parseTwiml } from '../support/twiml';
import { outboundParams, postWebhook } from '../support/webhook';

let runtime: LocalRuntime;
beforeAll(async () => {
  runtime = await startRuntime(await testEnv({ API_KEY: `AC${'0'.repeat(32)}`, CALLER_ID: undefined }));
});
afterAll(() => runtime?.stop());

it('GET /token answers 503 naming the variable to fix, and logs the detail', async () => {
  const response = await fetch(`${runtime.url}/token`, { headers: { Authorization: basicAuth('alice', PASSCODES.alice) } });
  expect(response.status).toBe(503);
  const body = await response.json();
  expect(body.error).toMatchObject({ code: 'SB_CONFIG', message: expect.stringContaining('API_KEY') });
  expect(JSON.stringify(body)).not.toMatch(/at .*\.js|node_modules|\/work\//);
  expect(runtime.output.join('\n')).toMatch(/API_KEY: must be a SK SID.*starts with AC/);
});

it('POST /voice still answers valid TwiML that tells the caller, and logs the variable', async () => {
  const response = await postWebhook(`${runtime.url}/voice`, outboundParams('+14155550134'));
  expect(response.status).toBe(200);
  const twiml = parseTwiml(await response.text());
  expect(twiml.children.map((c) => c.name)).toEqual(['Say', 'Hangup']);
  expect(twiml.children[0].text).toMatch(/not set up/);
  expect(runtime.output.join('\n')).toMatch(/"config-error".*(API_KEY|CALLER_ID)/);
});

it.each(['/calls', '/voicemail', '/recording?id=RE00000000000000000000000000000000', '/voicemail-delete'])('GET %s answers 503 SB_CONFIG, naming no value', async (path) => {
  const response = await fetch(`${runtime.url}${path}`, { headers: { Authorization: 'Bearer a.b.c' } });
  expect(response.status).toBe(503);
  const body = await response.json();
  expect(body.error).toMatchObject({ code: 'SB_CONFIG', message: expect.stringContaining('API_KEY') });
  expect(JSON.stringify(body)).not.toMatch(/at .*\.js|node_modules|\/work\/|AC0{32}/);
});

it('POST /dial-complete after an unanswered inbound call still answers valid TwiML', async () => {
  const response = await postWebhook(`${runtime.url}/dial-complete`, { CallSid: 'CA1', DialCallStatus: 'no-answer', From: '+12025550143', To: '+14155550100' });
  expect(parseTwiml(await response.text()).children.map((c) => c.name)).toEqual(['Say', 'Hangup']);
});
