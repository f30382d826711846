/**
 * POST /recording-status — the voicemail `<Record>`'s recording status callback: one structured
 * log line per recording event (which call left which message, how long, or why none was kept).
 */
import { logEvent } from '../lib/runtime/serverless';
import { twilioWebhook } from '../lib/endpoints/twilio-webhook';
import { emptyResponse } from '../lib/voice/twiml';
import { param } from '../lib/runtime/event';

const FIELDS = ['CallSid', 'RecordingSid', 'RecordingStatus', 'RecordingDuration', 'RecordingSource', 'RecordingStartTime', 'ErrorCode'] as const;

export const handler = twilioWebhook((params) => {
  logEvent('recording-status', Object.fromEntries(FIELDS.map((name) => [name, param(params, name).slice(0, 128)])));
  return emptyResponse();
});
