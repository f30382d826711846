/**
 * `POST /do-not-disturb` with `on=true` or `on=false` (form or JSON) and the page's token as
 * `Authorization: Bearer` (src/functions/do-not-disturb.ts): switches the signed-in person's
 * do-not-disturb, for every browser of theirs (each sees it at its next `/team` update) and
 * across sign-outs. While it is on, routing rings them in no group and no wave, and a teammate's
 * direct call or transfer to them is refused (SB_TEAMMATE_DND). Refusals are the error reply of
 * errors.ts: 400 SB_BAD_REQUEST, 401/403 as for every Bearer request, 503 SB_STORE_MISSING
 * without SYNC_SERVICE_SID, SB_STORE_UNAVAILABLE with Retry-After while Sync is busy or down.
 */

/** The 200 answer: the switch as it now is. */
export interface DoNotDisturbState {
  readonly dnd: boolean;
}
