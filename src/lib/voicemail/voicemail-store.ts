/**
 * The team's voicemails at Twilio: listed, found by SID and deleted through the REST API. A
 * recording is served or deleted only after its own call proved it a team voicemail
 * (voicemail-box.ts), so a page can name no other recording of the account.
 */
import type { Twilio } from 'twilio';
import type { CallRecord, RecordingRecord } from '../records/rest-records';
import { RECORDING_SID } from '../records/rest-records';
import { unlessMissing } from '../records/rest-missing';
import type { Voicemail } from '../contract/voicemail';
import { isVoicemail, voicemailOf } from './voicemail-box';

/** Recordings read per list: the newest 200 of the account (one request). */
const RECORDINGS_LISTED = 200;
/** A message starts at most this long after its call did (ring, forward, greeting); calls are listed from there. */
const CALL_LEAD_MS = 60 * 60 * 1000;

/** The team's voicemails, newest first: a list of recordings, a list of the calls they were left on. */
export async function listVoicemails(client: Twilio, teamNumber: string): Promise<Voicemail[]> {
  const recordings: RecordingRecord[] = (await client.recordings.page({ pageSize: RECORDINGS_LISTED })).instances.filter((r) => r.source === 'RecordVerb' && r.status === 'completed');
  if (!recordings.length) return [];
  const oldest = Math.min(...recordings.map((r) => (r.startTime ?? r.dateCreated ?? new Date()).getTime()));
  const calls = new Map<string, CallRecord>();
  const listed = await client.calls.page({ to: teamNumber, startTimeAfter: new Date(oldest - CALL_LEAD_MS), pageSize: 1000 });
  for (const call of listed.instances) calls.set(call.sid, call);
  // Rare: a call older than the lead, or beyond the first 1,000 listed; fetched side by side.
  const missing = [...new Set(recordings.map((r) => r.callSid).filter((sid) => !calls.has(sid)))];
  for (const call of await Promise.all(missing.map((sid) => unlessMissing(client.calls(sid).fetch())))) if (call) calls.set(call.sid, call);
  return recordings.filter((r) => isVoicemail(r, calls.get(r.callSid), teamNumber)).map((r) => voicemailOf(r, calls.get(r.callSid)!));
}

/** A team voicemail and its call, or undefined for a malformed SID, an unknown one, or any other recording. */
export async function findVoicemail(client: Twilio, teamNumber: string, id: string): Promise<{ recording: RecordingRecord & { mediaUrl: string }; call: CallRecord } | undefined> {
  if (!RECORDING_SID.test(id)) return undefined;
  const recording = await unlessMissing(client.recordings(id).fetch());
  if (!recording || recording.sid !== id) return undefined;
  const call = await unlessMissing(client.calls(recording.callSid).fetch());
  return isVoicemail(recording, call, teamNumber) ? { recording, call } : undefined;
}

/** Deletes a team voicemail at Twilio (for the whole team); false when there is no such voicemail. */
export async function deleteVoicemail(client: Twilio, teamNumber: string, id: string): Promise<boolean> {
  const found = await findVoicemail(client, teamNumber, id);
  if (!found) return false;
  const removed = await unlessMissing(client.recordings(id).remove());
  return removed !== undefined;
}
