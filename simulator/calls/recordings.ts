/**
 * The recordings Twilio keeps: what `<Record>`, `<Dial record>` and `<Conference record>` leave
 * behind, served by the REST API (list, fetch, media as .wav/.mp3, delete). Audio is kept as
 * 8 kHz 16-bit mono PCM; the REST layer encodes it per request.
 */
import { newSid } from './sids';

/** How the recording was made: Twilio's `source` field. */
export type RecordingSource = 'RecordVerb' | 'DialVerb' | 'Conference' | 'OutboundAPI' | 'StartCallRecordingAPI' | 'Trunking';

/** One recording, as the simulator keeps it. */
export interface SimRecording {
  /** RE… */
  sid: string;
  callSid: string;
  conferenceSid?: string;
  source: RecordingSource;
  status: 'in-progress' | 'completed' | 'absent' | 'failed';
  startedAt: Date;
  /** When the recording was stored (Twilio's date_created). */
  createdAt: Date;
  /** 8 kHz, 16-bit signed, mono. */
  pcm: Int16Array;
}

/** Sample rate of every stored recording. */
export const RECORDING_SAMPLE_RATE = 8000;

/** Whole seconds of a recording, as Twilio reports `duration`. */
export function recordingSeconds(recording: SimRecording): number {
  return Math.round(recording.pcm.length / RECORDING_SAMPLE_RATE);
}

/** `/2010-04-01/Accounts/{AccountSid}/Recordings/{Sid}`: where the REST API serves it, and its media URL without extension. */
export function recordingPath(recording: SimRecording, accountSid: string): string {
  return `/2010-04-01/Accounts/${accountSid}/Recordings/${recording.sid}`;
}

/** Every recording of the simulated account, newest last. */
export class RecordingStore {
  private readonly recordings = new Map<string, SimRecording>();

  /** Stores a finished recording and returns it with its new RE sid. */
  add(recording: Omit<SimRecording, 'sid' | 'createdAt'>): SimRecording {
    const stored: SimRecording = { ...recording, sid: newSid('RE'), createdAt: new Date() };
    this.recordings.set(stored.sid, stored);
    return stored;
  }

  get(sid: string): SimRecording | undefined {
    return this.recordings.get(sid);
  }

  /** Oldest first. */
  list(): SimRecording[] {
    return [...this.recordings.values()];
  }

  /** True when there was such a recording. */
  delete(sid: string): boolean {
    return this.recordings.delete(sid);
  }
}
