/**
 * The team's recordings at Twilio, found by SID and deleted through the REST API, each only
 * after recording-kind.ts proved from its own call what it is: a page can name no other recording
 * of the account, and a voicemail's SID is no call recording (nor the other way round).
 */
import type { Twilio } from 'twilio';
import type { CallRecord, RecordingRecord } from '../records/rest-records';
import { RECORDING_SID } from '../records/rest-records';
import { unlessMissing } from '../records/rest-missing';
import { recordingKind, type RecordingKind } from './recording-kind';

/** A team recording, its kind, and the call it was made on. */
export interface TeamRecording {
  readonly recording: RecordingRecord & { mediaUrl: string };
  readonly call: CallRecord;
  readonly kind: RecordingKind;
}

/** The team recording `id`, or undefined for a malformed SID, an unknown one, or any other recording of the account. */
export async function findTeamRecording(client: Twilio, teamNumber: string, id: string): Promise<TeamRecording | undefined> {
  if (!RECORDING_SID.test(id)) return undefined;
  const recording = await unlessMissing(client.recordings(id).fetch());
  if (!recording || recording.sid !== id) return undefined;
  const call = await unlessMissing(client.calls(recording.callSid).fetch());
  const parent = call?.parentCallSid ? await unlessMissing(client.calls(call.parentCallSid).fetch()) : undefined;
  const kind = recordingKind(recording, call, parent, teamNumber);
  return kind && call ? { recording, call, kind } : undefined;
}

/**
 * Deletes the team recording `id` of kind `kind` at Twilio (for the whole team); false when there
 * is no such recording. `before` runs once it is found and before it is deleted: what it throws
 * stops the deletion.
 */
export async function deleteTeamRecording(client: Twilio, teamNumber: string, id: string, kind: RecordingKind, before?: (found: TeamRecording) => Promise<void>): Promise<boolean> {
  const found = await findTeamRecording(client, teamNumber, id);
  if (found?.kind !== kind) return false;
  await before?.(found);
  return (await unlessMissing(client.recordings(id).remove())) !== undefined;
}
