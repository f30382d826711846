/**
 * Any audio file `<Play>` may fetch, to 8 kHz PCM: WAV and MP3 recognised by their content (a
 * server's Content-Type is often wrong or generic), raw µ-law by its declared type (it has no header).
 */
import { AudioFormatError } from './audio-error';
import { decodeMulaw } from './g711';
import { decodeMp3 } from './mp3';
import { decodeWav } from './wav';

/** Content types of headerless 8 kHz µ-law, which only the type can announce. */
const MULAW_TYPES = new Set(['audio/basic', 'audio/ulaw', 'audio/x-ulaw', 'audio/mulaw', 'audio/x-mulaw', 'audio/pcmu']);

/** True when the bytes start like an MP3: an ID3 tag or an MPEG audio frame header. */
function looksLikeMp3(bytes: Uint8Array): boolean {
  const id3 = bytes[0] === 0x49 && bytes[1] === 0x44 && bytes[2] === 0x33;
  const frameSync = bytes[0] === 0xff && (bytes[1] & 0xe0) === 0xe0;
  return id3 || frameSync;
}

/**
 * Decodes a WAV, an MP3 or (when `contentType` says so) raw µ-law file to 8 kHz mono PCM.
 * Throws AudioFormatError for anything else, naming what it got.
 */
export async function decodeAudioFile(bytes: Uint8Array, contentType = ''): Promise<Int16Array> {
  const type = contentType.split(';')[0].trim().toLowerCase();
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buffer.toString('latin1', 0, 4) === 'RIFF') return decodeWav(buffer);
  // Before sniffing MP3: µ-law silence (0xFF 0xFF…) looks like an MPEG frame header.
  if (MULAW_TYPES.has(type)) return decodeMulaw(bytes);
  if (looksLikeMp3(bytes)) return decodeMp3(bytes);
  throw new AudioFormatError(`unsupported audio (${type || 'no content type'}, ${bytes.length} bytes): expected WAV, MP3 or µ-law`);
}
