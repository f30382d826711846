/**
 * Who may control a call: a teammate who is a live party of it, as Twilio's REST API says, never
 * as the page says. The page names its own leg (the SDK's CallSid); that leg must be in progress
 * and be the teammate's own (`To` is `client:<identity>`, or `From` of their browser's own call:
 * isTeammateLeg). A guessed SID of someone else's call, such as the leg of a teammate they are
 * consulting, is refused exactly like one that does not exist.
 */
import { isTeammateLeg } from '../records/call-family';
import type { ControlApi, LegRecord } from './control-api';
import { ControlRefusal } from './control-refusal';
import { CALL_SID } from '../records/rest-records';
import { rootOf, rootOfConference } from './names';

/** The caller's own address (a number, or `client:` a teammate), whichever way the call was placed. */
export const callerAddress = (caller: LegRecord): string => (caller.parentCallSid ? caller.to : caller.from);

/** A teammate and their leg of a call, with the leg that ran the call's `<Dial>`. */
export interface Party {
  readonly identity: string;
  readonly leg: LegRecord;
  /** The CallSid the call's conference is named after (names.ts). */
  readonly root: string;
}

/**
 * A leg created by the Participants API (a consultation) has no parent: its conference is the
 * live `sb-…` conference it is a participant of.
 */
async function rootOfApiLeg(api: ControlApi, leg: LegRecord): Promise<string | undefined> {
  for (const conference of await api.liveConferences()) {
    const root = rootOfConference(conference.friendlyName);
    if (!root) continue;
    const participants = await api.participants(conference.sid);
    if (participants.some((p) => p.callSid === leg.sid)) return root;
  }
  return undefined;
}

/** The teammate's live party in the call of `callSid`, or a ControlRefusal (403 not theirs, 409 ended). */
export async function checkParty(api: ControlApi, identity: string, callSid: string): Promise<Party> {
  if (!CALL_SID.test(callSid)) throw new ControlRefusal(403, 'SB_NOT_IN_CALL');
  const leg = await api.fetchCall(callSid);
  if (!leg || !isTeammateLeg(leg, identity)) throw new ControlRefusal(403, 'SB_NOT_IN_CALL');
  if (leg.status !== 'in-progress') throw new ControlRefusal(409, 'SB_CALL_ENDED');
  const root = leg.direction === 'outbound-api' && !leg.parentCallSid ? await rootOfApiLeg(api, leg) : rootOf(leg);
  if (!root) throw new ControlRefusal(409, 'SB_CALL_ENDED');
  return { identity, leg, root };
}
