/**
 * POST /transfer-complete — the `<Dial action>` of a cold transfer's dial on the caller's leg:
 * answered and over → hang up; moved into a conference → follow it; unanswered → back to the
 * transferring teammate, or voicemail when they are gone (call-control/handover.ts).
 */
import { loadConfig } from '../lib/config/config';
import { functionControlApi } from '../lib/call-control/control-api';
import { afterTransferDial } from '../lib/call-control/handover';
import { twilioWebhook } from '../lib/endpoints/twilio-webhook';

export const handler = twilioWebhook((params, context) =>
  afterTransferDial(params, loadConfig(context), functionControlApi(context), context.DOMAIN_NAME),
);
