/**
 * The webhooks' side of hold and transfer. Each decides from the signed parameters and Twilio's
 * REST API alone (no state of our own, query-free URLs):
 * - a `<Dial action>` (/dial-complete, /transfer-complete) whose dialled leg was moved into the
 *   conference joins the dialler to the same conference;
 * - /transfer-complete after an unanswered transfer takes the caller back to the conference where
 *   the transferring teammate waits, rings them again if they left, or else voicemail: never dropped;
 * - /transfer-answered (the target's whisper `url`) ends the transferring teammate's leg.
 */
import type VoiceResponse from 'twilio/lib/twiml/VoiceResponse';
import { callerNumber } from '../voice/caller-info';
import type { Config } from '../config/config';
import { afterDial, dialEnded } from '../voice/dial-outcome';
import { clientIdentity, param } from '../runtime/event';
import { emptyResponse, hangup, ringGroup, sayThen } from '../voice/twiml';
import { voicemailPrompt } from '../voice/voicemail-twiml';
import type { ControlApi } from './control-api';
import { follow, type HoldFollowers } from './hold-followers';
import { joinConference } from './control-twiml';
import { CALL_SID } from '../records/rest-records';
import { conferenceName, labelOfLeg, rootOf } from './names';
import { announcements } from '../voice/recording-notice';

type HandoverConfig = Parameters<typeof afterDial>[1];

/** Statuses of a leg that was answered. */
const ANSWERED = new Set(['in-progress', 'completed']);

/** True when the `<Dial>` ended because its dialled leg was moved out of the bridge and still goes on. */
async function handedOver(api: ControlApi, params: Record<string, unknown>): Promise<boolean> {
  const status = param(params, 'DialCallStatus');
  const dialled = param(params, 'DialCallSid');
  if ((status !== 'completed' && status !== 'answered') || !CALL_SID.test(dialled)) return false;
  // Twilio unreachable: an ordinary call's end must still hang up, not apologise.
  return (await api.fetchCall(dialled).catch(() => undefined))?.status === 'in-progress';
}

/** The leg a webhook is about, as its participant label (names.ts). */
const legLabel = (params: Record<string, unknown>) => labelOfLeg({ ParentCallSid: param(params, 'ParentCallSid'), From: param(params, 'From'), To: param(params, 'To') });

/** The dialler follows its dialled leg into the conference named after it (the action's CallSid). */
function followIntoConference(params: Record<string, unknown>, domain: string): VoiceResponse {
  return joinConference(conferenceName(param(params, 'CallSid')), legLabel(params), domain);
}

/**
 * What every `<Dial action>` answers first: a dial that ended because a teammate moved the call
 * into its conference follows it there; anything else is `otherwise`'s (the action's own answer).
 */
export async function followOr(params: Record<string, unknown>, api: ControlApi, domain: string, otherwise: () => VoiceResponse | Promise<VoiceResponse>): Promise<VoiceResponse> {
  return (await handedOver(api, params)) ? followIntoConference(params, domain) : otherwise();
}

/** `<Dial action>` of /voice: a handover joins the conference; anything else as before (dial-outcome.ts). */
export function afterDialOrHandover(params: Record<string, unknown>, config: HandoverConfig, api: ControlApi, domain: string): Promise<VoiceResponse> {
  return followOr(params, api, domain, () => afterDial(params, config));
}

/**
 * The teammate who transferred the caller's leg, from Twilio's records: the browser that dialled
 * it, or else the last teammate's leg it dialled that was answered (not the target that failed).
 */
async function transferringTeammate(api: ControlApi, params: Record<string, unknown>, team: Config['team']): Promise<string | undefined> {
  const dialler = param(params, 'ParentCallSid');
  const candidates = CALL_SID.test(dialler)
    ? [(await api.fetchCall(dialler))?.from ?? '']
    : (await api.children(param(params, 'CallSid')))
        .filter((leg) => leg.sid !== param(params, 'DialCallSid') && ANSWERED.has(leg.status))
        .map((leg) => leg.to)
        .reverse();
  return candidates.map(clientIdentity).find((identity) => identity !== undefined && team.has(identity));
}

type TransferConfig = Pick<Config, 'voicemailGreeting' | 'voicemailMaxSeconds' | 'team' | 'ringTimeout' | 'recordCalls' | 'recordingNotice'>;

/**
 * `<Dial action>` of a cold transfer's dial, on the caller's leg: a handover joins the conference;
 * after a conversation (or a caller who left) it hangs up; anything else is `unansweredTransfer`.
 */
export function afterTransferDial(params: Record<string, unknown>, config: TransferConfig, api: ControlApi, domain: string, hold?: HoldFollowers): Promise<VoiceResponse> {
  return followOr(params, api, domain, () => (dialEnded(params) ? hangup() : unansweredTransfer(params, config, api, domain, hold)));
}

/**
 * A transfer nobody took (no answer, busy, failed): back to the transferring teammate waiting in
 * the call's conference; if they left, ring them again (then /dial-complete: voicemail when they
 * do not answer); with nobody to ring, voicemail.
 */
async function unansweredTransfer(params: Record<string, unknown>, config: TransferConfig, api: ControlApi, domain: string, hold?: HoldFollowers): Promise<VoiceResponse> {
  const root = param(params, 'ParentCallSid') || param(params, 'CallSid');
  const name = conferenceName(root);
  const conference = await api.liveConference(name);
  const waiting = conference ? (await api.participants(conference)).some((p) => p.status === 'connected') : false;
  if (waiting) {
    // Back with the teammate, not on hold: a recording the hold paused goes on.
    const caller = await api.fetchCall(param(params, 'CallSid'));
    if (caller) await follow(hold, 'unheld', { leg: caller, root });
    return joinConference(name, legLabel(params), domain);
  }
  const teammate = await transferringTeammate(api, params, config.team);
  return teammate ? ringGroup([teammate], { callerNumber: callerNumber(params) }, config.ringTimeout, undefined, { answerUrl: announcements(config).answerUrl }) : voicemailPrompt(config);
}

/**
 * The target answered (whisper on its leg; `ParentCallSid` is the caller's leg): the teammates
 * still in the call's conference leave it, which ends their calls, and a recording the hold paused
 * goes on. The target hears `notice` (the recording notice, if calls may be recorded), else nothing.
 */
export async function transferAnswered(params: Record<string, unknown>, api: ControlApi, notice?: string, hold?: HoldFollowers): Promise<VoiceResponse> {
  const callerLeg = param(params, 'ParentCallSid');
  const caller = CALL_SID.test(callerLeg) ? await api.fetchCall(callerLeg) : undefined;
  const conference = caller ? await api.liveConference(conferenceName(rootOf(caller))) : undefined;
  if (conference) {
    // The caller left the conference to ring the target; never hang up its leg, however late the leave shows.
    for (const participant of await api.participants(conference)) if (participant.callSid !== callerLeg) await api.updateCall(participant.callSid, { status: 'completed' });
  }
  if (caller) await follow(hold, 'unheld', { leg: caller, root: rootOf(caller) });
  return notice ? sayThen(notice) : emptyResponse();
}
