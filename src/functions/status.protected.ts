/**
 * POST /status — the Voice Status Callback: one structured log line per call event, so the
 * Function logs answer "who called whom, when, how long, and how it ended"; a call's end moves
 * the history's marker (the pages fetch the newest page again).
 */
import { logEvent } from '../lib/runtime/serverless';
import { twilioWebhook } from '../lib/endpoints/twilio-webhook';
import { emptyResponse } from '../lib/voice/twiml';
import { param } from '../lib/runtime/event';
import { functionStore } from '../lib/store/function-store';
import { markChanged } from '../lib/team/change-markers';

const FIELDS = ['CallSid', 'CallStatus', 'CallDuration', 'From', 'To', 'Direction', 'Timestamp', 'ErrorCode', 'SequenceNumber'] as const;

export const handler = twilioWebhook(async (params, context) => {
  logEvent('call-status', Object.fromEntries(FIELDS.map((name) => [name, param(params, name).slice(0, 128)])));
  await markChanged(functionStore(context), ['history']);
  return emptyResponse();
});
