/**
 * `/token`'s logic (src/lib/auth/token-endpoint.ts) with a spy on scrypt: a passcode sign-in pays one
 * scrypt, a Bearer renewal none, and a renewal keeps the identity and the session start.
 */
import { answerTokenRequest, type TokenRequest } from '../../src/lib/auth/token-endpoint';
import { basicAuth, BASE_ENV, PASSCODES, testEnv } from '../support/fixtures';
import { signHs256, verifyHs256 } from '../support/jwt';
import type { Reply } from '../support/reply';

// The module object itself (not an import namespace), so the spy sees passcodes.ts's calls.
import crypto = require('node:crypto');

/** These tests run without SYNC_SERVICE_SID: the store is never opened (sign-in-throttle.test.ts has it). */
const noStore = () => {
  throw new Error('no SYNC_SERVICE_SID here');
};

let env: Record<string, string | undefined>;
beforeAll(async () => {
  env = await testEnv();
});

/** The answer to `authorization`, and how many scrypt runs it cost. */
async function ask(authorization: string, overrides: Partial<TokenRequest> = {}) {
  const scrypt = jest.spyOn(crypto, 'scrypt');
  try {
    const answer = await answerTokenRequest(env, { authorization, platform: '', fromScript: true, ...overrides }, noStore);
    return { answer, body: answer.body as Record<string, Reply>, scrypts: scrypt.mock.calls.length };
  } finally {
    scrypt.mockRestore();
  }
}

const claimsOf = (token: string) => verifyHs256(token, BASE_ENV.API_SECRET).payload;

describe('GET /token logic', () => {
  it('signs in with the passcode at the cost of one scrypt; renews with the token at none', async () => {
    const signIn = await ask(basicAuth('carol', PASSCODES.carol));
    expect([signIn.answer.status, signIn.scrypts]).toEqual([200, 1]);
    const started = claimsOf(signIn.body.token).nbf;

    const renewal = await ask(`Bearer ${signIn.body.token}`);
    expect([renewal.answer.status, renewal.scrypts]).toEqual([200, 0]);
    expect(renewal.body.identity).toBe('carol');
    expect(claimsOf(renewal.body.token)).toEqual(expect.objectContaining({ nbf: started, grants: expect.objectContaining({ identity: 'carol' }) }));
    expect(renewal.body.sessionExpiresAt).toBe(signIn.body.sessionExpiresAt);
    expect(renewal.body).toEqual(expect.objectContaining({ team: ['alice', 'bob', 'carol'], allowedCountries: ['US', 'CA'], teamNumber: BASE_ENV.CALLER_ID }));
  });

  it('keeps the start of a session signed in an hour ago, and its end', async () => {
    const now = Math.floor(Date.now() / 1000);
    const claims = { iss: BASE_ENV.API_KEY, sub: BASE_ENV.ACCOUNT_SID, iat: now - 60, nbf: now - 3600, exp: now + 540, grants: { identity: 'bob', voice: {} } };
    const renewal = await ask(`Bearer ${signHs256({ alg: 'HS256', typ: 'JWT' }, claims, BASE_ENV.API_SECRET)}`);
    expect(renewal.answer.status).toBe(200);
    expect(claimsOf(renewal.body.token).nbf).toBe(now - 3600);
    expect(renewal.body.sessionExpiresAt).toBe(new Date((now - 3600 + 12 * 3600) * 1000).toISOString());
  });

  it('refuses a removed teammate’s token with 403, a foreign one with 401, both without scrypt', async () => {
    const now = Math.floor(Date.now() / 1000);
    const claims = { iss: BASE_ENV.API_KEY, sub: BASE_ENV.ACCOUNT_SID, iat: now, nbf: now, exp: now + 600, grants: { identity: 'dave', voice: {} } };
    const removed = await ask(`Bearer ${signHs256({ alg: 'HS256', typ: 'JWT' }, claims, BASE_ENV.API_SECRET)}`);
    expect([removed.answer.status, removed.body.error.code, removed.body.token, removed.scrypts]).toEqual([403, 'SB_NOT_ON_TEAM', undefined, 0]);
    const foreign = await ask(`Bearer ${signHs256({ alg: 'HS256', typ: 'JWT' }, { ...claims, grants: { identity: 'alice', voice: {} } }, 'someone-elses-secret')}`);
    expect([foreign.answer.status, foreign.body.error.code, foreign.body.token, foreign.scrypts]).toEqual([401, 'SB_SESSION', undefined, 0]);
  });

  it('keeps ?platform= on renewal: the iOS push credential goes into the renewed token', async () => {
    const push = `CR${'7'.repeat(32)}`;
    env = await testEnv({ PUSH_CREDENTIAL_SID_IOS: push });
    const signIn = await ask(basicAuth('alice', PASSCODES.alice), { platform: 'ios' });
    const renewal = await ask(`Bearer ${signIn.body.token}`, { platform: 'ios' });
    expect(claimsOf(renewal.body.token).grants.voice.push_credential_sid).toBe(push);
    expect((await ask(`Bearer ${signIn.body.token}`, { platform: 'windows' })).answer.status).toBe(400);
  });
});
