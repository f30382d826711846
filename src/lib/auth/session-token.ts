/**
 * The one check of `Authorization: Bearer <access token>`: the page's current Voice AccessToken
 * is its session (README "Sessions"). `/token` renews a session with it, and every Function that serves a
 * signed-in person (call logs, voicemail, call control) answers only the identity it proves:
 *
 * ```ts
 * const session = verifySessionToken(header(event, 'authorization'), config);
 * if (!session.ok) return sessionRefusalAnswer(session); // 401 or 403, no data
 * // … serve session.identity
 * ```
 *
 * The `twilio` library signs AccessTokens with `jsonwebtoken` and has no verifier, so the same
 * library verifies them here, strictly: only HS256 (its constant-time compare of the canonical
 * signature), this API key (`iss`) and account (`sub`); then a voice grant and a teammate's identity.
 */
import { createSecretKey, type KeyObject } from 'node:crypto';
import { decode, JsonWebTokenError, verify, type JwtPayload } from 'jsonwebtoken';
import type { Config } from '../config/config';
import { errorAnswer, type HttpAnswer } from '../runtime/http-answer';
import { isValidIdentity } from '../config/passcodes';

/** A session the token proves. */
export interface VerifiedSession {
  readonly ok: true;
  /** `grants.identity`, a current TEAM member. */
  readonly identity: string;
  /** When the passcode sign-in happened, seconds since the epoch (the token's `nbf`). */
  readonly sessionStartedAt: number;
}

/** Why a token was refused: for tests and logs; the person sees only `code`. */
export type SessionRefusalReason =
  | 'missing' // no Authorization header, or not the Bearer scheme
  | 'malformed' // not exactly one JWT, undecodable, oversized, or claims of the wrong type
  | 'algorithm' // header alg other than HS256 (e.g. "none")
  | 'signature' // not signed with API_SECRET
  | 'issuer' // iss is not API_KEY
  | 'account' // sub is not ACCOUNT_SID
  | 'grant' // no voice grant, or no valid identity in it
  | 'not-yet-valid' // nbf in the future
  | 'session-over' // signed in more than SESSION_MAX_HOURS ago
  | 'expired' // exp reached
  | 'not-on-team' // a good token of someone no longer on TEAM
  | 'revoked'; // a good token of a session ended by "Sign out everywhere" (session-revocation.ts)

/** A refused token: 401 (no, bad, foreign or expired token; session over or revoked) or 403 (left the team). */
export interface SessionRefusal {
  readonly ok: false;
  readonly status: 401 | 403;
  readonly code: 'SB_SESSION' | 'SB_SESSION_OVER' | 'SB_SESSION_REVOKED' | 'SB_NOT_ON_TEAM';
  readonly reason: SessionRefusalReason;
}

export type SessionCheck = VerifiedSession | SessionRefusal;

/** Far above any token we mint (≈ 0.6 KB); a bigger header is refused before any hashing. */
const MAX_AUTHORIZATION_LENGTH = 4096;
const BEARER = /^Bearer +([\w-]+\.[\w-]+\.[\w-]+)$/i;

/** True when the header uses the Bearer scheme (well-formed or not). */
export function isBearerAuthorization(authorization: string): boolean {
  return /^Bearer(\s|$)/i.test(authorization);
}

/** The refusal for `reason`. */
export const refuse = (reason: SessionRefusalReason): SessionRefusal => {
  if (reason === 'not-on-team') return { ok: false, status: 403, code: 'SB_NOT_ON_TEAM', reason };
  const code = reason === 'session-over' ? 'SB_SESSION_OVER' : reason === 'revoked' ? 'SB_SESSION_REVOKED' : 'SB_SESSION';
  return { ok: false, status: 401, code, reason };
};

let cachedKey: { secret: string; key: KeyObject } | undefined;

/**
 * API_SECRET as a key object, made once: given a plain string, jsonwebtoken first tries to read it
 * as a public key on every call (~0.5 ms) before falling back to HMAC.
 */
function secretKey(secret: string): KeyObject {
  if (cachedKey?.secret !== secret) cachedKey = { secret, key: createSecretKey(Buffer.from(secret)) };
  return cachedKey.key;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isTime = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

/**
 * Checks an `Authorization` header against `config` at `nowMs`. The session starts at the token's
 * `nbf` (set at the passcode sign-in and kept by every renewal; `iat` for a token without one) and
 * ends SESSION_MAX_HOURS later, even if the token itself has not expired yet.
 */
export function verifySessionToken(authorization: string, config: Config, nowMs = Date.now()): SessionCheck {
  if (!isBearerAuthorization(authorization)) return refuse('missing');
  const match = authorization.length <= MAX_AUTHORIZATION_LENGTH ? BEARER.exec(authorization) : null;
  if (!match) return refuse('malformed');
  const token = match[1];
  let claims: JwtPayload;
  try {
    const header = decode(token, { complete: true })?.header; // throws on some junk, as verify does
    if (!header) return refuse('malformed');
    if (header.alg !== 'HS256') return refuse('algorithm');
    // Times are checked below from the session start (nbf, else iat) and after the session's own
    // limit, which is the clearer reason: here only the signature, algorithm and claims' form.
    const verified = verify(token, secretKey(config.apiSecret), { algorithms: ['HS256'], ignoreExpiration: true, ignoreNotBefore: true });
    if (!isObject(verified)) return refuse('malformed'); // a payload that is text or an array
    claims = verified;
  } catch (error) {
    if (error instanceof JsonWebTokenError && error.message === 'invalid signature') return refuse('signature');
    return refuse('malformed');
  }
  if (claims.iss !== config.apiKey) return refuse('issuer');
  if (claims.sub !== config.accountSid) return refuse('account');
  if (!isTime(claims.exp) || !isTime(claims.iat) || (claims.nbf !== undefined && !isTime(claims.nbf))) return refuse('malformed');
  const grants = isObject(claims.grants) ? claims.grants : {};
  const identity = grants.identity;
  if (!isObject(grants.voice) || typeof identity !== 'string' || !isValidIdentity(identity)) return refuse('grant');
  const now = nowMs / 1000;
  const sessionStartedAt = isTime(claims.nbf) ? claims.nbf : claims.iat;
  if (sessionStartedAt > now) return refuse('not-yet-valid');
  // Before `exp`: a session that ran out is the clearer reason when both hold.
  if (sessionStartedAt + config.sessionMaxSeconds <= now) return refuse('session-over');
  if (claims.exp <= now) return refuse('expired');
  if (!config.team.has(identity)) return refuse('not-on-team');
  return { ok: true, identity, sessionStartedAt };
}

/**
 * The HTTP answer for a refused token: the error table's words, never a token or data. A 401
 * carries RFC 6750's Bearer challenge (which browsers do not turn into a login box).
 */
export function sessionRefusalAnswer(refusal: SessionRefusal): HttpAnswer {
  const challenge: Record<string, string> = refusal.status === 401 ? { 'WWW-Authenticate': 'Bearer realm="Switchboard", error="invalid_token"' } : {};
  return errorAnswer(refusal.status, refusal.code, challenge);
}
