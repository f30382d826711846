import VoiceResponse from 'twilio/lib/twiml/VoiceResponse';
import type { IncomingCallDetails } from '../contract/call-parameters';
import type { Announcements } from './recording-notice';

/** Where every dialled leg reports when it is answered and when it ends (presence, the history's marker). */
export const LEG_STATUS_PATH = '/leg-status';
/** A dialled leg's status callback attributes, to `url` (absolute where the TwiML has no document URL to resolve against). */
export const legStatus = (url: string = LEG_STATUS_PATH) => ({ statusCallback: url, statusCallbackMethod: 'POST', statusCallbackEvent: ['answered', 'completed'] as ('answered' | 'completed')[] });

/** Where `<Dial action>` reports how a dial ended (a Function of its own). */
export const DIAL_COMPLETE_PATH = '/dial-complete';

/** Everything we say to callers, in one place. */
export const SAY = {
  fallback: "We're sorry, the team's phone line is having trouble right now. Please try again in a few minutes. Goodbye.",
  voicemailThanks: 'Thank you for your message. The team will call you back. Goodbye.',
  noMessage: 'We did not get a message. Goodbye.',
  noAnswer: 'Nobody answered. Goodbye.',
  busy: 'The line is busy. Goodbye.',
  failed: 'The call could not be connected. Goodbye.',
  notConfigured: "We're sorry, this phone line is not set up yet. Goodbye.",
  invalid: 'That number could not be dialled. Please check it and try again.',
  country: 'Calls to that country are not allowed from this line.',
  type: 'Calls to premium-rate or unknown number types are not allowed from this line.',
  noCallee: 'Enter a phone number or a teammate to call.',
  unknownTeammate: 'There is nobody on the team with that name.',
  teammateDnd: 'That teammate is on do not disturb. Please try again later.',
  notOnTeam: 'This phone line is for team members only. Goodbye.',
} as const;

/**
 * Characters XML 1.0 cannot carry, not even escaped (controls, lone surrogates, U+FFFE/FFFF). The
 * `twilio` builder escapes markup but passes these through, and Twilio refuses such TwiML (12100).
 */
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Caller-controlled text made safe for TwiML: markup is escaped by the builder, this drops what XML cannot hold. */
export function xmlText(text: string): string {
  return text.replace(NOT_XML_CHAR, '');
}

/** `<Say>` a sentence, then `<Hangup/>`. */
export function sayAndHangup(text: string): VoiceResponse {
  const response = new VoiceResponse();
  response.say(text);
  response.hangup();
  return response;
}

/** The Voice Fallback URL's answer: an apology, whatever went wrong. */
export function fallbackResponse(): VoiceResponse {
  return sayAndHangup(SAY.fallback);
}

/** `<Say>` a sentence and go on (a whisper: the call is bridged once it is said). */
export function sayThen(text: string): VoiceResponse {
  const response = new VoiceResponse();
  response.say(xmlText(text));
  return response;
}

/** An empty `<Response/>`, e.g. for status callbacks. */
export function emptyResponse(): VoiceResponse {
  return new VoiceResponse();
}

/** The `url` attribute of a dialled noun when its answering party hears something first. */
const answerUrl = (announce: Announcements) => (announce.answerUrl ? { url: announce.answerUrl } : {});

/** Browser → teammate: rings every device the teammate is signed in on. */
export function dialTeammate(identity: string, timeout: number, announce: Announcements = {}): VoiceResponse {
  const response = new VoiceResponse();
  response.dial({ answerOnBridge: true, timeout, action: DIAL_COMPLETE_PATH }).client({ ...legStatus(), ...answerUrl(announce) }, identity);
  return response;
}

/** Browser → phone: dials an already vetted E.164 number showing the team's number. */
export function dialPhone(e164: string, callerId: string, timeout: number, announce: Announcements = {}): VoiceResponse {
  const response = new VoiceResponse();
  response.dial({ answerOnBridge: true, callerId, timeout, action: DIAL_COMPLETE_PATH }).number({ ...legStatus(), ...answerUrl(announce) }, e164);
  return response;
}

/**
 * Phone → team number: rings these teammates at once with the caller's details; first answer
 * wins. `announce.notice` is said to the caller first (only the call's first ring passes it).
 */
export function ringGroup(identities: readonly string[], caller: IncomingCallDetails, timeout: number, action = DIAL_COMPLETE_PATH, announce: Announcements = {}): VoiceResponse {
  const response = new VoiceResponse();
  if (announce.notice) response.say(xmlText(announce.notice));
  const dial = response.dial({ answerOnBridge: true, timeout, action });
  for (const identity of identities) {
    const client = dial.client({ ...legStatus(), ...answerUrl(announce) });
    client.identity(identity);
    for (const [name, value] of Object.entries(caller)) if (value) client.parameter({ name, value });
  }
  return response;
}

/** Where the `<Dial>` to FORWARD_TO reports how it ended (a Function of its own). */
export const FORWARD_COMPLETE_PATH = '/forward-complete';

/** After the ring group: FORWARD_TO rings, and reports back so that a failed forward still reaches voicemail. */
export function forwardCall(forwardTo: string): VoiceResponse {
  const response = new VoiceResponse();
  response.dial({ action: FORWARD_COMPLETE_PATH }).number(forwardTo);
  return response;
}

/** Ends the caller's leg after a dial that was answered and finished. */
export function hangup(): VoiceResponse {
  const response = new VoiceResponse();
  response.hangup();
  return response;
}
