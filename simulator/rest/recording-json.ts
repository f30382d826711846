/**
 * Stored recordings as Twilio's Recording resources: account-wide (OpenAPI
 * `api.v2010.account.recording`, with `media_url` and sub-resources) and under their call
 * (`api.v2010.account.call.call_recording`, with `track`).
 */
import { recordingPath, recordingSeconds, type SimRecording } from '../calls/recordings';
import { rfc2822 } from './rest-dates';

function common(recording: SimRecording, accountSid: string) {
  return {
    account_sid: accountSid,
    api_version: '2010-04-01',
    call_sid: recording.callSid,
    conference_sid: recording.conferenceSid ?? null,
    date_created: rfc2822(recording.createdAt),
    date_updated: rfc2822(recording.updatedAt),
    start_time: rfc2822(recording.startedAt),
    // Unknown until the recording is stored, as at Twilio.
    duration: recording.status === 'completed' ? String(recordingSeconds(recording)) : null,
    sid: recording.sid,
    price: null,
    price_unit: 'USD',
    status: recording.status,
    channels: recording.channels,
    source: recording.source,
    error_code: null,
    encryption_details: null,
  };
}

/** An account-wide Recording; `origin` is where its `media_url` points (the API host the request came to). */
export function recordingJson(recording: SimRecording, accountSid: string, origin: string): Record<string, unknown> {
  const path = recordingPath(recording, accountSid);
  return {
    ...common(recording, accountSid),
    uri: `${path}.json`,
    subresource_uris: { add_on_results: `${path}/AddOnResults.json`, transcriptions: `${path}/Transcriptions.json` },
    media_url: `${origin}${path}`,
  };
}

/** A Recording listed under its call. */
export function callRecordingJson(recording: SimRecording, accountSid: string): Record<string, unknown> {
  return { ...common(recording, accountSid), track: recording.track, uri: `/2010-04-01/Accounts/${accountSid}/Calls/${recording.callSid}/Recordings/${recording.sid}.json` };
}
