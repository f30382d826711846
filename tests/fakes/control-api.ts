/**
 * An in-memory ControlApi with the Twilio semantics hold and transfer rely on: a call runs the
 * inline TwiML of an update; `<Dial><Conference participantLabel>` joins (or opens) the named
 * conference; a dialled leg that leaves its bridge makes its dialler request its `<Dial action>`
 * (`onDialAction`, wired to our handover code by the tests); a hung-up participant leaves, and one
 * with endConferenceOnExit ends the conference. Every request is recorded; `mutations` lists the
 * ones that change something, in order, which is what the sequences are judged by.
 */
import { randomBytes } from 'node:crypto';
import type { ControlApi, LegRecord, NewParticipant, ParticipantChange, ParticipantRecord } from '../../src/lib/call-control/control-api';
import { descendants, parseTwiml } from '../support/twiml';

export const callSid = () => `CA${randomBytes(16).toString('hex')}`;

interface FakeParticipant extends ParticipantRecord {
  hold: boolean;
  status: string;
  endConferenceOnExit: boolean;
  holdUrl?: string;
}

interface FakeConference {
  sid: string;
  friendlyName: string;
  status: 'in-progress' | 'completed';
  participants: FakeParticipant[];
}

export type Mutation =
  | { op: 'updateCall'; sid: string; twiml?: string; status?: string }
  | { op: 'updateParticipant'; conference: string; callSid: string; change: ParticipantChange }
  | { op: 'addParticipant'; conference: string; participant: NewParticipant }
  | { op: 'removeParticipant'; conference: string; callSid: string }
  | { op: 'endConference'; conference: string };

type Leg = { -readonly [K in keyof LegRecord]: LegRecord[K] };

export class FakeControlApi implements ControlApi {
  readonly calls = new Map<string, Leg>();
  readonly conferences: FakeConference[] = [];
  readonly mutations: Mutation[] = [];
  /** Messages sent to the Voice SDK on a call (they change nothing, so they are not mutations). */
  readonly messages: { callSid: string; content: object }[] = [];
  /** Every request, mutating or not, by operation name. */
  readonly requests: string[] = [];
  /** The dialler's `<Dial action>`: returns the TwiML the dialler runs next. */
  onDialAction?: (dialler: LegRecord, dialled: LegRecord) => Promise<string>;

  /** A plain bridged call: `from` dialled `to`; returns [parent, child]. */
  bridge(from: string, to: string, parentTo = ''): [LegRecord, LegRecord] {
    const parent: Leg = { sid: callSid(), parentCallSid: null, from, to: parentTo, status: 'in-progress', direction: 'inbound', callerName: null };
    const child: Leg = { sid: callSid(), parentCallSid: parent.sid, from: from.startsWith('client:') ? '+14155550100' : from, to, status: 'in-progress', direction: 'outbound-dial', callerName: null };
    this.calls.set(parent.sid, parent);
    this.calls.set(child.sid, child);
    return [parent, child];
  }

  conferenceNamed(name: string): FakeConference | undefined {
    return this.conferences.find((c) => c.friendlyName === name && c.status !== 'completed');
  }

  fetchCall(sid: string) {
    this.requests.push('fetchCall');
    const call = this.calls.get(sid);
    return Promise.resolve(call ? { ...call } : undefined);
  }
  liveChildren(parentSid: string) {
    this.requests.push('liveChildren');
    return Promise.resolve([...this.calls.values()].filter((c) => c.parentCallSid === parentSid && c.status === 'in-progress'));
  }
  children(parentSid: string) {
    this.requests.push('children');
    return Promise.resolve([...this.calls.values()].filter((c) => c.parentCallSid === parentSid));
  }
  liveCallsTo(address: string) {
    this.requests.push('liveCallsTo');
    return Promise.resolve([...this.calls.values()].filter((c) => c.to === address && c.status === 'in-progress'));
  }
  liveCallsFrom(address: string) {
    this.requests.push('liveCallsFrom');
    return Promise.resolve([...this.calls.values()].filter((c) => c.from === address && c.status === 'in-progress'));
  }
  async updateCall(sid: string, update: { twiml: string } | { status: 'completed' }) {
    this.requests.push('updateCall');
    this.mutations.push({ op: 'updateCall', sid, ...update });
    const call = this.calls.get(sid)!;
    this.leaveConferences(sid);
    if ('status' in update) {
      call.status = 'completed';
      return;
    }
    await this.run(call, update.twiml);
    // A dialled leg redirected out of its bridge: its dialler goes on to its <Dial action>.
    const dialler = call.parentCallSid ? this.calls.get(call.parentCallSid) : undefined;
    if (dialler?.status === 'in-progress' && !this.inAnyConference(dialler.sid) && this.onDialAction) await this.run(dialler, await this.onDialAction(dialler, call));
  }
  liveConference(name: string) {
    this.requests.push('liveConference');
    return Promise.resolve(this.conferenceNamed(name)?.sid);
  }
  liveConferences() {
    this.requests.push('liveConferences');
    return Promise.resolve(this.conferences.filter((c) => c.status !== 'completed').map(({ sid, friendlyName }) => ({ sid, friendlyName })));
  }
  participants(conferenceSid: string) {
    this.requests.push('participants');
    return Promise.resolve((this.conferences.find((c) => c.sid === conferenceSid)?.participants ?? []).map((p) => ({ ...p })));
  }
  endConference(conference: string) {
    this.requests.push('endConference');
    this.mutations.push({ op: 'endConference', conference });
    const found = this.conferences.find((c) => c.sid === conference);
    if (found && found.status !== 'completed') this.close(found);
    return Promise.resolve();
  }
  updateParticipant(conference: string, callSid: string, change: ParticipantChange) {
    this.requests.push('updateParticipant');
    this.mutations.push({ op: 'updateParticipant', conference, callSid, change });
    const participant = this.conferences.find((c) => c.sid === conference)!.participants.find((p) => p.callSid === callSid)!;
    Object.assign(participant, change);
    return Promise.resolve();
  }
  addParticipant(conference: string, participant: NewParticipant) {
    this.requests.push('addParticipant');
    this.mutations.push({ op: 'addParticipant', conference, participant });
    // The call's To is the address alone, without the custom parameters for the page (as the simulator keeps it).
    const leg: Leg = { sid: callSid(), parentCallSid: null, from: participant.from, to: participant.to.split('?')[0], status: 'ringing', direction: 'outbound-api', callerName: null };
    this.calls.set(leg.sid, leg);
    this.conferences
      .find((c) => c.sid === conference)!
      .participants.push({ callSid: leg.sid, label: participant.label, hold: false, status: 'ringing', endConferenceOnExit: participant.endConferenceOnExit });
    return Promise.resolve(leg.sid);
  }
  removeParticipant(conference: string, callSid: string) {
    this.requests.push('removeParticipant');
    this.mutations.push({ op: 'removeParticipant', conference, callSid });
    this.leaveConferences(callSid);
    this.calls.get(callSid)!.status = 'completed';
    return Promise.resolve();
  }
  sendMessage(callSid: string, content: object) {
    this.requests.push('sendMessage');
    this.messages.push({ callSid, content });
    return Promise.resolve();
  }

  /** A consulted teammate answers their Participants-API call. */
  answer(callSid: string): void {
    this.calls.get(callSid)!.status = 'in-progress';
    for (const conference of this.conferences) for (const p of conference.participants) if (p.callSid === callSid) p.status = 'connected';
  }

  private inAnyConference(sid: string): boolean {
    return this.conferences.some((c) => c.status !== 'completed' && c.participants.some((p) => p.callSid === sid));
  }

  private leaveConferences(sid: string): void {
    for (const conference of this.conferences) {
      const participant = conference.participants.find((p) => p.callSid === sid);
      if (!participant || conference.status === 'completed') continue;
      conference.participants = conference.participants.filter((p) => p !== participant);
      if (participant.endConferenceOnExit || !conference.participants.length) this.close(conference);
    }
  }

  private close(conference: FakeConference): void {
    conference.status = 'completed';
    for (const p of conference.participants) {
      const call = this.calls.get(p.callSid);
      if (call) call.status = 'completed';
    }
    conference.participants = [];
  }

  /** Runs TwiML on a call: only what the sequences use (a conference join; anything else is recorded only). */
  private run(call: Leg, twiml: string): Promise<void> {
    const root = parseTwiml(twiml);
    const noun = descendants(root).find((n) => n.name === 'Conference');
    if (!noun) return Promise.resolve();
    let conference = this.conferenceNamed(noun.text);
    if (!conference) {
      conference = { sid: `CF${randomBytes(16).toString('hex')}`, friendlyName: noun.text, status: 'in-progress', participants: [] };
      this.conferences.push(conference);
    }
    conference.participants.push({ callSid: call.sid, label: noun.attrs.participantLabel ?? null, hold: false, status: 'connected', endConferenceOnExit: noun.attrs.endConferenceOnExit === 'true' });
    return Promise.resolve();
  }
}
