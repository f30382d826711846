import AccessToken from 'twilio/lib/jwt/AccessToken';
import { REGION_EDGES, type Config, type Platform } from './config';

/** What `GET /token` answers (design §4), plus what the page needs to work with the token. */
export interface TokenReply {
  identity: string;
  token: string;
  /** ISO time at which the token stops working; the page refreshes well before it. */
  expiresAt: string;
  /** Voice SDK `edge` matching REGION; absent for the default region. */
  edge?: string;
}

/**
 * Mints a Voice AccessToken with exactly the claims of design §1 (identity, incoming allowed,
 * outgoing TwiML App) and, for a mobile platform, the push credential that makes its phone ring.
 */
export function createVoiceToken(config: Config, identity: string, platform?: Platform): TokenReply {
  const token = new AccessToken(config.accountSid, config.apiKey, config.apiSecret, {
    identity,
    ttl: config.tokenTtl,
    region: config.region,
  });
  const pushCredentialSid = platform ? config.pushCredentialSids[platform] : undefined;
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
  return {
    identity,
    token: jwt,
    expiresAt: new Date(exp * 1000).toISOString(),
    ...(config.region ? { edge: REGION_EDGES[config.region] } : {}),
  };
}
