/**
 * A recording's media files (`.wav`, `.mp3`), encoded from its PCM once and kept: encoding MP3
 * costs ~1.5 s of CPU per minute of two-channel audio, far too much to repeat for every range a
 * player asks for. A recording's MP3 is made in the background as soon as it completes, as
 * Twilio's media is ready once a recording is; a request that comes sooner waits for it.
 */
import type { RecordingStore, SimRecording } from '../calls/recordings';
import { encodeMp3Async } from '../media/audio/mp3';
import { encodeWav } from '../media/audio/wav';

/** A media file: its MIME type and bytes. */
export interface MediaFile {
  type: string;
  body: Buffer;
}

/** Formats by extension (none: WAV, as Twilio). */
const FORMATS: Readonly<Record<string, { type: string; encode: (recording: SimRecording) => Promise<Buffer> }>> = {
  '': { type: 'audio/x-wav', encode: (r) => Promise.resolve(encodeWav(r.pcm, undefined, r.channels)) },
  '.wav': { type: 'audio/x-wav', encode: (r) => Promise.resolve(encodeWav(r.pcm, undefined, r.channels)) },
  '.mp3': { type: 'audio/mpeg', encode: (r) => encodeMp3Async(r.pcm, undefined, r.channels) },
};

/** The media of the recordings of one store. */
export class MediaFiles {
  private readonly files = new WeakMap<SimRecording, Map<string, Promise<Buffer>>>();

  constructor(store: RecordingStore) {
    store.onChange((recording, change) => {
      if (change === 'completed') void this.file(recording, '.mp3');
    });
  }

  /** True for an extension Twilio serves media at. */
  static served(extension: string): boolean {
    return Object.hasOwn(FORMATS, extension);
  }

  /** The file of `recording` in the format of `extension` (see `served`). */
  async file(recording: SimRecording, extension: string): Promise<MediaFile> {
    const format = FORMATS[extension];
    let byFormat = this.files.get(recording);
    if (!byFormat) this.files.set(recording, (byFormat = new Map<string, Promise<Buffer>>()));
    let body = byFormat.get(format.type);
    if (!body) byFormat.set(format.type, (body = format.encode(recording)));
    return { type: format.type, body: await body };
  }
}
