/**
 * `POST /sign-out-everywhere` (src/functions/sign-out-everywhere.ts), with the page's current
 * token as `Authorization: Bearer`: ends every session of the signed-in person that started up
 * to now, this one included. Each is refused from then on, at its next renewal and by every data
 * or control Function (401 SB_SESSION_REVOKED). The answer comes once a new sign-in is no longer
 * caught (at most a second later). Refusals are the error reply of errors.ts: 401/403 as for
 * every Bearer request; 503 SB_STORE_MISSING without SYNC_SERVICE_SID, SB_SYNC_SERVICE with a
 * wrong one, SB_STORE_UNAVAILABLE with Retry-After while Sync is busy or down (nothing was ended).
 */

/** The 200 answer. */
export interface SignedOutEverywhere {
  readonly identity: string;
  /** ISO time: every session of `identity` that started before it is over. */
  readonly signedOutBefore: string;
}
