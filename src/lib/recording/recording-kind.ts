/**
 * The one rule that tells a team's recordings apart, from Twilio's own records:
 * - a **voicemail** is a completed `<Record>` recording (source RecordVerb) on a parent call from
 *   a phone to the team number (voicemail/voicemail-box.ts);
 * - a **call recording** is a completed recording started through the Recordings API (source
 *   StartCallRecordingAPI), as /call-recording and RECORD_CALLS=always start them, on a call of
 *   the team: a team call's own leg, or a leg it dialled (recording/recorded-leg.ts says which).
 * The sources differ, so no recording is ever both; any other recording of the account
 * (a conference's, a `<Dial record>`, another application's) is neither, and never served.
 */
import { clientIdentity } from '../runtime/event';
import type { CallRecord, RecordingRecord } from '../records/rest-records';
import { isInboundTeamCall, isVoicemail } from '../voicemail/voicemail-box';

export type RecordingKind = 'voicemail' | 'call';

/** The source of the recordings /call-recording starts (Twilio's name for the Recordings API on a call). */
export const CALL_RECORDING_SOURCE = 'StartCallRecordingAPI';

/** True for a call of the team's history that is not a leg: a phone calling the team number, a teammate's browser calling out, the team number calling out through the API. */
export function isTeamRoot(call: CallRecord, teamNumber: string): boolean {
  if (call.parentCallSid) return false;
  if (isInboundTeamCall(call, teamNumber)) return true;
  if (clientIdentity(call.from) !== undefined) return call.direction === 'inbound';
  return call.from === teamNumber && call.direction === 'outbound-api';
}

/**
 * What `recording` is to the team: its call is `call` (the recording's CallSid), `parent` that
 * call's parent when it is a leg. Undefined for anything that is not the team's.
 */
export function recordingKind(recording: RecordingRecord, call: CallRecord | undefined, parent: CallRecord | undefined, teamNumber: string): RecordingKind | undefined {
  // (Through a copy: isVoicemail narrows its argument, and a call that is no voicemail's is still a call.)
  const voicemailCall: CallRecord | undefined = call;
  if (isVoicemail(recording, voicemailCall, teamNumber)) return 'voicemail';
  if (recording.source !== CALL_RECORDING_SOURCE || recording.status !== 'completed' || call?.sid !== recording.callSid) return undefined;
  const root = call.parentCallSid ? (parent?.sid === call.parentCallSid ? parent : undefined) : call;
  return root && isTeamRoot(root, teamNumber) ? 'call' : undefined;
}
