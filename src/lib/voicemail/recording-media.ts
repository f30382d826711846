/**
 * A recording's audio as MP3, fetched from Twilio with the account's credentials (media URLs
 * need them once "Enforce HTTP Auth on Media URLs" is on, docs/twilio-limits.md) and passed through,
 * a byte range at a time: Twilio's media storage answers HTTP range requests, so no invocation
 * carries more than MAX_MEDIA_BYTES, however long the recording (docs/recording-playback.md). The
 * request goes through the `twilio` client's own HTTP machinery (its agent: locally the
 * simulator's proxy, docs/twilio-runtime.md), asking for bytes rather than text.
 */
import type { Twilio } from 'twilio';

/**
 * The most bytes one answer carries: a whole voicemail (10 minutes, VOICEMAIL_MAX_SECONDS' maximum,
 * at 32 kbit/s is 2.4 MB), or one piece of a longer recording, fetched well within a Function's 10 s.
 */
export const MAX_MEDIA_BYTES = 4 * 1024 * 1024;

/**
 * The most bytes one answer to a range request carries (a player's; about four minutes of a
 * two-channel call): small enough that a seek starts playing soon on a slow connection.
 */
export const RANGE_BYTES = 1024 * 1024;

/** Basic credentials of the account (ACCOUNT_SID and AUTH_TOKEN, or an API key). */
export interface Credentials {
  readonly username: string;
  readonly password: string;
}

/** Bytes `start` to `end` (inclusive) of a file; `end` undefined: to the end. */
export interface ByteRange {
  readonly start: number;
  readonly end?: number;
}

/** Audio to answer with: the whole file (200), a part of it (206), or a range past its end (416). */
export type MediaPart =
  { readonly status: 200; readonly body: Buffer } | { readonly status: 206; readonly body: Buffer; readonly contentRange: string } | { readonly status: 416; readonly contentRange: string };

/** The `.mp3` URL of a recording's `media_url`, only on Twilio's own https hosts (credentials go nowhere else). */
export function mp3Url(mediaUrl: string): string | undefined {
  let url: URL;
  try {
    url = new URL(mediaUrl);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' || !(url.hostname === 'twilio.com' || url.hostname.endsWith('.twilio.com')) || url.search) return undefined;
  return `${url.origin}${url.pathname.replace(/\.(wav|mp3|json)$/, '')}.mp3`;
}

/**
 * A `Range` header's single byte range (`bytes=A-B`, `bytes=A-`), or undefined for none; a
 * suffix range (`bytes=-N`), several ranges or anything malformed counts as none, as RFC 9110
 * lets a server treat them: the answer is then the file from its start.
 */
export function byteRange(header: string): ByteRange | undefined {
  const match = /^bytes=(\d{1,15})-(\d{0,15})$/.exec(header.trim());
  if (!match) return undefined;
  const [start, end] = [Number(match[1]), match[2] ? Number(match[2]) : undefined];
  return end === undefined || end >= start ? { start, end } : undefined;
}

/** `Content-Range: bytes A-B/TOTAL` → its numbers. */
const CONTENT_RANGE = /^bytes (\d+)-(\d+)\/(\d+)$/;

/**
 * The MP3 bytes of `range` (at most RANGE_BYTES of it; without a range, at most MAX_MEDIA_BYTES
 * from the file's start: a whole voicemail), undefined when Twilio has no such media (404). Twilio may answer with a redirect to a
 * short-lived storage URL: that one is followed without the credentials, asking for the same range.
 */
export async function fetchMp3(client: Twilio, mediaUrl: string, credentials: Credentials, timeoutMs: number, range?: ByteRange): Promise<MediaPart | undefined> {
  const url = mp3Url(mediaUrl);
  if (!url) throw new Error('the recording has no Twilio media URL');
  const start = range?.start ?? 0;
  const last = Math.min(range?.end ?? Infinity, start + (range ? RANGE_BYTES : MAX_MEDIA_BYTES) - 1);
  const basic = `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`;
  const get = (target: string, authorization?: string) =>
    client.httpClient.axios.get<ArrayBuffer>(target, {
      responseType: 'arraybuffer',
      headers: { Range: `bytes=${start}-${last}`, ...(authorization ? { Authorization: authorization } : {}) },
      timeout: timeoutMs,
      maxRedirects: 0,
      // A storage that ignored the range would send the whole file: refused past the limit.
      maxContentLength: MAX_MEDIA_BYTES,
      proxy: false,
      validateStatus: () => true,
    });
  let answer = await get(url, basic);
  const location: unknown = answer.headers.location;
  if (answer.status >= 300 && answer.status < 400 && typeof location === 'string' && new URL(location, url).protocol === 'https:') answer = await get(new URL(location, url).href);
  if (answer.status === 404) return undefined;
  if (answer.status === 416) return { status: 416, contentRange: String(answer.headers['content-range'] ?? 'bytes */0') };
  const body = Buffer.from(answer.data);
  if (answer.status === 200) return partOf(body, start, last, body.length);
  const parts = CONTENT_RANGE.exec(String(answer.headers['content-range'] ?? ''));
  if (answer.status !== 206 || !parts) throw new Error(`Twilio answered ${answer.status} for a recording's media`);
  const total = Number(parts[3]);
  return Number(parts[1]) === 0 && body.length === total && !range ? { status: 200, body } : { status: 206, body, contentRange: `bytes ${parts[1]}-${parts[2]}/${total}` };
}

/** Bytes `start`–`last` of a whole file that came back whole (a storage that ignores ranges). */
function partOf(file: Buffer, start: number, last: number, total: number): MediaPart {
  if (start >= total) return { status: 416, contentRange: `bytes */${total}` };
  const end = Math.min(last, total - 1);
  return start === 0 && end === total - 1 ? { status: 200, body: file } : { status: 206, body: file.subarray(start, end + 1), contentRange: `bytes ${start}-${end}/${total}` };
}
