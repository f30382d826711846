/**
 * Call recording, all with a Bearer session:
 * - `POST /call-recording` (src/functions/call-recording.ts), JSON or form
 *   `{action, callSid}`: start, pause, resume or stop the recording of a call the teammate is a
 *   live party of (`callSid` is their own leg, as for /call-control), or ask its `status`. Answers
 *   the recording's state (`RecordingState`). Every teammate on the call also hears each change as
 *   a message on their call (the Voice SDK's `messageReceived`, `RecordingNews` of call-messages.ts).
 * - `GET /recording-link?id=RE…` (src/functions/recording-link.ts): a short-lived link to a team
 *   recording's audio for an `<audio src>` (`RecordingLink`), which cannot send a Bearer header;
 *   `/recording` serves the audio under it by byte range, so a long recording plays and seeks.
 * - `POST /recording-delete` with `id=RE…` (src/functions/recording-delete.ts): deletes a call
 *   recording at Twilio for the whole team (`RecordingDeleted`).
 * Refusals are the error reply of errors.ts: 400 SB_BAD_REQUEST, 403 SB_NOT_IN_CALL, 409
 * SB_CALL_ENDED, SB_RECORDING_OFF, SB_CALL_STATE, 404 SB_NO_RECORDING, 401/403 as for every Bearer
 * request, 503 SB_TWILIO_UNAVAILABLE.
 */

/** RECORD_CALLS: never, when a teammate presses Record, or every answered call from its answer. */
export const RECORD_CALLS_MODES = ['off', 'on-demand', 'always'] as const;
export type RecordCalls = (typeof RECORD_CALLS_MODES)[number];

/** What a teammate can ask of a call's recording; `status` changes nothing. */
export const RECORDING_ACTIONS = ['start', 'pause', 'resume', 'stop', 'status'] as const;
export type RecordingAction = (typeof RECORDING_ACTIONS)[number];

/** The request body of /call-recording. */
export interface RecordingRequest {
  readonly action: RecordingAction;
  readonly callSid: string;
}

/**
 * A call's recording now: none (`off`), `recording`, or `paused` (by a teammate, or because the
 * caller is on hold). `by` is the teammate who started it (absent when it started by itself on
 * answer, RECORD_CALLS=always).
 */
export interface RecordingState {
  readonly status: 'off' | 'recording' | 'paused';
  readonly by?: string;
  /**
   * When the state was read from Twilio (ms since the epoch): messages from several Functions may
   * arrive out of order, and a page keeps the newest.
   */
  readonly at: number;
}

/** True for a RecordingState (an answer of /call-recording, or the state a message carries). */
export function isRecordingState(value: unknown): value is RecordingState {
  const state = value as RecordingState;
  return typeof state === 'object' && state !== null && (state.status === 'off' || state.status === 'recording' || state.status === 'paused') && Number.isFinite(state.at);
}

/** `GET /recording-link`'s answer: where the audio is, until when (ISO). */
export interface RecordingLink {
  readonly url: string;
  readonly expiresAt: string;
}

/** `POST /recording-delete`'s answer: the id deleted. */
export interface RecordingDeleted {
  readonly deleted: string;
}
