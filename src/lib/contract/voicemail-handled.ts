/**
 * `POST /voicemail-handled` with `id=RE…` and `handled=true` or `handled=false` (form or JSON)
 * and the page's token as `Authorization: Bearer` (src/functions/voicemail-handled.ts): marks a
 * message handled by the signed-in person (from the session, never from the request), or undoes
 * the mark, whoever set it. A message already handled stays handled by whoever marked it first.
 * Every page of the team hears of it through the voicemail tag of `GET /team`. Refusals are the
 * error reply of errors.ts, as for `POST /voicemail-played` (voicemail-played.ts).
 */
import type { HandledMark } from './voicemail';

/** The 200 answer: the message's mark as it now is (null: not handled). */
export interface VoicemailHandled {
  readonly id: string;
  readonly handled: HandledMark | null;
}
