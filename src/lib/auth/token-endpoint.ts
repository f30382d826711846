import type { Config, Env } from '../config/config';
import { isValidIdentity } from '../config/passcodes';
import { PLATFORMS, type Platform, type TokenReply } from '../contract/token';
import { configOrAnswer } from '../runtime/config-answer';
import { errorAnswer, NO_STORE, type HttpAnswer } from '../runtime/http-answer';
import { logEvent } from '../runtime/serverless';
import { storeFailureAnswer } from '../store/store-failure';
import { configuredStore, type OpenStore, type TeamStore } from '../store/team-store';
import { checkSession } from './session-revocation';
import { isBearerAuthorization, sessionRefusalAnswer } from './session-token';
import { throttledSignIn } from './sign-in-throttle';
import { authenticateMember, parseBasicAuth } from './team-auth';
import { createVoiceToken } from './voice-token';

export interface TokenRequest {
  /** The `Authorization` header, '' when absent. */
  authorization: string;
  /** `?platform=`, '' for the browser. */
  platform: string;
  /** True for the page's own fetches: they get a 401 that does not pop up the browser's login box. */
  fromScript: boolean;
}

/** Who asks and since when: from a passcode (a new session) or from the current token (a renewal). */
type Signer = { identity: string; sessionStartedAt?: number } | HttpAnswer;

/**
 * A passcode sign-in: one scrypt (team-auth.ts), counted per name in the team's store when there
 * is one (sign-in-throttle.ts). Names that can never be a teammate's cost no store request.
 */
async function passcodeSigner(config: Config, request: TokenRequest, store: TeamStore | undefined): Promise<Signer> {
  const challenge = request.fromScript ? 'Switchboard realm="Switchboard"' : 'Basic realm="Switchboard", charset="UTF-8"';
  const wrong = errorAnswer(401, 'SB_AUTH', { 'WWW-Authenticate': challenge });
  const identity = parseBasicAuth(request.authorization)?.identity ?? '';
  const verify = () => authenticateMember(request.authorization, config.team);
  if (!store || !isValidIdentity(identity)) {
    const member = await verify();
    return member ? { identity: member } : wrong;
  }
  const outcome = await throttledSignIn(store, identity, async () => (await verify()) !== undefined, config.team.has(identity));
  switch (outcome.kind) {
    case 'signed-in':
      return { identity };
    case 'wrong':
      return wrong;
    case 'wait':
      return errorAnswer(429, 'SB_SIGN_IN_WAIT', { 'Retry-After': String(outcome.seconds) });
    case 'unavailable':
      logEvent('sign-in-unavailable', { identity, ...outcome.failure.toLog() });
      return storeFailureAnswer(outcome.failure);
  }
}

/**
 * Basic credentials cost one scrypt; a Bearer token costs one HMAC (and one read of the team's
 * store: was the session revoked?) and never reaches scrypt, so a session renews cheaply however
 * often it asks, and never waits for the sign-in throttle.
 */
async function signer(config: Config, request: TokenRequest, store: TeamStore | undefined): Promise<Signer> {
  if (!isBearerAuthorization(request.authorization)) return passcodeSigner(config, request, store);
  const session = await checkSession(request.authorization, config, store);
  return session.ok ? session : sessionRefusalAnswer(session);
}

/**
 * `GET /token` (src/lib/contract/token.ts): a team member's Basic credentials start a session, the current
 * access token as `Bearer` renews it. Either way the answer is a Voice AccessToken,
 * the team directory and the dialling policy the page checks numbers against. Strangers get 401,
 * a token of someone removed from TEAM 403, a name that failed too often 429. `openStore` opens
 * the team's store (SYNC_SERVICE_SID); without one there is no throttle and nothing to revoke.
 */
export async function answerTokenRequest(env: Env, request: TokenRequest, openStore: OpenStore): Promise<HttpAnswer> {
  if (request.platform && !(PLATFORMS as readonly string[]).includes(request.platform)) return errorAnswer(400, 'SB_PLATFORM');
  const config = configOrAnswer(env);
  if ('status' in config) return config;
  const who = await signer(config, request, configuredStore(config.syncServiceSid, openStore));
  if ('status' in who) return who;
  const reply = createVoiceToken(config, who.identity, (request.platform || undefined) as Platform | undefined, who.sessionStartedAt);
  return {
    status: 200,
    headers: NO_STORE,
    body: { ...reply, team: [...config.team.keys()], allowedCountries: config.allowedCountries, teamNumber: config.callerId, recording: config.recordCalls } satisfies TokenReply,
  };
}
