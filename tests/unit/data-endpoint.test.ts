/** The guard around every data Function: session first, then the work within a deadline, failures as 503. */
import { readConfig, type Config } from '../../src/lib/config/config';
import { answerDataRequest } from '../../src/lib/endpoints/data-endpoint';
import { jsonAnswer } from '../../src/lib/runtime/http-answer';
import { createVoiceToken } from '../../src/lib/auth/voice-token';
import { testEnv } from '../support/fixtures';

let env: Record<string, string | undefined>;
let config: Config;
beforeAll(async () => {
  env = await testEnv();
  config = readConfig(env).config!;
});

const bearer = (identity: string) => `Bearer ${createVoiceToken(config, identity).token}`;
const served = () => Promise.resolve(jsonAnswer({ served: true }));

test('a teammate`s token reaches the work, which learns who asks', async () => {
  const seen: string[] = [];
  const answer = await answerDataRequest(env, '/calls', bearer('bob'), async (session) => {
    seen.push(session.identity);
    return served();
  });
  expect([answer.status, answer.body, seen]).toEqual([200, { served: true }, ['bob']]);
});

test('no token → 401, a removed teammate → 403; the work never runs', async () => {
  let ran = 0;
  const work = () => {
    ran++;
    return served();
  };
  const token = bearer('carol');
  const removed = { ...env, TEAM: env.TEAM!.split(',').filter((entry) => !entry.startsWith('carol:')).join(',') };
  const answers = [await answerDataRequest(env, '/calls', '', work), await answerDataRequest(env, '/calls', 'Basic YWxpY2U6eA==', work), await answerDataRequest(removed, '/calls', token, work)];
  expect(answers.map((a) => [a.status, (a.body as { error: { code: string } }).error.code])).toEqual([[401, 'SB_SESSION'], [401, 'SB_SESSION'], [403, 'SB_NOT_ON_TEAM']]);
  expect(ran).toBe(0);
});

test('Twilio failing or too slow → 503 SB_TWILIO_UNAVAILABLE with Retry-After, and a log line without secrets', async () => {
  const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
  const failing = await answerDataRequest(env, '/voicemail', bearer('alice'), () => Promise.reject(Object.assign(new Error('Authenticate'), { status: 401, code: 20003 })));
  const started = Date.now();
  const slow = await answerDataRequest(env, '/voicemail', bearer('alice'), () => new Promise(() => undefined), 200);
  const elapsed = Date.now() - started;
  for (const answer of [failing, slow]) {
    expect(answer.status).toBe(503);
    expect(answer.headers['Retry-After']).toBe('5');
    expect(answer.body).toEqual({ error: expect.objectContaining({ code: 'SB_TWILIO_UNAVAILABLE' }) });
  }
  expect(elapsed).toBeLessThan(2000);
  const lines = log.mock.calls.map(([line]) => JSON.parse(String(line)));
  expect(lines).toEqual([expect.objectContaining({ event: 'data-error', path: '/voicemail', identity: 'alice', status: 401, code: 20003 }), expect.objectContaining({ event: 'data-error', message: 'no answer within 200 ms' })]);
  log.mockRestore();
});

test('a broken configuration → 503 SB_CONFIG naming no value', async () => {
  const error = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  const answer = await answerDataRequest({ ...env, API_SECRET: '' }, '/calls', 'Bearer x.y.z', served);
  expect([answer.status, (answer.body as { error: { code: string } }).error.code]).toEqual([503, 'SB_CONFIG']);
  error.mockRestore();
});
