/**
 * What counts as a team voicemail, decided from Twilio's own records: a completed recording made
 * by `<Record>` (source RecordVerb) on a parent call from a phone to the team number (CALLER_ID).
 * The voicemail `<Record>` is the only one Switchboard runs on such calls, so no other recording of
 * the account (a browser's call, a conference, a recorded greeting) is ever served as one.
 */
import { CLIENT_PREFIX } from '../runtime/event';
import type { Voicemail } from '../contract/voicemail';
import { wholeSeconds, type CallRecord, type RecordingRecord } from '../records/rest-records';

/** True for a parent call a phone placed to the team number. */
export function isInboundTeamCall(call: CallRecord, teamNumber: string): boolean {
  return !call.parentCallSid && call.to === teamNumber && !call.from.startsWith(CLIENT_PREFIX);
}

/** True when `recording` is a stored voicemail on `call` (its own call, to the team number). */
export function isVoicemail(recording: RecordingRecord, call: CallRecord | undefined, teamNumber: string): call is CallRecord {
  return recording.source === 'RecordVerb' && recording.status === 'completed' && call?.sid === recording.callSid && isInboundTeamCall(call, teamNumber);
}

/** A message as Twilio's records give it, before the team's marks (voicemail-marks.ts) are added. */
export type MessageRecord = Omit<Voicemail, 'played' | 'handled'>;

/** The message as the page sees it, without the marks: no URL, no account data. */
export function voicemailOf(recording: RecordingRecord, call: CallRecord): MessageRecord {
  const at = recording.startTime ?? recording.dateCreated ?? call.startTime;
  const from: { number?: string; name?: string } = {};
  if (call.from) from.number = call.from;
  if (call.callerName) from.name = call.callerName;
  return { id: recording.sid, callId: call.sid, from, at: at ? at.toISOString() : '', seconds: wholeSeconds(recording.duration) };
}
