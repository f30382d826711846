/**
 * POST /transfer-answered — the whisper `url` of a cold transfer's target: the target answered,
 * so the transferring teammate's leg ends (call-control/handover.ts); the target hears nothing.
 */
import { twilioControlApi } from '../lib/call-control/control-api';
import { transferAnswered } from '../lib/call-control/handover';
import { REST_TIMEOUT_MS } from '../lib/data-endpoint';
import { twilioClient } from '../lib/runtime';
import { twilioWebhook } from '../lib/twilio-webhook';

export const handler = twilioWebhook((params, context) => transferAnswered(params, twilioControlApi(twilioClient(context, REST_TIMEOUT_MS))));
