/**
 * POST /transfer-answered — the whisper `url` of a cold transfer's target: the target answered,
 * so the transferring teammate's leg ends (call-control/handover.ts); the target hears nothing.
 */
import { functionControlApi } from '../lib/call-control/control-api';
import { transferAnswered } from '../lib/call-control/handover';
import { twilioWebhook } from '../lib/endpoints/twilio-webhook';

export const handler = twilioWebhook((params, context) => transferAnswered(params, functionControlApi(context)));
