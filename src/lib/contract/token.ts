/**
 * `GET /token` (src/functions/token.ts): signs a teammate in with `Authorization: Basic
 * base64(identity:passcode)`, or renews a session with `Authorization: Bearer <current token>`.
 * `?platform=ios|android` adds the push credential that makes Twilio's mobile Voice SDKs ring.
 * Refusals are the error reply of errors.ts: 401 SB_AUTH, SB_SESSION, SB_SESSION_OVER;
 * 403 SB_NOT_ON_TEAM; 400 SB_PLATFORM; 503 SB_CONFIG.
 */

import type { RecordCalls } from './recording';

/** Mobile platforms whose Voice SDKs get a push credential in their token (`?platform=`). */
export const PLATFORMS = ['ios', 'android'] as const;
export type Platform = (typeof PLATFORMS)[number];

/** The 200 answer: a Voice access token and what the page needs to work with it. */
export interface TokenReply {
  readonly identity: string;
  /** The Voice AccessToken (a JWT); also the session's Bearer credential. */
  readonly token: string;
  /** ISO time at which the token stops working; the page renews well before it. */
  readonly expiresAt: string;
  /** ISO time at which the session ends (SESSION_MAX_HOURS after the passcode sign-in): no token runs past it. */
  readonly sessionExpiresAt: string;
  /** Voice SDK `edge` matching REGION; absent for the default region. */
  readonly edge?: string;
  /** Every teammate's identity, the asker's included. */
  readonly team: readonly string[];
  /** ISO country codes calls out may reach (ALLOWED_COUNTRIES). */
  readonly allowedCountries: readonly string[];
  /** The team's number (CALLER_ID), E.164. */
  readonly teamNumber: string;
  /** Which calls are recorded (RECORD_CALLS): the call panel shows recording unless `off` (or absent). */
  readonly recording?: RecordCalls;
}
