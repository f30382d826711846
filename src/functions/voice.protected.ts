/**
 * POST /voice — the Voice URL of the TwiML App and of the team number: browser calls
 * go to a teammate or an allowed phone number; calls to the team number follow routing.json
 * (hours, menu, groups) or ring everyone, in waves of at most 10; nobody on do-not-disturb rings.
 */
import { loadConfig } from '../lib/config/config';
import { loadRouting } from '../lib/routing/load';
import { twilioWebhook } from '../lib/endpoints/twilio-webhook';
import { answerCall } from '../lib/routing/voice-url';
import { functionStore } from '../lib/store/function-store';
import { onDoNotDisturb } from '../lib/team/do-not-disturb';

export const handler = twilioWebhook(async (params, context) => answerCall(params, loadConfig(context), loadRouting(), new Date(), await onDoNotDisturb(functionStore(context))));
