/**
 * POST /dial-complete — the `<Dial action>` of /voice: after a conversation it hangs up; after an
 * unanswered ring it tells a browser caller why, or takes an inbound caller to FORWARD_TO or
 * voicemail; when a teammate moved the call into its conference (hold, transfer) it follows.
 */
import { loadConfig } from '../lib/config/config';
import { functionControlApi } from '../lib/call-control/control-api';
import { afterDialOrHandover } from '../lib/call-control/handover';
import { twilioWebhook } from '../lib/endpoints/twilio-webhook';

export const handler = twilioWebhook((params, context) => afterDialOrHandover(params, loadConfig(context), functionControlApi(context), context.DOMAIN_NAME));
