/**
 * The recordings Twilio keeps: what `<Record>`, `<Dial record>`, `<Conference record>` and the
 * Recordings API on a live call (call-recordings.ts) leave behind, served by the REST API (list,
 * fetch, media as .wav/.mp3, delete). Audio is kept as 8 kHz 16-bit PCM, one channel or two
 * interleaved; the REST layer encodes it. In the state folder each recording's audio is a WAV
 * file of its own beside the list.
 */
import { decodeWavChannels, encodeWav } from '../media/audio/wav';
import type { PersistentStore, StoreFiles } from '../state/state-folder';
import { newSid } from './sids';

/** How the recording was made: Twilio's `source` field. */
export type RecordingSource = 'RecordVerb' | 'DialVerb' | 'Conference' | 'OutboundAPI' | 'StartCallRecordingAPI' | 'Trunking';

/** Twilio's `status` of a recording: live ones are in-progress or paused (stopped: being stored). */
export type RecordingStatus = 'in-progress' | 'paused' | 'stopped' | 'processing' | 'completed' | 'absent' | 'failed';

/** Which audio of its call a recording holds: what the call's party says, what it hears, or both. */
export type RecordingTrack = 'inbound' | 'outbound' | 'both';

/** One recording, as the simulator keeps it. */
export interface SimRecording {
  /** RE… */
  sid: string;
  callSid: string;
  conferenceSid?: string;
  source: RecordingSource;
  status: RecordingStatus;
  startedAt: Date;
  /** When the recording was stored (Twilio's date_created). */
  createdAt: Date;
  /** When its status last changed (Twilio's date_updated). */
  updatedAt: Date;
  /** 8 kHz, 16-bit signed; two channels are interleaved (first channel first). */
  pcm: Int16Array;
  channels: 1 | 2;
  track: RecordingTrack;
}

/** What `add` needs: one channel and both tracks unless said otherwise. */
export type NewRecording = Omit<SimRecording, 'sid' | 'createdAt' | 'updatedAt' | 'channels' | 'track'> & Partial<Pick<SimRecording, 'channels' | 'track'>>;

/** A recording started, ended with audio (completed), or ended with none (absent: dropped). */
export type RecordingChange = 'started' | 'completed' | 'absent';

/** Sample rate of every stored recording. */
export const RECORDING_SAMPLE_RATE = 8000;

/** Whole seconds of a recording, as Twilio reports `duration`. */
export function recordingSeconds(recording: Pick<SimRecording, 'pcm' | 'channels'>): number {
  return Math.round(recording.pcm.length / recording.channels / RECORDING_SAMPLE_RATE);
}

/** `/2010-04-01/Accounts/{AccountSid}/Recordings/{Sid}`: where the REST API serves it, and its media URL without extension. */
export function recordingPath(recording: SimRecording, accountSid: string): string {
  return `/2010-04-01/Accounts/${accountSid}/Recordings/${recording.sid}`;
}

/**
 * A recording status callback's parameters (besides the call's own AccountSid and CallSid), as
 * Twilio posts them; `publicUrl` is where its RecordingUrl points.
 */
export function recordingStatusParams(recording: SimRecording, publicUrl: string, accountSid: string): Record<string, string> {
  return {
    RecordingUrl: `${publicUrl}${recordingPath(recording, accountSid)}`,
    RecordingSid: recording.sid,
    RecordingDuration: String(recordingSeconds(recording)),
    RecordingStatus: recording.status,
    RecordingChannels: String(recording.channels),
    RecordingSource: recording.source,
    RecordingTrack: recording.track,
    RecordingStartTime: recording.startedAt.toUTCString(),
  };
}

/** A recording as the state folder keeps it (its audio in `<sid>.wav`). */
interface SavedRecording {
  sid: string;
  callSid: string;
  conferenceSid?: string;
  source: RecordingSource;
  track?: RecordingTrack;
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
  add(recording: NewRecording): SimRecording {
    const created = new Date();
    const stored: SimRecording = { channels: 1, track: 'both', ...recording, sid: newSid('RE'), createdAt: created, updatedAt: created };
    this.recordings.set(stored.sid, stored);
    this.changed(stored, stored.status === 'completed' ? 'completed' : 'started');
    return stored;
  }

  /** A live recording paused, resumed or stopped (its audio comes with `finish`). */
  setStatus(recording: SimRecording, status: 'in-progress' | 'paused' | 'stopped'): void {
    Object.assign(recording, { status, updatedAt: new Date() });
  }

  /**
   * Gives a live recording its audio: completed, or absent (and dropped, as Twilio does) when
   * there is none. Twilio dates a recording's resource from when it is stored.
   */
  finish(recording: SimRecording, pcm: Int16Array, startedAt: Date, channels: 1 | 2 = 1): void {
    Object.assign(recording, { pcm, channels, startedAt, status: pcm.length ? 'completed' : 'absent', updatedAt: new Date() });
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
        files.keep(`${recording.sid}.wav`, () => encodeWav(recording.pcm, RECORDING_SAMPLE_RATE, recording.channels));
        const { sid, callSid, conferenceSid, source, track } = recording;
        return { sid, callSid, ...(conferenceSid ? { conferenceSid } : {}), source, track, startedAt: recording.startedAt.toISOString(), createdAt: recording.createdAt.toISOString() };
      });
  }

  restore(state: unknown, files: StoreFiles): void {
    if (!Array.isArray(state)) throw new Error('the recordings are not a list');
    for (const saved of state as SavedRecording[]) {
      const [startedAt, createdAt] = [new Date(saved?.startedAt), new Date(saved?.createdAt)];
      if (!SID.test(String(saved?.sid)) || typeof saved.callSid !== 'string' || isNaN(startedAt.getTime()) || isNaN(createdAt.getTime()))
        throw new Error('a recording lacks its sid, CallSid or dates');
      // A recording whose audio file was deleted is gone, as if deleted through the API.
      const audio = files.read(`${saved.sid}.wav`);
      if (!audio) continue;
      const { sid, callSid, conferenceSid, source } = saved;
      const track = saved.track === 'inbound' || saved.track === 'outbound' ? saved.track : 'both';
      const channels = decodeWavChannels(audio);
      const [first, second] = channels;
      const pcm = second ? Int16Array.from({ length: first.length * 2 }, (_, i) => channels[i % 2][i >> 1]) : first;
      this.recordings.set(sid, {
        sid,
        callSid,
        ...(conferenceSid ? { conferenceSid } : {}),
        source,
        track,
        status: 'completed',
        startedAt,
        createdAt,
        updatedAt: createdAt,
        pcm,
        channels: second ? 2 : 1,
      });
    }
  }

  private changed(recording: SimRecording, change: RecordingChange): void {
    for (const listener of this.listeners) listener(recording, change);
  }
}
