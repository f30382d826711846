/** The guard around every data Function: session first, then the work within a deadline, failures as 503. */
import { readConfig, type Config } from '../../src/lib/config/config';
import { answerDataRequest, type DataAnswer } from '../../src/lib/endpoints/data-endpoint';
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
  const removed = {
    ...env,
    TEAM: env
      .TEAM!.split(',')
      .filter((entry) => !entry.startsWith('carol:'))
      .join(','),
  };
  const answers = [await answerDataRequest(env, '/calls', '', work), await answerDataRequest(env, '/calls', 'Basic YWxpY2U6eA==', work), await answerDataRequest(removed, '/calls', token, work)];
  expect(answers.map((a) => [a.status, (a.body as { error: { code: string } }).error.code])).toEqual([
    [401, 'SB_SESSION'],
    [401, 'SB_SESSION'],
    [403, 'SB_NOT_ON_TEAM'],
  ]);
  expect(ran).toBe(0);
});

test('Twilio failing → 503 SB_TWILIO_UNAVAILABLE with Retry-After, and a log line without secrets', async () => {
  const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
  try {
    const failing = await answerDataRequest(env, '/voicemail', bearer('alice'), () => Promise.reject(Object.assign(new Error('Authenticate'), { status: 401, code: 20003 })));
    expect([failing.status, failing.headers['Retry-After'], failing.body]).toEqual([503, '5', { error: expect.objectContaining({ code: 'SB_TWILIO_UNAVAILABLE' }) }]);
    const lines = log.mock.calls.map(([line]) => JSON.parse(String(line)));
    expect(lines).toEqual([expect.objectContaining({ event: 'data-error', path: '/voicemail', identity: 'alice', status: 401, code: 20003 })]);
    expect(JSON.stringify(lines)).not.toContain(env.AUTH_TOKEN!);
  } finally {
    log.mockRestore();
  }
});

/**
 * Twilio cuts a Function at 10 s. On a fake clock (no test waits, none depends on how busy the
 * machine is): an answer Twilio gives within a few seconds is served; one that never comes is a
 * 503 the page can retry, sent while a second of the Function's life is still left.
 */
describe('Twilio too slow, on a fake clock', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());
  const after = <T>(ms: number, value: T) => new Promise<T>((resolve) => setTimeout(() => resolve(value), ms));

  test('an answer within 5 s is served', async () => {
    const answer = answerDataRequest(env, '/calls', bearer('alice'), () => after(5000, jsonAnswer({ served: true })));
    await jest.advanceTimersByTimeAsync(5000);
    expect(await answer).toMatchObject({ status: 200, body: { served: true } });
  });

  test('no answer: 503 with Retry-After within 9 s, before Twilio`s cut', async () => {
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      let answer: DataAnswer | undefined;
      void answerDataRequest(env, '/calls', bearer('alice'), () => new Promise<never>(() => undefined)).then((a) => (answer = a));
      await jest.advanceTimersByTimeAsync(9000);
      expect(answer).toMatchObject({ status: 503, headers: { 'Retry-After': '5' }, body: { error: expect.objectContaining({ code: 'SB_TWILIO_UNAVAILABLE' }) } });
      expect(log.mock.calls.map(([line]) => JSON.parse(String(line)))).toEqual([
        expect.objectContaining({ event: 'data-error', path: '/calls', identity: 'alice', message: expect.stringMatching(/^no answer within/) }),
      ]);
    } finally {
      log.mockRestore();
    }
  });
});

test('a broken configuration → 503 SB_CONFIG naming no value', async () => {
  const error = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  const answer = await answerDataRequest({ ...env, API_SECRET: '' }, '/calls', 'Bearer x.y.z', served);
  expect([answer.status, (answer.body as { error: { code: string } }).error.code]).toEqual([503, 'SB_CONFIG']);
  error.mockRestore();
});
