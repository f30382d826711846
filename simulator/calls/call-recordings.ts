/**
 * Recordings of live calls made through the REST API (`POST /Calls/{Sid}/Recordings.json`,
 * source StartCallRecordingAPI), as Twilio makes them: they belong to the call, not to its
 * TwiML, so they go on while the call moves from a bridge into a conference and back; they end
 * when the call ends or when stopped. `RecordingTrack` picks what the call's party says
 * (inbound), what it hears (outbound) or both; `dual` keeps both apart, the party on the first
 * channel and what it hears on the second. `Status` pauses (`PauseBehavior` skip or silence),
 * resumes and stops them; `Twilio.CURRENT` names the call's newest live one.
 */
import { webhookEntry, type SimWebhook } from './call-log';
import { recordingStatusParams, type RecordingStore, type RecordingTrack, type SimRecording } from './recordings';
import type { LegMedia } from '../media/leg-media';
import { TrackRecorder, type PauseBehavior } from '../media/track-recorder';
import { trimSilence } from '../media/audio/silence';
import { postWebhook } from '../twiml/webhooks';

/** What a call in progress offers a recording. */
export interface RecordableCall {
  /** Its media at the simulator: the recording taps both tracks there. */
  readonly media: LegMedia;
  /** Resolves when the call ends. */
  readonly ended: Promise<void>;
}

/** A create request, checked. */
export interface CallRecordingRequest {
  readonly channels: 'mono' | 'dual';
  readonly track: RecordingTrack;
  readonly trim: boolean;
  readonly statusCallback?: string;
  /** `in-progress`, `completed`, `absent` (default `completed`). */
  readonly events: ReadonlySet<string>;
}

export interface CallRecordingsContext {
  store: RecordingStore;
  accountSid: string;
  authToken: string;
  /** The simulator's own URL: RecordingUrl points there. */
  publicUrl: string;
  /** Keeps a status callback in its call's log. */
  logWebhook(callSid: string, webhook: SimWebhook): void;
  stopping(): boolean;
}

interface Live {
  recording: SimRecording;
  recorder: TrackRecorder;
  request: CallRecordingRequest;
}

/** The live call recordings of the account. */
export class CallRecordings {
  private readonly live = new Map<string, Live>();

  constructor(private readonly context: CallRecordingsContext) {}

  /** Starts recording `call` (its CallSid `callSid`) now. */
  start(callSid: string, call: RecordableCall, request: CallRecordingRequest): SimRecording {
    const sources = request.track === 'inbound' ? [call.media.inbound] : request.track === 'outbound' ? [call.media.outbound] : [call.media.inbound, call.media.outbound];
    const channels = request.channels === 'dual' && sources.length === 2 ? 2 : 1;
    const recording = this.context.store.add({ callSid, source: 'StartCallRecordingAPI', status: 'in-progress', startedAt: new Date(), pcm: new Int16Array(0), channels, track: request.track });
    const live: Live = { recording, recorder: new TrackRecorder(sources, channels === 2), request };
    this.live.set(recording.sid, live);
    this.notify(live);
    void call.ended.then(() => this.stop(live));
    return recording;
  }

  /** The call's newest recording still in progress or paused (`Twilio.CURRENT`), if any. */
  current(callSid: string): SimRecording | undefined {
    return [...this.live.values()].filter((live) => live.recording.callSid === callSid).at(-1)?.recording;
  }

  /** True while `recording` is one of these and not stopped. */
  isLive(recording: SimRecording): boolean {
    return this.live.has(recording.sid);
  }

  /** Pauses, resumes or stops a live recording. */
  update(recording: SimRecording, status: 'paused' | 'in-progress' | 'stopped', pauseBehavior: PauseBehavior): void {
    const live = this.live.get(recording.sid);
    if (!live) return;
    if (status === 'stopped') return this.stop(live);
    if (status === 'paused') live.recorder.pauseFor(pauseBehavior);
    else live.recorder.resume();
    this.context.store.setStatus(recording, status);
  }

  /** Stops every live recording (the simulator stops): what was recorded is kept. */
  stopAll(): void {
    for (const live of [...this.live.values()]) this.stop(live);
  }

  private stop(live: Live): void {
    if (!this.live.delete(live.recording.sid)) return;
    const { pcm, channels } = live.recorder.stop();
    const kept = live.request.trim ? trimSilence(pcm, channels) : pcm;
    this.context.store.finish(live.recording, kept, live.recording.startedAt, channels);
    this.notify(live);
  }

  /** The status callback, for the events it asked for. */
  private notify({ recording, request }: Live): void {
    const { context } = this;
    if (!request.statusCallback || !request.events.has(recording.status) || context.stopping()) return;
    const params = {
      AccountSid: context.accountSid,
      CallSid: recording.callSid,
      ...recordingStatusParams(recording, context.publicUrl, context.accountSid),
      ...(recording.status === 'absent' ? { ErrorCode: '0' } : {}),
    };
    void postWebhook(request.statusCallback, params, context.authToken).then((result) => context.logWebhook(recording.callSid, webhookEntry('recording-status', result)));
  }
}
