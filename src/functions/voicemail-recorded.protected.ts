/**
 * POST /voicemail-recorded — the `<Record action>` of voicemail: thanks the caller and hangs up.
 * Twilio calls it also when the caller hung up while speaking; the message is kept either way.
 */
import { twilioWebhook } from '../lib/endpoints/twilio-webhook';
import { afterVoicemail } from '../lib/voice/voicemail-twiml';

export const handler = twilioWebhook((params) => afterVoicemail(params));
