/**
 * POST /status — the Voice Status Callback: one structured log line per call event, so the
 * Function logs answer "who called whom, when, how long, and how it ended".
 */
import { logEvent } from '../lib/runtime/serverless';
import { twilioWebhook } from '../lib/endpoints/twilio-webhook';
import { emptyResponse } from '../lib/voice/twiml';
import { param } from '../lib/runtime/event';

const FIELDS = ['CallSid', 'CallStatus', 'CallDuration', 'From', 'To', 'Direction', 'Timestamp', 'ErrorCode', 'SequenceNumber'] as const;

export const handler = twilioWebhook((params) => {
  logEvent('call-status', Object.fromEntries(FIELDS.map((name) => [name, param(params, name).slice(0, 128)])));
  return emptyResponse();
});
