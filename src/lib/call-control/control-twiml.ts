/**
 * The TwiML of hold and transfer: joining a call's conference, the dial of a cold transfer, and
 * hold music. Inline TwiML of a REST update has no document URL to resolve against, so every URL
 * here is absolute, built from the deployment's domain.
 */
import VoiceResponse from 'twilio/lib/twiml/VoiceResponse';
import { webhookUrl } from '../runtime/webhook-signature';
import type { IncomingCallDetails } from '../contract/call-parameters';
import { LEG_STATUS_PATH, legStatus, xmlText } from '../voice/twiml';
import { CONFERENCE_EVENTS } from './conference-status';
import { CALLER_LABEL, HOLD_MUSIC_FILE, PATHS } from './names';

/** The conference status callback every join carries (only the first participant's counts in Twilio). */
export function conferenceCallback(domain: string) {
  return { url: webhookUrl(domain, PATHS.conferenceStatus), events: [...CONFERENCE_EVENTS] };
}

/**
 * A party joins the call's conference. It starts the conference at once (no wait music for a
 * call already under way). The caller ends it by leaving, as hanging up ends a plain call (a cold
 * transfer lifts that before it moves them: Participants update `EndConferenceOnExit=false`); a
 * teammate does not: /conference-status decides what their leaving means (conference-rules.ts).
 */
export function joinConference(name: string, label: string, domain: string): VoiceResponse {
  const response = new VoiceResponse();
  const callback = conferenceCallback(domain);
  response.dial().conference(
    {
      participantLabel: label,
      startConferenceOnEnter: true,
      endConferenceOnExit: label === CALLER_LABEL,
      beep: 'false',
      waitUrl: webhookUrl(domain, PATHS.holdMusic),
      waitMethod: 'POST',
      statusCallback: callback.url,
      statusCallbackMethod: 'POST',
      statusCallbackEvent: callback.events,
    },
    name,
  );
  return response;
}

/** Who a cold transfer rings: a teammate (with what their page shows) or a vetted E.164 number. */
export type TransferTarget = { identity: string; parameters: IncomingCallDetails } | { e164: string };

/**
 * The caller's leg dials the target itself, as an ordinary call (no 1 call/s queue, ringback for
 * the caller). On answer, `/transfer-answered` (the noun's `url`) ends the transferring teammate's
 * leg; whatever the outcome, `/transfer-complete` (the `action`) decides what comes next.
 */
export function transferDial(target: TransferTarget, options: { callerId: string; timeout: number; domain: string }): VoiceResponse {
  const response = new VoiceResponse();
  const answered = webhookUrl(options.domain, PATHS.transferAnswered);
  // As every dialled leg: whom it rings is on a call from its answer to its end (presence, the history's marker).
  const status = legStatus(webhookUrl(options.domain, LEG_STATUS_PATH));
  const dial = response.dial({
    answerOnBridge: true,
    timeout: options.timeout,
    action: webhookUrl(options.domain, PATHS.transferComplete),
    ...('e164' in target ? { callerId: options.callerId } : {}),
  });
  if ('e164' in target) {
    dial.number({ url: answered, ...status }, target.e164);
    return response;
  }
  const client = dial.client({ url: answered, ...status });
  client.identity(target.identity);
  for (const [name, value] of Object.entries(target.parameters)) if (value) client.parameter({ name, value: xmlText(value) });
  return response;
}

/** What a held party hears: the generated hold music from our assets, looped. */
export function holdMusic(domain: string): VoiceResponse {
  const response = new VoiceResponse();
  response.play({ loop: 0 }, webhookUrl(domain, HOLD_MUSIC_FILE));
  return response;
}
