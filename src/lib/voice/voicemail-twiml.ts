/**
 * Voicemail: what a caller nobody took hears and does. The team's greeting, a beep, a
 * `<Record>` ended by `#`, silence, hanging up or VOICEMAIL_MAX_SECONDS, then thanks and goodbye.
 * Twilio keeps the recording on the account; /voicemail lists it for the whole team.
 */
import VoiceResponse from 'twilio/lib/twiml/VoiceResponse';
import type { Config } from '../config/config';
import { param } from '../runtime/event';
import { SAY, sayAndHangup, xmlText } from './twiml';
import { webhookUrl } from '../runtime/webhook-signature';

/** `<Record action>`: thanks the caller once the message is stored (a Function of its own). */
export const VOICEMAIL_RECORDED_PATH = '/voicemail-recorded';
/** `<Record recordingStatusCallback>`: logs each recording's fate (a Function of its own). */
export const RECORDING_STATUS_PATH = '/recording-status';
/** Seconds of silence after which Twilio ends the message (its default, said explicitly). */
export const VOICEMAIL_SILENCE_SECONDS = 5;

/**
 * Greeting, beep, `<Record>`; after an empty recording Twilio skips the action and goes on to the
 * goodbye. With `domain`, its URLs are absolute: inline TwiML of a REST update has no URL to resolve against.
 */
export function voicemailPrompt(config: Pick<Config, 'voicemailGreeting' | 'voicemailMaxSeconds'>, domain?: string): VoiceResponse {
  const at = (path: string) => (domain ? webhookUrl(domain, path) : path);
  const response = new VoiceResponse();
  response.say(xmlText(config.voicemailGreeting));
  response.record({
    action: at(VOICEMAIL_RECORDED_PATH),
    method: 'POST',
    maxLength: config.voicemailMaxSeconds,
    playBeep: true,
    finishOnKey: '#',
    timeout: VOICEMAIL_SILENCE_SECONDS,
    trim: 'trim-silence',
    recordingStatusCallback: at(RECORDING_STATUS_PATH),
    recordingStatusCallbackMethod: 'POST',
    // "absent": a silent message leaves no recording, and the log says so.
    recordingStatusCallbackEvent: ['completed', 'absent'],
  });
  response.say(SAY.noMessage);
  response.hangup();
  return response;
}

/**
 * The `<Record action>`: thanks and goodbye. Twilio also calls it when the caller hung up while
 * speaking (the message is kept; the answer is not played to anyone), and should it ever arrive
 * without a recording, the caller hears that no message came rather than a thank-you.
 */
export function afterVoicemail(params: Record<string, unknown>): VoiceResponse {
  const recorded = param(params, 'RecordingSid') !== '' || Number(param(params, 'RecordingDuration')) > 0;
  return sayAndHangup(recorded ? SAY.voicemailThanks : SAY.noMessage);
}
