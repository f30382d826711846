/**
 * Which leg of a call its recording is made on: the outside party's, so that the recording
 * follows the caller through holds, consultations and transfers (the leg lives on while teammates
 * come and go), the caller on the first channel and what they hear on the second. Read from
 * Twilio's records, the same from every teammate's side of the call:
 * - the call's root leg (the leg that ran the `<Dial>`, names.ts) when it is a phone's own call
 *   (a phone calling the team, or one the API placed) or itself a dialled leg (a phone a teammate
 *   called, now dialling a transfer target);
 * - when the root is a teammate's browser, the leg it dialled: the phone's, or on a call between
 *   teammates the answering teammate's;
 * - the root itself when it has dialled nobody live.
 */
import type { ControlApi, LegRecord } from '../call-control/control-api';
import { clientIdentity, param } from '../runtime/event';
import { CALL_SID } from '../records/rest-records';

/** A leg of a call and the root CallSid its conference would be named after (call-control's Party has both). */
export interface CallSide {
  readonly leg: LegRecord;
  readonly root: string;
}

/** True for a browser's own call (not a leg it dialled). */
const isBrowserCall = (leg: LegRecord) => !leg.parentCallSid && leg.direction === 'inbound' && clientIdentity(leg.from) !== undefined;

/** The leg the call of `side` is recorded on while it lasts, or undefined when the call is over. */
export async function recordedLeg(api: ControlApi, side: CallSide): Promise<LegRecord | undefined> {
  const root = side.root === side.leg.sid ? side.leg : await api.fetchCall(side.root);
  if (!root || (root.status !== 'in-progress' && root.status !== 'ringing')) return undefined;
  if (!isBrowserCall(root)) return root.status === 'in-progress' ? root : undefined;
  const dialled = await api.liveChildren(root.sid);
  return dialled.find((leg) => clientIdentity(leg.to) === undefined) ?? dialled[0] ?? (root.status === 'in-progress' ? root : undefined);
}

/** The leg a whisper's signed parameters are about (answered now, dialled by `ParentCallSid`), or undefined for malformed ones. */
export function answeredLeg(params: Record<string, unknown>): CallSide | undefined {
  const [sid, parent] = [param(params, 'CallSid'), param(params, 'ParentCallSid')];
  if (!CALL_SID.test(sid) || !CALL_SID.test(parent)) return undefined;
  const leg: LegRecord = { sid, parentCallSid: parent, from: param(params, 'From'), to: param(params, 'To'), status: 'in-progress', direction: 'outbound-dial', callerName: null };
  return { leg, root: parent };
}
