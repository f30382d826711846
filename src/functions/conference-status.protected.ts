/**
 * POST /conference-status — the status callback of every call's conference (`sb-…`), on each
 * participant join and leave: ends a conference that would leave someone alone, and hands a held
 * caller on to the consulted teammate when the one who held them hung up (their recording going
 * on), and sends a team caller whose consultation rang out to voicemail (call-control/conference-status.ts).
 */
import { functionControlApi } from '../lib/call-control/control-api';
import { conferenceStatus } from '../lib/call-control/conference-status';
import { loadConfig } from '../lib/config/config';
import { twilioWebhook } from '../lib/endpoints/twilio-webhook';
import { webhookHoldFollowers } from '../lib/recording/recording-context';
import { voicemailPrompt } from '../lib/voice/voicemail-twiml';

export const handler = twilioWebhook((params, context) => {
  const config = loadConfig(context);
  const api = functionControlApi(context);
  const hold = webhookHoldFollowers(context, config, api);
  return conferenceStatus(params, api, () => voicemailPrompt(config, context.DOMAIN_NAME), hold);
});
