/**
 * The few REST operations hold and transfer need (Calls, Conferences, Participants, and messages
 * to the Voice SDK on a call), as a narrow interface: the Functions use `functionControlApi` (over
 * `context.getTwilioClient()`), unit tests a fake.
 */
import type { Twilio } from 'twilio';
import type { CallRecord } from '../records/rest-records';
import { unlessMissing } from '../records/rest-missing';
import { twilioClient, type FunctionContext } from '../runtime/serverless';

/** The fields of a Call resource that the party checks and sequences read. */
export type LegRecord = Pick<CallRecord, 'sid' | 'parentCallSid' | 'from' | 'to' | 'status' | 'direction' | 'callerName'>;

/** The fields of a conference Participant resource the sequences read. */
export interface ParticipantRecord {
  readonly callSid: string;
  readonly label: string | null;
  readonly hold: boolean;
  /** queued, connecting, ringing, connected, complete, failed */
  readonly status: string;
}

export interface ParticipantChange {
  hold?: boolean;
  holdUrl?: string;
  holdMethod?: 'POST';
  endConferenceOnExit?: boolean;
}

export interface NewParticipant {
  from: string;
  to: string;
  label: string;
  timeout: number;
  endConferenceOnExit: boolean;
  /** The conference's status callback, in case this participant starts it (only the first one counts). */
  conferenceStatusCallback: string;
  conferenceStatusCallbackEvent: string[];
  /** The participant's own call's status callback (its end: `completed`, whatever the outcome). */
  statusCallback: string;
  statusCallbackEvent: string[];
}

export interface ControlApi {
  /** The call, or undefined when the account has none with that SID. */
  fetchCall(sid: string): Promise<LegRecord | undefined>;
  /** Legs in progress that `parentSid` dialled. */
  liveChildren(parentSid: string): Promise<LegRecord[]>;
  /** Every leg `parentSid` dialled, whatever its status. */
  children(parentSid: string): Promise<LegRecord[]>;
  /** Calls in progress to `address` (e.g. `client:bob`). */
  liveCallsTo(address: string): Promise<LegRecord[]>;
  /** Calls in progress from `address`. */
  liveCallsFrom(address: string): Promise<LegRecord[]>;
  /** Runs new TwiML on the call (`Twiml`), or hangs it up (`Status=completed`). */
  updateCall(sid: string, update: { twiml: string } | { status: 'completed' }): Promise<void>;
  /** The SID of the conference called `name` that has not ended, if any. */
  liveConference(name: string): Promise<string | undefined>;
  /** Every conference that has not ended: its SID and name. */
  liveConferences(): Promise<Array<{ sid: string; friendlyName: string }>>;
  participants(conferenceSid: string): Promise<ParticipantRecord[]>;
  /** Ends the conference (`Status=completed`): every participant leaves it. */
  endConference(conferenceSid: string): Promise<void>;
  updateParticipant(conferenceSid: string, callSid: string, change: ParticipantChange): Promise<void>;
  /** Dials a new participant in (queued at the account's 1 call/s); returns its CallSid. */
  addParticipant(conferenceSid: string, participant: NewParticipant): Promise<string>;
  /** Removes (kicks) a participant: its call is hung up. */
  removeParticipant(conferenceSid: string, callSid: string): Promise<void>;
  /** Sends `content` (JSON) to the Voice SDK on the call (UserDefinedMessages): the page's `messageReceived`. */
  sendMessage(callSid: string, content: object): Promise<void>;
}

const LIVE_CONFERENCE = new Set(['init', 'in-progress']);

const leg = (call: LegRecord): LegRecord => ({
  sid: call.sid,
  parentCallSid: call.parentCallSid ?? null,
  from: call.from ?? '',
  to: call.to ?? '',
  status: call.status,
  direction: call.direction,
  callerName: call.callerName ?? null,
});

/** The interface over the `twilio` client of the account, which `connect` makes when first needed. */
export function twilioControlApi(connect: () => Twilio): ControlApi {
  let made: Twilio | undefined;
  // Inside each (async) request: a client that cannot be made fails that request, like any REST failure.
  const client = () => (made ??= connect());
  return {
    async fetchCall(sid) {
      const call = await unlessMissing(client().calls(sid).fetch());
      return call && leg(call);
    },
    liveChildren: async (parentSid) => (await client().calls.list({ parentCallSid: parentSid, status: 'in-progress', limit: 20 })).map(leg),
    children: async (parentSid) => (await client().calls.list({ parentCallSid: parentSid, limit: 50 })).map(leg),
    liveCallsTo: async (address) => (await client().calls.list({ to: address, status: 'in-progress', limit: 20 })).map(leg),
    liveCallsFrom: async (address) => (await client().calls.list({ from: address, status: 'in-progress', limit: 20 })).map(leg),
    async updateCall(sid, update) {
      await client().calls(sid).update(update);
    },
    async liveConference(name) {
      const found = await client().conferences.list({ friendlyName: name, limit: 20 });
      return found.find((c) => LIVE_CONFERENCE.has(c.status))?.sid;
    },
    liveConferences: async () => (await client().conferences.list({ status: 'in-progress', limit: 50 })).map((c) => ({ sid: c.sid, friendlyName: c.friendlyName })),
    participants: async (conferenceSid) =>
      (await client().conferences(conferenceSid).participants.list({ limit: 20 })).map((p) => ({ callSid: p.callSid, label: p.label ?? null, hold: p.hold, status: p.status })),
    async endConference(conferenceSid) {
      await client().conferences(conferenceSid).update({ status: 'completed' });
    },
    async updateParticipant(conferenceSid, callSid, change) {
      await client().conferences(conferenceSid).participants(callSid).update(change);
    },
    async addParticipant(conferenceSid, participant) {
      return (await client().conferences(conferenceSid).participants.create(participant)).callSid;
    },
    async removeParticipant(conferenceSid, callSid) {
      await client().conferences(conferenceSid).participants(callSid).remove();
    },
    async sendMessage(callSid, content) {
      await client()
        .calls(callSid)
        .userDefinedMessages.create({ content: JSON.stringify(content) });
    },
  };
}

/** A webhook's ControlApi: most `<Dial action>`s end without asking Twilio anything, and then make no client. */
export function functionControlApi(context: FunctionContext): ControlApi {
  return twilioControlApi(() => twilioClient(context));
}
