/**
 * The conferences Twilio keeps: what `<Conference>` creates and joins, served (and changed) by the
 * REST API's Conferences and Participants resources. The media plane fills the store and attaches
 * a `ConferenceControl` to each conference it mixes, so REST updates reach the audio; without one
 * (e.g. in tests) an update changes the record only.
 */
import { newSid } from './sids';

export type ConferenceStatus = 'init' | 'in-progress' | 'completed';
export type ConferenceEndReason = 'conference-ended-via-api' | 'participant-with-end-conference-on-exit-left' | 'participant-with-end-conference-on-exit-kicked' | 'last-participant-kicked' | 'last-participant-left';
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

/** Every conference of the simulated account, oldest first. */
export class ConferenceStore {
  private readonly conferences = new Map<string, SimConference>();
  private readonly controls = new Map<string, ConferenceControl>();

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
    for (const participant of conference.participants.values()) Object.assign(participant, { status: 'complete', updatedAt: new Date() });
    conference.participants.clear();
    this.touch(conference, { status: 'completed', reasonEnded: reason, ...(callSid ? { callSidEndingConference: callSid } : {}) });
    this.controls.get(sid)?.end(reason);
    this.controls.delete(sid);
  }

  /** A participant's call moved on (`ringing`, `connected`, …); a connected one may start the conference. */
  participantStatus(sid: string, participant: SimParticipant, status: ParticipantStatus): void {
    const conference = this.require(sid);
    Object.assign(participant, { status, updatedAt: new Date() });
    if (status === 'connected' && participant.startConferenceOnEnter && conference.status === 'init') this.touch(conference, { status: 'in-progress' });
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
    Object.assign(participant, kept, { updatedAt: new Date() });
    this.touch(this.require(sid), {});
    this.controls.get(sid)?.participantChanged(participant.callSid, change);
  }

  /**
   * A participant leaves (kicked through the REST API, or its call ended). The conference ends when
   * it had `endConferenceOnExit` or was the last one.
   */
  removeParticipant(sid: string, participant: SimParticipant, kicked: boolean): void {
    const conference = this.require(sid);
    conference.participants.delete(participant.callSid);
    Object.assign(participant, { status: 'complete', updatedAt: new Date() });
    if (kicked) this.controls.get(sid)?.participantRemoved(participant.callSid);
    this.touch(conference, {});
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

  private require(sid: string): SimConference {
    const conference = this.conferences.get(sid);
    if (!conference) throw new Error(`no conference ${sid}`);
    return conference;
  }

  private touch(conference: SimConference, change: Partial<SimConference>): void {
    Object.assign(conference, change, { updatedAt: new Date() });
  }
}
