/**
 * The team's voicemail, all with a Bearer session:
 * - `GET /voicemail` (src/functions/voicemail.ts): the messages, newest first, each with whether
 *   the asker played it and who handled it (`VoicemailList`); marking them is voicemail-played.ts
 *   and voicemail-handled.ts;
 * - `GET /recording?id=RE…` (src/functions/recording.ts): one message's audio, `audio/mpeg`;
 * - `POST /voicemail-delete` with `id=RE…` (src/functions/voicemail-delete.ts): deletes it at
 *   Twilio for the whole team (`VoicemailDeleted`).
 * No Twilio URL ever reaches the page. Refusals are the error reply of errors.ts: 404
 * SB_NOT_FOUND for anything that is not a team voicemail, 401/403 as for every Bearer request,
 * 503 SB_TWILIO_UNAVAILABLE with Retry-After; `GET /voicemail` also 503 SB_STORE_UNAVAILABLE
 * with Retry-After while the team's Sync store cannot be read (the marks would be wrong without it).
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
  /** True when the person asking played it, in any browser of theirs. */
  readonly played: boolean;
  /** Who of the team handled it, and when; absent while nobody has (or after it was undone). */
  readonly handled?: HandledMark;
}

/** A message marked handled. */
export interface HandledMark {
  /** The teammate who marked it. */
  readonly by: string;
  /** When, ISO 8601 (Twilio Sync's clock). */
  readonly at: string;
}

/** `GET /voicemail`'s answer. */
export interface VoicemailList {
  readonly messages: readonly Voicemail[];
  /**
   * False when the deployment keeps no team state (no SYNC_SERVICE_SID): nothing is marked played
   * or handled, and the page shows no marks rather than guess.
   */
  readonly marks: boolean;
}

/** `POST /voicemail-delete`'s answer: the id deleted. */
export interface VoicemailDeleted {
  readonly deleted: string;
}
