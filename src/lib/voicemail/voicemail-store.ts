/**
 * The team's voicemails at Twilio, listed through the REST API: recordings their own calls prove
 * team voicemails (voicemail-box.ts). Finding and deleting one by SID is
 * src/lib/recording/team-recordings.ts's, which tells voicemails and call recordings apart.
 */
import type { Twilio } from 'twilio';
import type { CallRecord, RecordingRecord } from '../records/rest-records';
import { unlessMissing } from '../records/rest-missing';
import { isVoicemail, voicemailOf, type MessageRecord } from './voicemail-box';

/** Recordings read per list: the newest 200 of the account (one request). */
const RECORDINGS_LISTED = 200;
/** A message starts at most this long after its call did (ring, forward, greeting); calls are listed from there. */
const CALL_LEAD_MS = 60 * 60 * 1000;

/** The team's voicemails, newest first: a list of recordings, a list of the calls they were left on. */
export async function listVoicemails(client: Twilio, teamNumber: string): Promise<MessageRecord[]> {
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
