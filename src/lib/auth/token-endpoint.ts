import type { Config, Env } from '../config/config';
import { PLATFORMS, type Platform, type TokenReply } from '../contract/token';
import { configOrAnswer } from '../runtime/config-answer';
import { errorAnswer, NO_STORE, type HttpAnswer } from '../runtime/http-answer';
import { isBearerAuthorization, sessionRefusalAnswer, verifySessionToken } from './session-token';
import { authenticateMember } from './team-auth';
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
 * Basic credentials cost one scrypt (team-auth.ts); a Bearer token costs one HMAC and never
 * reaches scrypt, so a session renews cheaply however often it asks.
 */
async function signer(config: Config, request: TokenRequest): Promise<Signer> {
  if (isBearerAuthorization(request.authorization)) {
    const session = verifySessionToken(request.authorization, config);
    return session.ok ? session : sessionRefusalAnswer(session);
  }
  const identity = await authenticateMember(request.authorization, config.team);
  if (identity) return { identity };
  const challenge = request.fromScript ? 'Switchboard realm="Switchboard"' : 'Basic realm="Switchboard", charset="UTF-8"';
  return errorAnswer(401, 'SB_AUTH', { 'WWW-Authenticate': challenge });
}

/**
 * `GET /token` (src/lib/contract/token.ts): a team member's Basic credentials start a session, the current
 * access token as `Bearer` renews it. Either way the answer is a Voice AccessToken,
 * the team directory and the dialling policy the page checks numbers against. Strangers get 401,
 * a token of someone removed from TEAM 403.
 */
export async function answerTokenRequest(env: Env, request: TokenRequest): Promise<HttpAnswer> {
  if (request.platform && !(PLATFORMS as readonly string[]).includes(request.platform)) return errorAnswer(400, 'SB_PLATFORM');
  const config = configOrAnswer(env);
  if ('status' in config) return config;
  const who = await signer(config, request);
  if ('status' in who) return who;
  const reply = createVoiceToken(config, who.identity, (request.platform || undefined) as Platform | undefined, who.sessionStartedAt);
  return {
    status: 200,
    headers: NO_STORE,
    body: { ...reply, team: [...config.team.keys()], allowedCountries: config.allowedCountries, teamNumber: config.callerId, recording: config.recordCalls } satisfies TokenReply,
  };
}
