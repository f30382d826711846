/**
 * POST /recording-status — the voicemail `<Record>`'s recording status callback: one structured
 * log line per recording event (which call left which message, how long, or why none was kept);
 * a kept message moves the voicemail and history markers (the pages fetch them again).
 */
import { logEvent } from '../lib/runtime/serverless';
import { twilioWebhook } from '../lib/endpoints/twilio-webhook';
import { emptyResponse } from '../lib/voice/twiml';
import { param } from '../lib/runtime/event';
import { markChanged } from '../lib/team/change-markers';
import { functionStore } from '../lib/store/function-store';

const FIELDS = ['CallSid', 'RecordingSid', 'RecordingStatus', 'RecordingDuration', 'RecordingSource', 'RecordingStartTime', 'ErrorCode'] as const;

export const handler = twilioWebhook(async (params, context) => {
  logEvent('recording-status', Object.fromEntries(FIELDS.map((name) => [name, param(params, name).slice(0, 128)])));
  if (param(params, 'RecordingStatus') === 'completed') await markChanged(functionStore(context), ['voicemail', 'history']);
  return emptyResponse();
});
