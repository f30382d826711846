/**
 * The team's voicemail, all with a Bearer session:
 * - `GET /voicemail` (src/functions/voicemail.ts): the messages, newest first (`VoicemailList`);
 * - `GET /recording?id=RE…` (src/functions/recording.ts): one message's audio, `audio/mpeg`;
 * - `POST /voicemail-delete` with `id=RE…` (src/functions/voicemail-delete.ts): deletes it at
 *   Twilio for the whole team (`VoicemailDeleted`).
 * No Twilio URL ever reaches the page. Refusals are the error reply of errors.ts: 404
 * SB_NOT_FOUND for anything that is not a team voicemail, 401/403 as for every Bearer request,
 * 503 SB_TWILIO_UNAVAILABLE with Retry-After.
 */
import type { Party } from './calls';

/** One message. */
export interface Voicemail {
  /** RE… */
  readonly id: string;
  /** CA…, the caller's call */
  readonly callId: string;
  readonly from: Omit<Party, 'identity'>;
  /** When the message began, ISO 8601. */
  readonly at: string;
  readonly seconds: number;
}

/** `GET /voicemail`'s answer. */
export interface VoicemailList {
  readonly messages: readonly Voicemail[];
}

/** `POST /voicemail-delete`'s answer: the id deleted. */
export interface VoicemailDeleted {
  readonly deleted: string;
}
