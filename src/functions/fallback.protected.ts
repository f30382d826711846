/**
 * POST /fallback — the Voice Fallback URL: Twilio calls it when /voice failed. It needs no
 * configuration beyond the auth token, so the caller always hears an apology, never silence.
 */
import { logEvent } from '../lib/runtime/serverless';
import { twilioWebhook } from '../lib/endpoints/twilio-webhook';
import { fallbackResponse } from '../lib/voice/twiml';
import { param } from '../lib/runtime/event';

export const handler = twilioWebhook((params) => {
  logEvent('voice-fallback', { callSid: param(params, 'CallSid'), errorCode: param(params, 'ErrorCode'), errorUrl: param(params, 'ErrorUrl') });
  return fallbackResponse();
});
