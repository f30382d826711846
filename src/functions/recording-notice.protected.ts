/**
 * POST /recording-notice — the whisper `url` of every dialled teammate and phone while calls may
 * be recorded (RECORD_CALLS on-demand or always): the answering party hears RECORDING_NOTICE
 * before the bridge (voice/recording-notice.ts says who), and with RECORD_CALLS=always the call's
 * recording starts now, from its answer (recording/recording-control.ts). A failed start is
 * logged; the call is connected all the same.
 */
import { loadConfig } from '../lib/config/config';
import { twilioWebhook } from '../lib/endpoints/twilio-webhook';
import { recordingContext } from '../lib/recording/recording-context';
import { recordOnAnswer } from '../lib/recording/recording-control';
import { answeredLeg } from '../lib/recording/recorded-leg';
import { logEvent, twilioClient } from '../lib/runtime/serverless';
import { answerNotice } from '../lib/voice/recording-notice';
import { emptyResponse, sayThen } from '../lib/voice/twiml';

export const handler = twilioWebhook(async (params, context) => {
  const config = loadConfig(context);
  const side = answeredLeg(params);
  if (side) {
    await recordOnAnswer(
      recordingContext(() => twilioClient(context), config, context.DOMAIN_NAME),
      side,
    ).catch((error: Error) => logEvent('call-recording-error', { callSid: side.leg.sid, action: 'start on answer', message: String(error?.message ?? error).slice(0, 300) }));
  }
  const notice = answerNotice(config, params);
  return notice ? sayThen(notice) : emptyResponse();
});
