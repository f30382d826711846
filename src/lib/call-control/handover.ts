/**
 * The webhooks' side of hold and transfer. Each decides from the signed parameters and Twilio's
 * REST API alone (no state of our own, query-free URLs):
 * - a `<Dial action>` (/dial-complete, /transfer-complete) whose dialled leg was moved into the
 *   conference joins the dialler to the same conference;
 * - /transfer-complete after an unanswered transfer takes the caller back to the conference where
 *   the transferring teammate waits, or to voicemail when nobody is left there: never dropped;
 * - /transfer-answered (the target's whisper `url`) ends the transferring teammate's leg.
 */
import type VoiceResponse from 'twilio/lib/twiml/VoiceResponse';
import type { Config } from '../config';
import { afterDial } from '../dial-outcome';
import { param } from '../event';
import { emptyResponse, hangup } from '../twiml';
import { voicemailPrompt } from '../voicemail-twiml';
import type { ControlApi } from './control-api';
import { joinConference } from './control-twiml';
import { CALL_SID, conferenceName, labelOf, rootOf } from './names';

type HandoverConfig = Parameters<typeof afterDial>[1];

/** True when the `<Dial>` ended because its dialled leg was moved out of the bridge and still goes on. */
async function handedOver(api: ControlApi, params: Record<string, unknown>): Promise<boolean> {
  const status = param(params, 'DialCallStatus');
  const dialled = param(params, 'DialCallSid');
  if ((status !== 'completed' && status !== 'answered') || !CALL_SID.test(dialled)) return false;
  return (await api.fetchCall(dialled))?.status === 'in-progress';
}

/** The dialler follows its dialled leg into the conference named after it (the action's CallSid). */
function followIntoConference(params: Record<string, unknown>, domain: string): VoiceResponse {
  return joinConference(conferenceName(param(params, 'CallSid')), labelOf(param(params, 'From')), domain);
}

/** `<Dial action>` of /voice: a handover joins the conference; anything else as before (dial-outcome.ts). */
export async function afterDialOrHandover(params: Record<string, unknown>, config: HandoverConfig, api: ControlApi, domain: string): Promise<VoiceResponse> {
  return (await handedOver(api, params)) ? followIntoConference(params, domain) : afterDial(params, config);
}

/** `<Dial action>` of a cold transfer's dial, on the caller's leg. */
export async function afterTransferDial(
  params: Record<string, unknown>,
  config: Pick<Config, 'voicemailGreeting' | 'voicemailMaxSeconds'>,
  api: ControlApi,
  domain: string,
): Promise<VoiceResponse> {
  if (await handedOver(api, params)) return followIntoConference(params, domain);
  const status = param(params, 'DialCallStatus');
  if (status === 'completed' || status === 'answered' || status === 'canceled') return hangup();
  // Not answered, busy or failed: back to whoever still waits in the call's conference.
  const name = conferenceName(param(params, 'ParentCallSid') || param(params, 'CallSid'));
  const conference = await api.liveConference(name);
  const waiting = conference ? (await api.participants(conference)).some((p) => p.status === 'connected') : false;
  return waiting ? joinConference(name, labelOf(param(params, 'From')), domain) : voicemailPrompt(config);
}

/**
 * The target answered (whisper on its leg; `ParentCallSid` is the caller's leg): the teammates
 * still in the call's conference leave it, which ends their calls. Nothing is played to the target.
 */
export async function transferAnswered(params: Record<string, unknown>, api: ControlApi): Promise<VoiceResponse> {
  const callerLeg = param(params, 'ParentCallSid');
  const caller = CALL_SID.test(callerLeg) ? await api.fetchCall(callerLeg) : undefined;
  const conference = caller ? await api.liveConference(conferenceName(rootOf(caller))) : undefined;
  if (conference) {
    for (const participant of await api.participants(conference)) await api.updateCall(participant.callSid, { status: 'completed' });
  }
  return emptyResponse();
}
