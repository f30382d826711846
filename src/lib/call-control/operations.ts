/**
 * What each button does, as REST requests on the call's conference (`sb-<root>`, names.ts).
 * Every operation first checks the state it needs and refuses (ControlRefusal) before touching
 * anything, so a refused request leaves the call exactly as it was. See README "Hold and transfer".
 */
import { callStateOf, type ControlAction, type ControlReply } from '../contract/call-control';
import type { IncomingCallDetails } from '../contract/call-parameters';
import { isTeammateLeg } from '../records/call-family';
import type { Config } from '../config/config';
import { CLIENT_PREFIX } from '../runtime/event';
import { webhookUrl } from '../runtime/webhook-signature';
import type { ControlApi, LegRecord, ParticipantRecord } from './control-api';
import { ControlRefusal } from './control-refusal';
import { consultedBy } from './conference-rules';
import { conferenceCallback, transferDial } from './control-twiml';
import { currentConference, ensureConference, MOVE_TIMING, type LiveConference, type MoveTiming } from './conference-move';
import { PATHS } from './names';
import { callerAddress, type Party } from './party';
import { partyOf, tellTeammates } from './party-news';
import { resolveTarget } from './transfer-target';
import { follow, type HoldFollowers } from './hold-followers';

export interface ControlContext {
  readonly api: ControlApi;
  readonly config: Pick<Config, 'team' | 'allowedCountries' | 'callerId' | 'ringTimeout'>;
  /** DOMAIN_NAME: where Twilio finds our webhooks and hold music. */
  readonly domain: string;
  readonly timing?: MoveTiming;
  readonly hold?: HoldFollowers;
  /** Who is on do-not-disturb: a transfer or consultation to them is refused. */
  readonly away?: () => Promise<ReadonlySet<string>>;
}

/** The parties besides the teammate, split into held ones and the others. */
function sides(conference: LiveConference, party: Party) {
  const others = conference.participants.filter((p) => p.callSid !== party.leg.sid);
  return { others, held: others.filter((p) => p.hold), unheld: others.filter((p) => !p.hold) };
}

/** The state the teammate sees in `conference` as read at `at`: who else is there, held or not. */
export function stateOf(conference: LiveConference | undefined, party: Party, at: number): ControlReply {
  if (!conference) return { state: 'talking', parties: [], at };
  const parties = sides(conference, party).others.map(partyOf);
  const own = conference.participants.find((p) => p.callSid === party.leg.sid);
  return { state: callStateOf(parties, { hold: own?.hold ?? false, consultedBy: consultedBy(party.leg) }), parties, at };
}

/** The party's conference read now, as its answer; the other teammates in it are told the same reading (party-news.ts). */
async function answerNow(api: ControlApi, party: Party): Promise<ControlReply> {
  const at = Date.now();
  const conference = await currentConference(api, party);
  if (conference) await tellTeammates(api, conference.participants, at, [party.leg.sid]);
  return stateOf(conference, party, at);
}

/** The one other party of a two-party call; anything else is a state this operation does not fit. */
function onlyOther(conference: LiveConference, party: Party): ParticipantRecord {
  const { others } = sides(conference, party);
  if (others.length !== 1) throw new ControlRefusal(409, 'SB_CALL_STATE');
  return others[0];
}

/**
 * The party's consultation under way: its conference, the held caller and the consulted teammate,
 * who may still be ringing unless `answered` is asked for. Anything else is a state this operation does not fit.
 */
async function consultation(context: ControlContext, party: Party, { answered = false } = {}): Promise<{ conference: LiveConference; caller: ParticipantRecord; consulted: ParticipantRecord }> {
  const conference = await currentConference(context.api, party);
  if (!conference) throw new ControlRefusal(409, 'SB_CALL_STATE');
  const { held, unheld } = sides(conference, party);
  if (held.length !== 1 || unheld.length !== 1 || (answered && unheld[0].status !== 'connected')) throw new ControlRefusal(409, 'SB_CALL_STATE');
  // Only the teammate who consults ends the consultation: the one consulted sees the same sides.
  if (consultedBy(await context.api.fetchCall(unheld[0].callSid)) !== party.identity) throw new ControlRefusal(409, 'SB_CALL_STATE');
  return { conference, caller: held[0], consulted: unheld[0] };
}

/**
 * Refuses a teammate who is in a call already (their page would drop a second call silently).
 * Calls from them that are not their own leg (a consultation they placed, which goes on with the
 * teammate who took the call over) do not count.
 */
async function refuseBusy(api: ControlApi, identity: string): Promise<void> {
  const address = CLIENT_PREFIX + identity;
  const [to, from] = await Promise.all([api.liveCallsTo(address), api.liveCallsFrom(address)]);
  if (to.length || from.some((call) => isTeammateLeg(call, identity))) throw new ControlRefusal(409, 'SB_TARGET_BUSY');
}

/** The other party's call, in progress; a call that ended meanwhile is refused. */
async function liveCall(api: ControlApi, other: ParticipantRecord): Promise<LegRecord> {
  const call = await api.fetchCall(other.callSid);
  if (!call || call.status !== 'in-progress') throw new ControlRefusal(409, 'SB_CALL_ENDED');
  return call;
}

/**
 * What the target's page shows while it rings: the teammate who transferred or consults
 * (`by` names which), and the caller's number (or teammate) and name.
 */
function callerDetails(caller: LegRecord, by: 'transferredBy' | 'consultedBy', identity: string): IncomingCallDetails {
  const details: IncomingCallDetails = { [by]: identity, callerNumber: callerAddress(caller).replace(CLIENT_PREFIX, '') };
  return caller.callerName ? { ...details, callerName: caller.callerName } : details;
}

/**
 * `To` of a Participants create ringing `identity`'s page with `details` as its custom
 * parameters (`client:bob?consultedBy=alice&…`, as Twilio documents for Client identifiers),
 * percent-encoded (a space as %20, which every decoder reads alike, not `+`).
 */
function clientWithParameters(identity: string, details: IncomingCallDetails): string {
  const query = Object.entries(details).map(([name, value = '']) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`);
  return `${CLIENT_PREFIX}${identity}?${query.join('&')}`;
}

/**
 * The party's conference for a transfer or consultation, after the target teammate (if any) was
 * found free. The checks read in parallel; the call is moved only once they all passed.
 */
async function checkedConference(context: ControlContext, party: Party, teammate: string | undefined): Promise<LiveConference> {
  if (teammate && (await context.away?.())?.has(teammate)) throw new ControlRefusal(409, 'SB_TEAMMATE_DND');
  const [conference] = await Promise.all([currentConference(context.api, party), teammate ? refuseBusy(context.api, teammate) : undefined]);
  return conference ?? ensureConference(context.api, party, context.domain, context.timing ?? MOVE_TIMING);
}

/** Runs `action` for `party`; `target` is the teammate or number of a transfer or consultation. */
export async function runControl(context: ControlContext, party: Party, action: ControlAction, target = ''): Promise<ControlReply> {
  const { api, config, domain } = context;
  const timing = context.timing ?? MOVE_TIMING;
  const holdMusic = { holdUrl: webhookUrl(domain, PATHS.holdMusic), holdMethod: 'POST' as const };
  switch (action) {
    case 'status': {
      const at = Date.now();
      return stateOf(await currentConference(api, party), party, at);
    }
    case 'hold': {
      const conference = await ensureConference(api, party, domain, timing);
      const other = onlyOther(conference, party);
      if (!other.hold) await api.updateParticipant(conference.sid, other.callSid, { hold: true, ...holdMusic });
      await follow(context.hold, 'held', party);
      return answerNow(api, party);
    }
    case 'resume': {
      const conference = await currentConference(api, party);
      if (!conference) return stateOf(undefined, party, Date.now()); // never held: nothing to resume
      const other = onlyOther(conference, party);
      if (other.hold) await api.updateParticipant(conference.sid, other.callSid, { hold: false });
      await follow(context.hold, 'unheld', party);
      return answerNow(api, party);
    }
    case 'transfer': {
      const resolved = resolveTarget(target, party.identity, config);
      const conference = await checkedConference(context, party, 'identity' in resolved ? resolved.identity : undefined);
      const other = onlyOther(conference, party);
      const parameters = callerDetails(await liveCall(api, other), 'transferredBy', party.identity);
      const dial = transferDial('identity' in resolved ? { identity: resolved.identity, parameters } : resolved, { callerId: config.callerId, timeout: config.ringTimeout, domain });
      // The caller leaves the conference to ring the target: that must not end it for the teammate.
      await api.updateParticipant(conference.sid, other.callSid, { endConferenceOnExit: false });
      await api.updateCall(other.callSid, { twiml: dial.toString() });
      return { state: 'transferring', parties: [], at: Date.now() };
    }
    case 'consult': {
      const resolved = resolveTarget(target, party.identity, config);
      if (!('identity' in resolved)) throw new ControlRefusal(409, 'SB_TEAMMATE');
      const conference = await checkedConference(context, party, resolved.identity);
      const other = onlyOther(conference, party);
      const details = callerDetails(await liveCall(api, other), 'consultedBy', party.identity);
      if (!other.hold) await api.updateParticipant(conference.sid, other.callSid, { hold: true, ...holdMusic });
      await follow(context.hold, 'held', party);
      // From the consulting teammate: the call history tells the consultation by it (call-family.ts).
      const to = clientWithParameters(resolved.identity, details);
      const callback = conferenceCallback(domain);
      await api.addParticipant(conference.sid, {
        from: CLIENT_PREFIX + party.identity,
        to,
        label: resolved.identity,
        timeout: config.ringTimeout,
        endConferenceOnExit: false,
        conferenceStatusCallback: callback.url,
        conferenceStatusCallbackEvent: callback.events,
        // Unanswered, it never joins (so never leaves): its end is heard here instead; its answer
        // and end also put the consulted teammate on a call and back (/conference-status notes both).
        statusCallback: callback.url,
        statusCallbackEvent: ['answered', 'completed'],
      });
      return answerNow(api, party);
    }
    case 'complete': {
      // No teammate ends the conference by leaving (conference-rules.ts): bob stays with the caller.
      const { conference, caller } = await consultation(context, party, { answered: true });
      await api.updateParticipant(conference.sid, caller.callSid, { hold: false });
      await follow(context.hold, 'unheld', party);
      await api.updateCall(party.leg.sid, { status: 'completed' });
      return { state: 'transferred', parties: [], at: Date.now() };
    }
    case 'cancel': {
      const { conference, caller, consulted } = await consultation(context, party);
      await api.removeParticipant(conference.sid, consulted.callSid);
      await api.updateParticipant(conference.sid, caller.callSid, { hold: false });
      await follow(context.hold, 'unheld', party);
      return answerNow(api, party);
    }
    case 'merge': {
      const { conference, caller } = await consultation(context, party, { answered: true });
      await api.updateParticipant(conference.sid, caller.callSid, { hold: false });
      await follow(context.hold, 'unheld', party);
      return answerNow(api, party);
    }
  }
}
