/**
 * The recordings a call's verbs make: `<Record>` of the caller, and `<Dial record>` of both sides
 * of the bridge, from answer: mixed into one channel, or the caller on the first channel and the
 * answering party on the second with `record-from-answer-dual`. Each recording is in the store
 * from its start (in-progress, so its status callback can name it) and kept or dropped when it stops.
 */
import { recordingStatusParams, type RecordingSource, type RecordingStore, type SimRecording } from './recordings';
import type { LegMedia } from '../media/leg-media';
import { TrackRecorder } from '../media/track-recorder';
import type { TwimlNode } from '../twiml/twiml-document';
import type { WebhookParams } from '../twiml/webhooks';

export interface CallRecorderContext {
  callSid: string;
  accountSid: string;
  /** The simulator's own URL: recordings are served under it at Twilio's paths. */
  publicUrl: string;
  store: RecordingStore;
  /** Posts a `recordingStatusCallback` (signed like every webhook; skipped while the simulator stops). */
  postStatus(url: string, params: WebhookParams): Promise<void>;
}

/** Keeps a recording's audio and gives the action's recording parameters, or undefined when nothing was recorded. */
export type KeepRecording = (pcm: Int16Array, startedAt: Date, channels?: 1 | 2) => WebhookParams | undefined;

/** `<Dial record>` values that record; `-dual` ones keep each side on its own channel. */
const DIAL_RECORD = /^(true|record-from-(answer|ringing)(-dual)?)$/;

/** True when a `<Dial record>` value asks for a recording. */
export function dialRecords(value: string | undefined): boolean {
  return DIAL_RECORD.test(value ?? '');
}

/** The recordings of one call. */
export class CallRecorder {
  constructor(private readonly context: CallRecorderContext) {}

  /**
   * `<Dial record>`: both sides of the bridge (source DialVerb), from answer (the simulator's
   * ringing leg carries nothing worth keeping). Returns the function that stops it and gives the
   * Dial action's recording parameters.
   */
  recordBridge(caller: LegMedia, winner: LegMedia, verb: TwimlNode, resolve: (url: string) => string | undefined): () => WebhookParams | undefined {
    const dual = (verb.attrs.record ?? '').endsWith('-dual');
    const keep = this.start('DialVerb', verb, resolve, dual ? 2 : 1);
    const startedAt = new Date();
    const recorder = new TrackRecorder([caller.inbound, winner.inbound], dual);
    return () => {
      const { pcm, channels } = recorder.stop();
      return keep(pcm, startedAt, channels);
    };
  }

  /**
   * Starts a recording in the store (in-progress, so its status callback can name it) and returns
   * the function that keeps its audio: a recording with no audio is dropped ("absent"), as on Twilio.
   */
  start(source: RecordingSource, verb: TwimlNode, resolve: (url: string) => string | undefined, channels: 1 | 2 = 1): KeepRecording {
    const callback = verb.attrs.recordingStatusCallback ? resolve(verb.attrs.recordingStatusCallback) : undefined;
    const events = new Set((verb.attrs.recordingStatusCallbackEvent ?? 'completed').split(/[\s,]+/));
    const recording = this.context.store.add({ callSid: this.context.callSid, source, status: 'in-progress', startedAt: new Date(), pcm: new Int16Array(0), channels });
    const notify = () => callback && events.has(recording.status) && void this.recordingStatus(callback, recording);
    notify();
    return (pcm, startedAt, kept = 1) => {
      this.context.store.finish(recording, pcm, startedAt, kept);
      notify();
      return pcm.length ? this.recordingParams(recording) : undefined;
    };
  }

  /** Where the REST API serves a recording, and its length, as Twilio names them in webhooks. */
  private recordingParams(recording: SimRecording): WebhookParams {
    const { RecordingUrl, RecordingSid, RecordingDuration } = recordingStatusParams(recording, this.context.publicUrl, this.context.accountSid);
    return { RecordingUrl, RecordingSid, RecordingDuration };
  }

  /** `recordingStatusCallback`. */
  private recordingStatus(url: string, recording: SimRecording): Promise<void> {
    return this.context.postStatus(url, recordingStatusParams(recording, this.context.publicUrl, this.context.accountSid));
  }
}
