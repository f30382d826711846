/**
 * The recordings Twilio keeps: what `<Record>`, `<Dial record>` and `<Conference record>` leave
 * behind, served by the REST API (list, fetch, media as .wav/.mp3, delete). Audio is kept as
 * 8 kHz 16-bit mono PCM; the REST layer encodes it per request. In the state folder each
 * recording's audio is a WAV file of its own beside the list.
 */
import { decodeWav, encodeWav } from '../media/audio/wav';
import type { PersistentStore, StoreFiles } from '../state/state-folder';
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

/** A recording started, ended with audio (completed), or ended with none (absent: dropped). */
export type RecordingChange = 'started' | 'completed' | 'absent';

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

/** A recording as the state folder keeps it (its audio in `<sid>.wav`). */
interface SavedRecording {
  sid: string;
  callSid: string;
  conferenceSid?: string;
  source: RecordingSource;
  startedAt: string;
  createdAt: string;
}

const SID = /^RE[0-9a-f]{32}$/;

/** Every recording of the simulated account, newest last. */
export class RecordingStore implements PersistentStore {
  readonly name = 'recordings';
  readonly version = 1;
  private readonly recordings = new Map<string, SimRecording>();
  private readonly listeners = new Set<(recording: SimRecording, change: RecordingChange) => void>();

  /**
   * Stores a recording and returns it with its new RE sid: `in-progress` ones (whose status
   * callback must name them) are completed by `finish`; a `completed` one is whole already.
   */
  add(recording: Omit<SimRecording, 'sid' | 'createdAt'>): SimRecording {
    const stored: SimRecording = { ...recording, sid: newSid('RE'), createdAt: new Date() };
    this.recordings.set(stored.sid, stored);
    this.changed(stored, stored.status === 'completed' ? 'completed' : 'started');
    return stored;
  }

  /** Gives an in-progress recording its audio: completed, or absent (and dropped, as Twilio does) when there is none. */
  finish(recording: SimRecording, pcm: Int16Array, startedAt: Date): void {
    Object.assign(recording, { pcm, startedAt, status: pcm.length ? 'completed' : 'absent' });
    if (!pcm.length) this.recordings.delete(recording.sid);
    this.changed(recording, pcm.length ? 'completed' : 'absent');
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

  /** Hears every recording that starts and ends (the call log notes them on their call). */
  onChange(listener: (recording: SimRecording, change: RecordingChange) => void): void {
    this.listeners.add(listener);
  }

  /** The completed recordings; one still being made is not a record yet. */
  snapshot(files: StoreFiles): SavedRecording[] {
    return this.list()
      .filter((recording) => recording.status === 'completed')
      .map((recording) => {
        files.keep(`${recording.sid}.wav`, () => encodeWav(recording.pcm, RECORDING_SAMPLE_RATE));
        const { sid, callSid, conferenceSid, source } = recording;
        return { sid, callSid, ...(conferenceSid ? { conferenceSid } : {}), source, startedAt: recording.startedAt.toISOString(), createdAt: recording.createdAt.toISOString() };
      });
  }

  restore(state: unknown, files: StoreFiles): void {
    if (!Array.isArray(state)) throw new Error('the recordings are not a list');
    for (const saved of state as SavedRecording[]) {
      const [startedAt, createdAt] = [new Date(saved?.startedAt), new Date(saved?.createdAt)];
      if (!SID.test(String(saved?.sid)) || typeof saved.callSid !== 'string' || isNaN(startedAt.getTime()) || isNaN(createdAt.getTime())) throw new Error('a recording lacks its sid, CallSid or dates');
      // A recording whose audio file was deleted is gone, as if deleted through the API.
      const audio = files.read(`${saved.sid}.wav`);
      if (!audio) continue;
      const { sid, callSid, conferenceSid, source } = saved;
      this.recordings.set(sid, { sid, callSid, ...(conferenceSid ? { conferenceSid } : {}), source, status: 'completed', startedAt, createdAt, pcm: decodeWav(audio) });
    }
  }

  private changed(recording: SimRecording, change: RecordingChange): void {
    for (const listener of this.listeners) listener(recording, change);
  }
}
