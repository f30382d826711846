/**
 * POST /conference-status — the status callback of every call's conference (`sb-…`), on each
 * participant join and leave: ends a conference that would leave someone alone, and hands a held
 * caller on to the consulted teammate when the one who held them hung up (their recording going
 * on), and sends a team caller whose consultation rang out to voicemail (call-control/conference-status.ts).
 * Also the status callback of each consultation's leg: its answer and end are the consulted
 * teammate's presence (team/leg-events.ts); and a teammate left alone with the caller is shown
 * with the caller.
 */
import { functionControlApi } from '../lib/call-control/control-api';
import { conferenceStatus } from '../lib/call-control/conference-status';
import { loadConfig } from '../lib/config/config';
import { twilioWebhook } from '../lib/endpoints/twilio-webhook';
import { webhookHoldFollowers } from '../lib/recording/recording-context';
import { param } from '../lib/runtime/event';
import { functionStore } from '../lib/store/function-store';
import { notePeer } from '../lib/team/call-presence';
import { noteLegStatus } from '../lib/team/leg-events';
import { voicemailPrompt } from '../lib/voice/voicemail-twiml';

export const handler = twilioWebhook(async (params, context) => {
  // A consultation's leg reports its own answer and end here (a call status, no conference event).
  if (!param(params, 'StatusCallbackEvent')) await noteLegStatus(params, context);
  const config = loadConfig(context);
  const api = functionControlApi(context);
  const hold = webhookHoldFollowers(context, config, api);
  const store = functionStore(context);
  return conferenceStatus(
    params,
    api,
    () => voicemailPrompt(config, context.DOMAIN_NAME),
    hold,
    (identity, legSid, address) => notePeer(store, identity, legSid, address),
  );
});
