/**
 * POST /dial-complete — the `<Dial action>` of /voice: after a conversation it hangs up; after an
 * unanswered ring it tells a browser caller why, or takes an inbound caller to FORWARD_TO or voicemail.
 */
import { loadConfig } from '../lib/config';
import { twilioWebhook } from '../lib/twilio-webhook';
import { afterDial } from '../lib/dial-outcome';

export const handler = twilioWebhook((params, context) => afterDial(params, loadConfig(context)));
