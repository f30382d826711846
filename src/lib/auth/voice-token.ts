import AccessToken from 'twilio/lib/jwt/AccessToken';
import { REGION_EDGES, type Config } from '../config/config';
import type { Platform, TokenReply } from '../contract/token';

/** The token part of `GET /token`'s answer (src/lib/contract/token.ts). */
export type VoiceToken = Pick<TokenReply, 'identity' | 'token' | 'expiresAt' | 'sessionExpiresAt' | 'edge'>;

/**
 * Mints a Voice AccessToken with exactly the claims of docs/voice-sdk-protocol.md (identity, incoming allowed,
 * outgoing TwiML App) and, for a mobile platform, the push credential that makes its phone ring.
 *
 * The session start travels as the token's `nbf`, a standard JWT claim that AccessToken sets and
 * Twilio honours: a token is indeed valid from the sign-in on. A renewal passes the start it read
 * from the previous token (src/lib/auth/session-token.ts); a sign-in starts now. The lifetime is
 * TOKEN_TTL, cut short so that no token outlives its session. The caller makes sure the session
 * has at least a second left (`verifySessionToken` refuses one that has not).
 */
export function createVoiceToken(config: Config, identity: string, platform?: Platform, sessionStartedAt?: number): VoiceToken {
  const now = Math.floor(Date.now() / 1000);
  const nbf = sessionStartedAt ?? now;
  const sessionEnd = nbf + config.sessionMaxSeconds;
  const pushCredentialSid = platform ? config.pushCredentialSids[platform] : undefined;
  const mint = (ttl: number) => {
    const token = new AccessToken(config.accountSid, config.apiKey, config.apiSecret, { identity, ttl, nbf, region: config.region });
    token.addGrant(
      new AccessToken.VoiceGrant({
        incomingAllow: true,
        outgoingApplicationSid: config.twimlAppSid,
        ...(pushCredentialSid ? { pushCredentialSid } : {}),
      }),
    );
    const jwt = token.toJwt();
    // Read `exp` back from the token itself so the reply can never disagree with it.
    const { exp } = JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString()) as { exp: number };
    return { jwt, exp };
  };
  // What is left of the session counts as at least 1 s: AccessToken would turn a ttl of 0 into an hour.
  const ttl = Math.min(config.tokenTtl, Math.max(1, Math.floor(sessionEnd - now)));
  let token = mint(ttl);
  // AccessToken reads the clock again as it signs (exp = its iat + ttl): past a second boundary
  // since `now`, a token cut to the session end would outlive it by that second.
  const over = token.exp - Math.floor(sessionEnd);
  if (over > 0 && ttl > over) token = mint(ttl - over);
  return {
    identity,
    token: token.jwt,
    expiresAt: new Date(token.exp * 1000).toISOString(),
    sessionExpiresAt: new Date(sessionEnd * 1000).toISOString(),
    ...(config.region ? { edge: REGION_EDGES[config.region] } : {}),
  };
}
