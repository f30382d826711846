/**
 * POST /transfer-answered — the whisper `url` of a cold transfer's target: the target answered,
 * so the transferring teammate's leg ends and a recording the hold paused goes on
 * (call-control/handover.ts); a phone target hears the recording notice if calls may be recorded.
 */
import { functionControlApi } from '../lib/call-control/control-api';
import { transferAnswered } from '../lib/call-control/handover';
import { loadConfig } from '../lib/config/config';
import { twilioWebhook } from '../lib/endpoints/twilio-webhook';
import { webhookHoldFollowers } from '../lib/recording/recording-context';
import { answerNotice } from '../lib/voice/recording-notice';

export const handler = twilioWebhook((params, context) => {
  const config = loadConfig(context);
  const api = functionControlApi(context);
  const hold = webhookHoldFollowers(context, config, api);
  return transferAnswered(params, api, answerNotice(config, params), hold);
});
