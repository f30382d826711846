/**
 * One live `<Conference>`: its participants' media in a mixer, the REST store's record of it kept
 * current, and the REST API's changes (end, mute, hold, kick, announce) applied to the audio as
 * the store's `ConferenceControl`. A participant leaves to its next verb when its call ends or is
 * redirected, when it is kicked, or when the conference ends.
 */
import { webhookEntry, type SimWebhook } from './call-log';
import type { ConferenceControl, ConferenceEndReason, ConferenceStore, ParticipantChange, SimConference, SimParticipant } from './conferences';
import { soundFrom } from './conference-sound';
import type { DialOutcome } from './dial';
import type { RecordingStore } from './recordings';
import type { SpeechSynth } from '../media/audio/speech';
import { FRAME_SAMPLES } from '../media/audio/pcm';
import { beep } from '../media/audio/tones';
import { ConferenceMixer, LoopedSound } from '../media/conference-mixer';
import type { FrameClock } from '../media/frame-clock';
import type { LegMedia } from '../media/leg-media';
import type { TwimlNode } from '../twiml/twiml-document';
import { postWebhook, type WebhookParams } from '../twiml/webhooks';

/** A call entering `<Dial><Conference>`. */
export interface ConferenceJoin {
  callSid: string;
  media: LegMedia;
  /** The `<Conference>` noun. */
  noun: TwimlNode;
  resolve(url: string): string | undefined;
  /** Resolves when the call ends or its TwiML is redirected: it leaves the conference. */
  gone: Promise<void>;
  /** The call's webhook parameters (AccountSid, CallSid, From, To, …). */
  params: WebhookParams;
  note(text: string, code?: number): void;
  /** Keeps a webhook the conference posted for this participant in its call's log. */
  logWebhook(webhook: SimWebhook): void;
}

export interface ConferenceRoomContext {
  store: ConferenceStore;
  recordings: RecordingStore;
  clock: FrameClock;
  speech: SpeechSynth;
  authToken: string;
  /** The room is over: forget it. */
  closed(room: ConferenceRoom): void;
}

/** Twilio's default and largest `maxParticipants`. */
export const MAX_PARTICIPANTS = 250;

interface Member {
  join: ConferenceJoin;
  participant: SimParticipant;
  beep: string;
  /** Wait music (waitUrl), loaded once; none for `waitUrl=""`, as Twilio's way to wait in silence. */
  waitSound: Promise<Int16Array | undefined>;
  leave(): void;
}

const BEEP_ON_ENTER = new Set(['true', 'onEnter']);
const BEEP_ON_EXIT = new Set(['true', 'onExit']);

function flag(value: string | undefined, fallback: boolean): boolean {
  return value === undefined ? fallback : value.toLowerCase() === 'true';
}

export class ConferenceRoom implements ConferenceControl {
  private readonly mixer: ConferenceMixer;
  private readonly members = new Map<string, Member>();
  private statusCallback?: { url: string; events: Set<string>; method: string; join: ConferenceJoin };
  private sequence = 0;
  private stopRecording?: () => void;

  constructor(
    readonly conference: SimConference,
    private readonly context: ConferenceRoomContext,
  ) {
    this.mixer = new ConferenceMixer(context.clock);
    context.store.attach(conference.sid, this);
  }

  /** Joins the call; resolves when it leaves (the `<Dial>` then goes on as Twilio's does). */
  async join(join: ConferenceJoin): Promise<DialOutcome> {
    const { noun } = join;
    const max = Math.min(Number(noun.attrs.maxParticipants ?? MAX_PARTICIPANTS) || MAX_PARTICIPANTS, MAX_PARTICIPANTS);
    if (this.members.size >= max) {
      join.note(`<Conference>${this.conference.friendlyName}</Conference> is full (${max} participants)`);
      return { status: 'failed' };
    }
    const { store } = this.context;
    const sid = this.conference.sid;
    const wasInit = this.conference.status === 'init';
    // A participant the REST API dialled is already listed with its own settings.
    let participant = store.participant(sid, join.callSid);
    if (participant) store.participantStatus(sid, participant, 'connected');
    else {
      const label = noun.attrs.participantLabel?.slice(0, 128);
      participant = store.join(sid, {
        callSid: join.callSid,
        ...(label ? { label } : {}),
        status: 'connected',
        hold: false,
        muted: flag(noun.attrs.muted, false),
        startConferenceOnEnter: flag(noun.attrs.startConferenceOnEnter, true),
        endConferenceOnExit: flag(noun.attrs.endConferenceOnExit, false),
      });
    }
    const callbackUrl = noun.attrs.statusCallback ? join.resolve(noun.attrs.statusCallback) : undefined;
    if (callbackUrl && !this.statusCallback) {
      const events = new Set((noun.attrs.statusCallbackEvent ?? 'start end').split(/[\s,]+/));
      this.statusCallback = { url: callbackUrl, events, method: noun.attrs.statusCallbackMethod ?? 'POST', join };
    }
    let leave!: () => void;
    const left = new Promise<void>((resolve) => (leave = resolve));
    const waitUrl = noun.attrs.waitUrl ? join.resolve(noun.attrs.waitUrl) : undefined;
    const member: Member = {
      join,
      participant,
      beep: noun.attrs.beep ?? 'true',
      waitSound:
        noun.attrs.waitUrl === ''
          ? Promise.resolve(undefined)
          : soundFrom(waitUrl, noun.attrs.waitMethod, { speech: this.context.speech, authToken: this.context.authToken, params: join.params, note: (text, code) => join.note(text, code) }),
      leave,
    };
    this.members.set(join.callSid, member);
    this.mixer.add(join.callSid, join.media);
    this.mixer.setSpeaking(join.callSid, !participant.muted);
    if (wasInit && this.conference.status === 'in-progress') this.started(noun, join);
    this.event('participant-join', member);
    if (BEEP_ON_ENTER.has(member.beep)) this.mixer.overlay(beep(300));
    await this.refreshWaiting();
    await Promise.race([join.gone, left]);
    this.leave(member);
    return { status: 'completed' };
  }

  // ── ConferenceControl (REST API changes) ─────────────────────
  end(reason: ConferenceEndReason): void {
    this.post('conference-end', undefined, { ReasonConferenceEnded: reason, ...(this.conference.callSidEndingConference ? { CallSidEndingConference: this.conference.callSidEndingConference } : {}) });
    this.stopRecording?.();
    for (const member of [...this.members.values()]) member.leave();
    this.mixer.close();
    this.context.closed(this);
  }

  participantChanged(callSid: string, change: ParticipantChange): void {
    const member = this.members.get(callSid);
    if (!member) return;
    if (change.muted !== undefined) this.event(change.muted ? 'participant-mute' : 'participant-unmute', member);
    if (change.hold !== undefined || change.holdUrl !== undefined) {
      if (change.hold !== undefined) this.event(change.hold ? 'participant-hold' : 'participant-unhold', member);
      void this.refreshWaiting();
    }
    this.mixer.setSpeaking(callSid, !member.participant.muted && !member.participant.hold);
    if (change.announceUrl) void this.sound(change.announceUrl, member).then((pcm) => this.members.has(callSid) && this.mixer.setSound(callSid, new LoopedSound(pcm)));
  }

  participantRemoved(callSid: string): void {
    this.members.get(callSid)?.leave();
  }

  announce(url: string): void {
    const someone = this.members.values().next().value;
    if (someone) void this.sound(url, someone).then((pcm) => this.mixer.overlay(pcm));
  }

  // ── Internals ───────────────────────────────────────────────
  private leave(member: Member): void {
    const { callSid } = member.join;
    if (!this.members.delete(callSid)) return;
    this.mixer.remove(callSid);
    this.event('participant-leave', member);
    if (BEEP_ON_EXIT.has(member.beep) && this.members.size) this.mixer.overlay(beep(300));
    // Last, as it may end the conference (endConferenceOnExit, or nobody left).
    const { store } = this.context;
    if (store.isIn(this.conference.sid, member.participant)) store.removeParticipant(this.conference.sid, member.participant, false);
    // A conference that never started ends when its last participant leaves too.
    if (!this.members.size && this.conference.status !== 'completed') store.end(this.conference.sid, 'last-participant-left', callSid);
    if (this.conference.status !== 'completed') void this.refreshWaiting();
  }

  /** The conference started: its callback, and its recording when the starter asked for one. */
  private started(noun: TwimlNode, join: ConferenceJoin): void {
    this.post('conference-start', undefined, {});
    if (noun.attrs.record !== 'record-from-start') return;
    const startedAt = new Date();
    const recording = this.context.recordings.add({ callSid: join.callSid, conferenceSid: this.conference.sid, source: 'Conference', status: 'in-progress', startedAt, pcm: new Int16Array(0) });
    const chunks: Int16Array[] = [];
    const untap = this.mixer.tap((mix) => chunks.push(mix));
    this.stopRecording = () => {
      untap();
      this.stopRecording = undefined;
      // Copied frame by frame: an hour holds too many frames to spread into one call.
      const pcm = new Int16Array(chunks.length * FRAME_SAMPLES);
      chunks.forEach((chunk, i) => pcm.set(chunk, i * FRAME_SAMPLES));
      this.context.recordings.finish(recording, pcm, startedAt);
    };
  }

  /** Held participants hear hold music; waiting ones (conference not started, or alone) the wait music; the rest the mix. */
  private async refreshWaiting(): Promise<void> {
    const alone = this.members.size === 1;
    const waiting = this.conference.status !== 'in-progress' || alone;
    for (const [callSid, member] of this.members) {
      const { participant } = member;
      this.mixer.setSpeaking(callSid, !participant.muted && !participant.hold);
      const pcm = participant.hold ? await this.sound(participant.holdUrl, member) : waiting ? await member.waitSound : undefined;
      if (this.members.get(callSid) === member) this.mixer.setSound(callSid, pcm && new LoopedSound(pcm, Infinity));
    }
  }

  private sound(url: string | undefined, member: Member): Promise<Int16Array> {
    return soundFrom(url, undefined, { speech: this.context.speech, authToken: this.context.authToken, params: member.join.params, note: (text, code) => member.join.note(text, code) });
  }

  private event(name: string, member: Member): void {
    const { participant } = member;
    this.post(name, member, {
      CallSid: participant.callSid,
      Muted: String(participant.muted),
      Hold: String(participant.hold),
      Coaching: 'false',
      EndConferenceOnExit: String(participant.endConferenceOnExit),
      StartConferenceOnEnter: String(participant.startConferenceOnEnter),
      ...(participant.label ? { ParticipantLabel: participant.label } : {}),
    });
  }

  /** A signed status callback, if the conference has one and asked for this event. */
  private post(name: string, member: Member | undefined, extra: WebhookParams): void {
    const callback = this.statusCallback;
    const sequence = ++this.sequence;
    if (!callback || !callback.events.has(name.replace(/^(conference|participant)-(un)?/, ''))) return;
    const join = member?.join ?? callback.join;
    const params: WebhookParams = {
      AccountSid: join.params.AccountSid,
      ConferenceSid: this.conference.sid,
      FriendlyName: this.conference.friendlyName,
      StatusCallbackEvent: name,
      SequenceNumber: String(sequence),
      Timestamp: new Date().toUTCString(),
      ...extra,
    };
    void postWebhook(callback.url, params, this.context.authToken).then((result) => join.logWebhook(webhookEntry('conference-status', result)));
  }
}
