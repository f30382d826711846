/**
 * Calls to the team from a simulated phone (a protocol client), and the voicemail `<Record>`
 * would leave on one: what e2e tests and the page bench put in Twilio's records.
 */
import type { Simulator } from '../../simulator';
import { beep } from '../../simulator/media/audio';
import { phoneIdentity } from '../../simulator/calls/phone-numbers';
import { placeCall, settledCall, tokenFor } from '../simulator/helpers';
import { PStreamClient } from './pstream-client';
import { postWebhook } from './webhook';

/** A registered simulated phone for `number`. */
export function phoneFor(sim: Simulator, number: string): Promise<PStreamClient> {
  return PStreamClient.registered(sim.url, tokenFor(sim, phoneIdentity(number)));
}

/** `phone` (the one of `number`) calls the team number; returns the parent CallSid from the simulator's log. */
export function callTeam(sim: Simulator, phone: PStreamClient, number: string): Promise<string> {
  return placeCall(sim, phone, sim.teamNumber, number);
}

/** Resolves when the call and all its legs have ended. */
export function callEnded(sim: Simulator, sid: string): Promise<unknown> {
  return settledCall(sim, sid, (c) => !!c.endedAt && c.legs.every((l) => !!l.endedAt), 30_000);
}

/**
 * `phone` calls the team; nobody answers, and the caller hangs up once the ring is over (the
 * `<Dial action>` ran: voicemail begins), leaving no message. Resolves with the parent CallSid
 * once the call ended: one missed call in Twilio's records.
 */
export async function missedCall(sim: Simulator, phone: PStreamClient, number: string): Promise<string> {
  const sid = await callTeam(sim, phone, number);
  await settledCall(sim, sid, (c) => c.webhooks.some((w) => w.kind === 'action'), 30_000);
  phone.send('hangup', { callsid: sid });
  await callEnded(sim, sid);
  return sid;
}

/**
 * Stores the recording `<Record>` leaves on the voicemail of call `callSid` (a `seconds` long
 * tone, ending now but never beginning before its call did), and posts its recording status
 * callback to the Functions, as Twilio does once it is kept.
 */
export async function leaveVoicemail(sim: Simulator, callSid: string, seconds: number): Promise<string> {
  const callStarted = Date.parse(sim.calls().find((call) => call.sid === callSid)?.startedAt ?? '') || 0;
  const startedAt = new Date(Math.max(Date.now() - seconds * 1000, callStarted));
  const { sid } = sim.recordings.add({ callSid, source: 'RecordVerb', status: 'completed', startedAt, pcm: beep(seconds * 1000) });
  const callback = { AccountSid: sim.env.ACCOUNT_SID, CallSid: callSid, RecordingSid: sid, RecordingStatus: 'completed', RecordingDuration: String(seconds), RecordingSource: 'RecordVerb' };
  const answer = await postWebhook(`${sim.url}/recording-status`, callback, { authToken: sim.env.AUTH_TOKEN });
  if (answer.status !== 200) throw new Error(`/recording-status answered ${answer.status}`);
  return sid;
}
