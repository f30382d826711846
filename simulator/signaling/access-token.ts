/**
 * Verifies Voice AccessTokens as Twilio's signaling gateway does (docs/voice-sdk-protocol.md): HS256 with the
 * API secret, the API key and account it claims, expiry, region and the voice grant. Each
 * failure carries the code Twilio sends on the signaling socket.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { isObject } from './pstream';

export interface TokenKeys {
  accountSid: string;
  apiKey: string;
  apiSecret: string;
  /** The region the simulated account lives in (tokens for another one fail with 20101). */
  region: string;
}

export interface VerifiedToken {
  /** Absent for a token without one: it may place calls (as `client:Anonymous`) but nobody can call it. */
  identity?: string;
  /** Expiry, seconds since the epoch. */
  exp: number;
  /** The TwiML App outgoing calls run (absent: the token cannot place calls). */
  outgoingApplicationSid?: string;
  incomingAllow: boolean;
}

/** 31204: not a valid token; 31205: expired; 20101: valid signature but unusable here; 31105: an identity Twilio refuses. */
export type TokenFailure = { code: 31204 | 31205 | 20101 | 31105; message: string };

/** Twilio's longest client name (error 31105). */
const MAX_IDENTITY_LENGTH = 256;
/**
 * What Twilio refuses in a client name (error 31105): control characters, space, and RFC 2396's
 * "delims" (`<>#%"`) and "unwise" (`{}|\^[]` and backquote). Anything else passes, dashes, dots, `@`
 * and non-ASCII letters included; Switchboard's own TEAM keeps a stricter rule of its own.
 */
// eslint-disable-next-line no-control-regex -- control characters are among what Twilio refuses
const REFUSED_IN_IDENTITY = /[\u0000-\u0020\u007f<>#%"{}|\\^[\]`]/;

/** Why Twilio would refuse `identity` as a client name, or undefined when it is accepted. */
export function identityProblem(identity: string): string | undefined {
  if (!identity.length || [...identity].length > MAX_IDENTITY_LENGTH) return `a client name is 1 to ${MAX_IDENTITY_LENGTH} characters`;
  if (REFUSED_IN_IDENTITY.test(identity)) return 'a client name may not contain control, space, delims or unwise characters';
  return undefined;
}

function decodeJson(part: string): unknown {
  try {
    return JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
}

/** Checks a token; `now` is seconds since the epoch. */
export function verifyAccessToken(token: unknown, keys: TokenKeys, now = Date.now() / 1000): VerifiedToken | TokenFailure {
  const invalid = (message: string): TokenFailure => ({ code: 31204, message: `JWT is invalid: ${message}` });
  if (typeof token !== 'string' || token.length > 8192) return invalid('no token');
  const parts = token.split('.');
  if (parts.length !== 3 || parts.some((p) => !/^[A-Za-z0-9_-]*$/.test(p))) return invalid('not a JWT');
  const [headerPart, payloadPart, signaturePart] = parts;
  const header = decodeJson(headerPart);
  const claims = decodeJson(payloadPart);
  if (!isObject(header) || !isObject(claims)) return invalid('undecodable header or payload');
  if (header.alg !== 'HS256') return invalid('algorithm must be HS256');
  const expected = createHmac('sha256', keys.apiSecret).update(`${headerPart}.${payloadPart}`).digest();
  const given = Buffer.from(signaturePart, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return invalid('signature does not match the API secret');
  if (claims.iss !== keys.apiKey) return invalid('issuer is not a known API key');
  if (claims.sub !== keys.accountSid) return invalid('subject is not this account');
  if (typeof claims.exp !== 'number') return invalid('no exp');
  if (claims.exp <= now) return { code: 31205, message: 'JWT token expired' };
  if (typeof claims.nbf === 'number' && claims.nbf > now + 60) return invalid('not valid yet');
  const region = typeof header.twr === 'string' ? header.twr : 'us1';
  if (region !== keys.region) return { code: 20101, message: `Invalid Access Token: issued for region ${region}, this account is in ${keys.region}` };
  const grants = isObject(claims.grants) ? claims.grants : {};
  const voice = isObject(grants.voice) ? grants.voice : undefined;
  const identity = grants.identity;
  if (!voice) return { code: 20101, message: 'Invalid Access Token: no voice grant' };
  if (identity !== undefined && typeof identity !== 'string') return { code: 20101, message: 'Invalid Access Token: identity is not a string' };
  const problem = identity === undefined ? undefined : identityProblem(identity);
  if (problem) return { code: 31105, message: `Invalid client name: ${problem}` };
  const outgoing = isObject(voice.outgoing) && typeof voice.outgoing.application_sid === 'string' ? voice.outgoing.application_sid : undefined;
  const incomingAllow = isObject(voice.incoming) && voice.incoming.allow === true;
  return { ...(identity === undefined ? {} : { identity }), exp: claims.exp, outgoingApplicationSid: outgoing, incomingAllow };
}

export function isTokenFailure(result: VerifiedToken | TokenFailure): result is TokenFailure {
  return 'code' in result;
}
