/**
 * The page's side of call recording (src/lib/contract/recording.ts), over the same transport as
 * the team's records: the Bearer token, errors as RecordsErrors with the server's code. Only the
 * chunks that load after registration import this.
 */
import { isRecordingState, type RecordingAction, type RecordingDeleted, type RecordingLink, type RecordingRequest, type RecordingState } from '../../lib/contract/recording';
import { isObject, json, type RecordsTransport } from './team-records';

const isLink = (body: unknown): body is RecordingLink => isObject(body) && typeof body.url === 'string' && typeof body.expiresAt === 'string';
const isDeleted = (body: unknown): body is RecordingDeleted => isObject(body) && typeof body.deleted === 'string';

/** `POST /call-recording`: `action` on the recording of the call whose leg is `callSid`; its state after. */
export function recordingAction(transport: RecordsTransport, callSid: string, action: RecordingAction): Promise<RecordingState> {
  const body: RecordingRequest = { action, callSid };
  return json(transport, '/call-recording', isRecordingState, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
}

/** `GET /recording-link`: a short-lived link to a recording's audio, for an `<audio src>`. */
export function recordingLink(transport: RecordsTransport, id: string): Promise<RecordingLink> {
  return json(transport, `/recording-link?id=${encodeURIComponent(id)}`, isLink);
}

/** `POST /recording-delete`: deletes a call recording for the whole team. */
export async function deleteCallRecording(transport: RecordsTransport, id: string): Promise<void> {
  await json(transport, '/recording-delete', isDeleted, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ id }).toString() });
}
