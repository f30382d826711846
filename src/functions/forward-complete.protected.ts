/**
 * POST /forward-complete — the `<Dial action>` of the forward to FORWARD_TO: hangs up after a
 * conversation; a forward nobody took (no answer, busy, failed) ends in voicemail.
 */
import { loadConfig } from '../lib/config/config';
import { twilioWebhook } from '../lib/endpoints/twilio-webhook';
import { afterForward } from '../lib/voice/dial-outcome';

export const handler = twilioWebhook((params, context) => afterForward(params, loadConfig(context)));
