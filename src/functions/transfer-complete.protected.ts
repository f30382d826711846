/**
 * POST /transfer-complete — the `<Dial action>` of a cold transfer's dial on the caller's leg:
 * answered and over → hang up; moved into a conference → follow it; unanswered → back to the
 * transferring teammate (a recording the hold paused goes on), or voicemail when they are gone
 * (call-control/handover.ts).
 */
import { loadConfig } from '../lib/config/config';
import { functionControlApi } from '../lib/call-control/control-api';
import { afterTransferDial } from '../lib/call-control/handover';
import { twilioWebhook } from '../lib/endpoints/twilio-webhook';
import { webhookHoldFollowers } from '../lib/recording/recording-context';

export const handler = twilioWebhook((params, context) => {
  const config = loadConfig(context);
  const api = functionControlApi(context);
  const hold = webhookHoldFollowers(context, config, api);
  return afterTransferDial(params, config, api, context.DOMAIN_NAME, hold);
});
