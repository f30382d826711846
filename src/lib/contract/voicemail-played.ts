/**
 * `POST /voicemail-played` with `id=RE…` (form or JSON) and the page's token as
 * `Authorization: Bearer` (src/functions/voicemail-played.ts): the signed-in person played that
 * message. Whose mark it is comes from the session, never from the request. It is theirs in
 * every browser they use (each sees it when it next fetches `/voicemail`); every page of the team
 * hears of it through the voicemail tag of `GET /team`. Playing it again changes nothing.
 * Refusals are the error reply of errors.ts: 400 SB_BAD_REQUEST for an id that is no recording
 * SID, 404 SB_NOT_FOUND for anything that is not a team voicemail (or one just deleted), 401/403
 * as for every Bearer request, 503 SB_STORE_MISSING without SYNC_SERVICE_SID,
 * SB_STORE_UNAVAILABLE or SB_TWILIO_UNAVAILABLE with Retry-After.
 */

/** The 200 answer: the message now counts as played by the asker. */
export interface VoicemailPlayed {
  readonly id: string;
  readonly played: true;
}
