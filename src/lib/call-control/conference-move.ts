/**
 * Moving a call from its plain `<Dial>` bridge into its conference, the first time a teammate
 * holds or transfers it (ordinary calls never pay for a conference):
 * 1. `POST /Calls/{dialled leg}` `Twiml=<Dial><Conference participantLabel=…>sb-<root></Conference></Dial>`:
 *    the dialled leg leaves the bridge and joins the conference;
 * 2. the dialler's `<Dial>` ends `completed`, so Twilio requests its `action` (/dial-complete or
 *    /transfer-complete), which sees the dialled leg still in progress and answers the same
 *    `<Conference>` (handover.ts);
 * 3. here we wait (Participants list) until the teammate and the other party are both connected.
 */
import type { ControlApi, ParticipantRecord } from './control-api';
import { ControlRefusal } from './control-refusal';
import { joinConference } from './control-twiml';
import { conferenceName, labelOf } from './names';
import type { Party } from './party';

/** The conference a party is in now, with everyone in it. */
export interface LiveConference {
  readonly sid: string;
  readonly participants: readonly ParticipantRecord[];
}

export interface MoveTiming {
  /** Longest wait for both parties to be connected (a Function has 10 s in all). */
  waitMs: number;
  pollMs: number;
}

export const MOVE_TIMING: MoveTiming = { waitMs: 5000, pollMs: 150 };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The party's conference when it is in one with someone else connected, else undefined. */
export async function currentConference(api: ControlApi, party: Party): Promise<LiveConference | undefined> {
  const sid = await api.liveConference(conferenceName(party.root));
  if (!sid) return undefined;
  const participants = await api.participants(sid);
  const connected = participants.filter((p) => p.status === 'connected');
  const inIt = connected.some((p) => p.callSid === party.leg.sid);
  return inIt && connected.length > 1 ? { sid, participants } : undefined;
}

/** The party's conference, moving the call into it first if it is still a plain bridge. */
export async function ensureConference(api: ControlApi, party: Party, domain: string, timing: MoveTiming = MOVE_TIMING): Promise<LiveConference> {
  const already = await currentConference(api, party);
  if (already) return already;
  const name = conferenceName(party.root);
  if (!(await api.liveConference(name))) {
    // The teammate's own leg when it was dialled, else the leg their call dialled.
    const dialled = party.leg.parentCallSid ? party.leg : (await api.liveChildren(party.leg.sid))[0];
    if (!dialled) throw new ControlRefusal(409, 'SB_CALL_ENDED');
    await api.updateCall(dialled.sid, { twiml: joinConference(name, labelOf(dialled.to), domain).toString() });
  }
  for (const deadline = Date.now() + timing.waitMs; Date.now() < deadline; await sleep(timing.pollMs)) {
    const conference = await currentConference(api, party);
    if (conference) return conference;
  }
  throw new ControlRefusal(409, 'SB_CALL_ENDED');
}
