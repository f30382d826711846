/**
 * POST /hold-music — the `HoldUrl` and `waitUrl` of a call's conference: our generated hold music
 * (assets, build/hold-music.ts), looped.
 */
import { holdMusic } from '../lib/call-control/control-twiml';
import { twilioWebhook } from '../lib/endpoints/twilio-webhook';

export const handler = twilioWebhook((_params, context) => holdMusic(context.DOMAIN_NAME));
