/**
 * POST /dial-complete — the `<Dial action>` of /voice: after a conversation it hangs up; after an
 * unanswered ring it tells a browser caller why, or forwards an inbound caller (FORWARD_TO).
 */
import { twilioWebhook } from '../lib/twilio-webhook';
import { afterDial } from '../lib/dial-outcome';

export const handler = twilioWebhook((params, context) => afterDial(params, { forwardTo: context.FORWARD_TO?.trim() || undefined }));
