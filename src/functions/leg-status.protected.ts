/**
 * POST /leg-status — the status callback of every leg the Functions dial to a teammate or a
 * number: whoever it concerns is on a call from `answered` to its end, and its end moves the
 * history's marker (team/leg-events.ts).
 */
import { twilioWebhook } from '../lib/endpoints/twilio-webhook';
import { noteLegStatus } from '../lib/team/leg-events';
import { emptyResponse } from '../lib/voice/twiml';

export const handler = twilioWebhook(async (params, context) => {
  await noteLegStatus(params, context);
  return emptyResponse();
});
