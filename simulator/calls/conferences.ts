/**
 * The conferences Twilio keeps: what `<Conference>` creates and joins, served (and changed) by the
 * REST API's Conferences and Participants resources. The media plane fills the store and attaches
 * a `ConferenceControl` to each conference it mixes, so REST updates reach the audio; without one
 * (e.g. in tests) an update changes the record only. Listeners hear who joins, leaves, is put on
 * hold or resumed (the call log notes it on their calls). The state folder keeps the conferences
 * themselves; participants, as at Twilio, are listed only while they are in one.
 */
import type { PersistentStore } from '../state/state-folder';
import { newSid } from './sids';

export type ConferenceStatus = 'init' | 'in-progress' | 'completed';
export type ConferenceEndReason =
  'conference-ended-via-api' | 'participant-with-end-conference-on-exit-left' | 'participant-with-end-conference-on-exit-kicked' | 'last-participant-kicked' | 'last-participant-left';
export type ParticipantStatus = 'queued' | 'connecting' | 'ringing' | 'connected' | 'complete' | 'failed';

/** What a REST update may change on a participant. */
export interface ParticipantChange {
  muted?: boolean;
  hold?: boolean;
  /** Music for a held participant (`HoldUrl`). */
  holdUrl?: string;
  endConferenceOnExit?: boolean;
  /** TwiML to play to the participant (`AnnounceUrl`). */
  announceUrl?: string;
}

export interface SimParticipant {
  callSid: string;
  label?: string;
  status: ParticipantStatus;
  muted: boolean;
  hold: boolean;
  holdUrl?: string;
  startConferenceOnEnter: boolean;
  endConferenceOnExit: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export interface SimConference {
  /** CF… */
  sid: string;
  friendlyName: string;
  status: ConferenceStatus;
  createdAt: Date;
  updatedAt: Date;
  reasonEnded?: ConferenceEndReason;
  callSidEndingConference?: string;
  /** Participants in the conference now (Twilio lists only those), by CallSid. */
  participants: Map<string, SimParticipant>;
}

/** How the media plane applies REST updates to a conference it mixes. */
export interface ConferenceControl {
  /** The conference ended (every participant leaves, as Twilio hangs them up). */
  end(reason: ConferenceEndReason): void;
  /** A participant's mute, hold, hold music or announcement changed. */
  participantChanged(callSid: string, change: ParticipantChange): void;
  /** A participant was removed (kicked): its call leaves the conference. */
  participantRemoved(callSid: string): void;
  /** `AnnounceUrl` on the conference: play its TwiML to everyone. */
  announce?(url: string): void;
}

/**
 * What happened in a conference: a participant being dialled in by the REST API, joining (its call
 * connected), leaving (`kicked` through the REST API, or its call ended; `wasConnected` false for
 * one that never got in), put on hold or resumed; or the conference ended.
 */
export type ConferenceChange =
  | { type: 'dialled' | 'join' | 'hold' | 'resume'; conference: SimConference; participant: SimParticipant }
  | { type: 'leave'; conference: SimConference; participant: SimParticipant; kicked: boolean; wasConnected: boolean }
  | { type: 'end'; conference: SimConference };

/** A conference as the state folder keeps it. */
interface SavedConference {
  sid: string;
  friendlyName: string;
  status: ConferenceStatus;
  createdAt: string;
  updatedAt: string;
  reasonEnded?: ConferenceEndReason;
  callSidEndingConference?: string;
}

const CONFERENCE_SID = /^CF[0-9a-f]{32}$/;

/** Every conference of the simulated account, oldest first. */
export class ConferenceStore implements PersistentStore {
  readonly name = 'conferences';
  readonly version = 1;
  private readonly conferences = new Map<string, SimConference>();
  private readonly controls = new Map<string, ConferenceControl>();
  private readonly listeners = new Set<(change: ConferenceChange) => void>();

  /** The running conference called `friendlyName`, or a new one (status `init` until someone starts it). */
  open(friendlyName: string): SimConference {
    const running = [...this.conferences.values()].find((c) => c.friendlyName === friendlyName && c.status !== 'completed');
    if (running) return running;
    const at = new Date();
    const conference: SimConference = { sid: newSid('CF'), friendlyName, status: 'init', createdAt: at, updatedAt: at, participants: new Map() };
    this.conferences.set(conference.sid, conference);
    return conference;
  }

  /** Lets the media plane hear about REST updates of this conference. */
  attach(sid: string, control: ConferenceControl): void {
    this.controls.set(sid, control);
  }

  get(sid: string): SimConference | undefined {
    return this.conferences.get(sid);
  }

  list(): SimConference[] {
    return [...this.conferences.values()];
  }

  /** A call joins (or is being dialled into) the conference; one that starts it makes it `in-progress`. */
  join(sid: string, participant: Omit<SimParticipant, 'createdAt' | 'updatedAt'>): SimParticipant {
    const conference = this.require(sid);
    const at = new Date();
    const joined: SimParticipant = { ...participant, createdAt: at, updatedAt: at };
    conference.participants.set(joined.callSid, joined);
    if (participant.startConferenceOnEnter && participant.status === 'connected' && conference.status === 'init') this.touch(conference, { status: 'in-progress' });
    this.changed({ type: joined.status === 'connected' ? 'join' : 'dialled', conference, participant: joined });
    return joined;
  }

  /** The participant with this CallSid, or with this label (Twilio accepts either in the path). */
  participant(sid: string, callSidOrLabel: string): SimParticipant | undefined {
    const participants = this.conferences.get(sid)?.participants;
    return participants?.get(callSidOrLabel) ?? [...(participants?.values() ?? [])].find((p) => p.label === callSidOrLabel);
  }

  /** Ends the conference: every participant leaves. */
  end(sid: string, reason: ConferenceEndReason, callSid?: string): void {
    const conference = this.require(sid);
    if (conference.status === 'completed') return;
    this.touch(conference, { status: 'completed', reasonEnded: reason, ...(callSid ? { callSidEndingConference: callSid } : {}) });
    for (const participant of conference.participants.values()) {
      const wasConnected = participant.status === 'connected';
      Object.assign(participant, { status: 'complete', updatedAt: new Date() });
      this.changed({ type: 'leave', conference, participant, kicked: false, wasConnected });
    }
    conference.participants.clear();
    this.changed({ type: 'end', conference });
    this.controls.get(sid)?.end(reason);
    this.controls.delete(sid);
  }

  /** A participant's call moved on (`ringing`, `connected`, …); a connected one may start the conference. */
  participantStatus(sid: string, participant: SimParticipant, status: ParticipantStatus): void {
    const conference = this.require(sid);
    const joined = status === 'connected' && participant.status !== 'connected';
    Object.assign(participant, { status, updatedAt: new Date() });
    if (status === 'connected' && participant.startConferenceOnEnter && conference.status === 'init') this.touch(conference, { status: 'in-progress' });
    if (joined) this.changed({ type: 'join', conference, participant });
  }

  /** True when the media plane mixes this conference (REST updates then reach its audio). */
  isMixed(sid: string): boolean {
    return this.controls.has(sid);
  }

  /** True while the participant is in the conference. */
  isIn(sid: string, participant: SimParticipant): boolean {
    return this.conferences.get(sid)?.participants.get(participant.callSid) === participant;
  }

  /** Applies a REST update to a participant. */
  updateParticipant(sid: string, participant: SimParticipant, change: ParticipantChange): void {
    const { announceUrl: _announce, ...kept } = change;
    const held = participant.hold;
    Object.assign(participant, kept, { updatedAt: new Date() });
    const conference = this.require(sid);
    this.touch(conference, {});
    this.controls.get(sid)?.participantChanged(participant.callSid, change);
    if (participant.hold !== held) this.changed({ type: participant.hold ? 'hold' : 'resume', conference, participant });
  }

  /**
   * A participant leaves (kicked through the REST API, or its call ended). The conference ends when
   * it had `endConferenceOnExit` or was the last one.
   */
  removeParticipant(sid: string, participant: SimParticipant, kicked: boolean): void {
    const conference = this.require(sid);
    const wasConnected = participant.status === 'connected';
    conference.participants.delete(participant.callSid);
    Object.assign(participant, { status: 'complete', updatedAt: new Date() });
    if (kicked) this.controls.get(sid)?.participantRemoved(participant.callSid);
    this.touch(conference, {});
    this.changed({ type: 'leave', conference, participant, kicked, wasConnected });
    if (participant.endConferenceOnExit) this.end(sid, kicked ? 'participant-with-end-conference-on-exit-kicked' : 'participant-with-end-conference-on-exit-left', participant.callSid);
    else if (!conference.participants.size && conference.status === 'in-progress') this.end(sid, kicked ? 'last-participant-kicked' : 'last-participant-left', participant.callSid);
  }

  /** `AnnounceUrl` on the conference; false when nothing mixes it that could play it. */
  announce(sid: string, url: string): boolean {
    const control = this.controls.get(sid);
    if (!control?.announce) return false;
    control.announce(url);
    return true;
  }

  /** Hears every `ConferenceChange`. */
  onChange(listener: (change: ConferenceChange) => void): void {
    this.listeners.add(listener);
  }

  snapshot(): SavedConference[] {
    return this.list().map((c) => ({
      sid: c.sid,
      friendlyName: c.friendlyName,
      status: c.status,
      createdAt: c.createdAt.toISOString(),
      updatedAt: c.updatedAt.toISOString(),
      ...(c.reasonEnded ? { reasonEnded: c.reasonEnded } : {}),
      ...(c.callSidEndingConference ? { callSidEndingConference: c.callSidEndingConference } : {}),
    }));
  }

  /** Conferences that were running when the simulator stopped come back ended: their calls ended with it. */
  restore(state: unknown): void {
    if (!Array.isArray(state)) throw new Error('the conferences are not a list');
    for (const saved of state as SavedConference[]) {
      const [createdAt, updatedAt] = [new Date(saved?.createdAt), new Date(saved?.updatedAt)];
      if (!CONFERENCE_SID.test(String(saved?.sid)) || typeof saved.friendlyName !== 'string' || isNaN(createdAt.getTime()) || isNaN(updatedAt.getTime()))
        throw new Error('a conference lacks its sid, name or dates');
      const ended = saved.status === 'completed' ? { reasonEnded: saved.reasonEnded, callSidEndingConference: saved.callSidEndingConference } : { reasonEnded: 'last-participant-left' as const };
      this.conferences.set(saved.sid, { sid: saved.sid, friendlyName: saved.friendlyName, status: 'completed', createdAt, updatedAt, ...ended, participants: new Map() });
    }
  }

  private changed(change: ConferenceChange): void {
    for (const listener of this.listeners) listener(change);
  }

  private require(sid: string): SimConference {
    const conference = this.conferences.get(sid);
    if (!conference) throw new Error(`no conference ${sid}`);
    return conference;
  }

  private touch(conference: SimConference, change: Partial<SimConference>): void {
    Object.assign(conference, change, { updatedAt: new Date() });
  }
}
