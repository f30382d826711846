/**
 * The recordings a parent call makes: `<Record>` of the caller, and `<Dial record>` of both sides
 * of the bridge mixed down into one mono recording. Each recording is in the store from its start
 * (in-progress, so its status callback can name it) and kept or dropped when it stops.
 */
import { recordingPath, recordingSeconds, type RecordingSource, type RecordingStore, type SimRecording } from './recordings';
import type { LegMedia } from '../media/leg-media';
import { mixPcm } from '../media/audio/pcm';
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
export type KeepRecording = (pcm: Int16Array, startedAt: Date) => WebhookParams | undefined;

/** The recordings of one call. */
export class CallRecorder {
  constructor(private readonly context: CallRecorderContext) {}

  /**
   * `<Dial record>`: both sides of the bridge, mixed into one mono recording (source DialVerb),
   * from answer (the simulator's ringing leg carries nothing worth keeping). Returns the
   * function that stops it and gives the Dial action's recording parameters.
   */
  recordBridge(caller: LegMedia, winner: LegMedia, verb: TwimlNode, resolve: (url: string) => string | undefined): () => WebhookParams | undefined {
    const keep = this.start('DialVerb', verb, resolve);
    const startedAt = new Date();
    const sides = [caller.record(), winner.record()];
    return () => keep(mixPcm(...sides.map((side) => side.stop())), startedAt);
  }

  /**
   * Starts a recording in the store (in-progress, so its status callback can name it) and returns
   * the function that keeps its audio: a recording with no audio is dropped ("absent"), as on Twilio.
   */
  start(source: RecordingSource, verb: TwimlNode, resolve: (url: string) => string | undefined): KeepRecording {
    const callback = verb.attrs.recordingStatusCallback ? resolve(verb.attrs.recordingStatusCallback) : undefined;
    const events = new Set((verb.attrs.recordingStatusCallbackEvent ?? 'completed').split(/[\s,]+/));
    const recording = this.context.store.add({ callSid: this.context.callSid, source, status: 'in-progress', startedAt: new Date(), pcm: new Int16Array(0) });
    const notify = () => callback && events.has(recording.status) && void this.recordingStatus(callback, recording);
    notify();
    return (pcm, startedAt) => {
      this.context.store.finish(recording, pcm, startedAt);
      notify();
      return pcm.length ? this.recordingParams(recording) : undefined;
    };
  }

  /** Where the REST API serves a recording, and its length, as Twilio names them in webhooks. */
  private recordingParams(recording: SimRecording): WebhookParams {
    const url = `${this.context.publicUrl}${recordingPath(recording, this.context.accountSid)}`;
    return { RecordingUrl: url, RecordingSid: recording.sid, RecordingDuration: String(recordingSeconds(recording)) };
  }

  /** `recordingStatusCallback`. */
  private recordingStatus(url: string, recording: SimRecording): Promise<void> {
    return this.context.postStatus(url, {
      ...this.recordingParams(recording),
      RecordingStatus: recording.status,
      RecordingChannels: '1',
      RecordingSource: recording.source,
      RecordingStartTime: recording.startedAt.toUTCString(),
    });
  }
}
