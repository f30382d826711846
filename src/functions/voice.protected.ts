/**
 * POST /voice — the Voice URL of the TwiML App and of the team number (design §4): browser calls
 * go to a teammate or an allowed phone number; calls to the team number ring everyone.
 */
import { loadConfig } from '../lib/config';
import { twilioWebhook } from '../lib/twilio-webhook';
import { answerCall } from '../lib/voice';

export const handler = twilioWebhook((params, context) => answerCall(params, loadConfig(context)));
