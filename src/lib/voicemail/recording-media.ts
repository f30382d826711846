/**
 * A recording's audio as MP3, fetched from Twilio with the account's credentials (media URLs
 * need them once "Enforce HTTP Auth on Media URLs" is on, docs/twilio-limits.md) and passed through. The
 * request goes through the `twilio` client's own HTTP machinery (its agent: locally the
 * simulator's proxy, docs/twilio-runtime.md), asking for bytes rather than text.
 */
import type { Twilio } from 'twilio';

/** 10 minutes (VOICEMAIL_MAX_SECONDS' maximum) at 32 kbit/s is 2.4 MB; a Function may answer a few MB. */
export const MAX_MEDIA_BYTES = 4 * 1024 * 1024;

/** Basic credentials of the account (ACCOUNT_SID and AUTH_TOKEN, or an API key). */
export interface Credentials {
  readonly username: string;
  readonly password: string;
}

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
 * The MP3 bytes, undefined when Twilio has no such media (404). Twilio may answer with a redirect
 * to a short-lived storage URL: that one is followed without the credentials.
 */
export async function fetchMp3(client: Twilio, mediaUrl: string, credentials: Credentials, timeoutMs: number): Promise<Buffer | undefined> {
  const url = mp3Url(mediaUrl);
  if (!url) throw new Error('the recording has no Twilio media URL');
  const basic = `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`;
  const get = (target: string, authorization?: string) =>
    client.httpClient.axios.get<ArrayBuffer>(target, {
      responseType: 'arraybuffer',
      headers: authorization ? { Authorization: authorization } : {},
      timeout: timeoutMs,
      maxRedirects: 0,
      maxContentLength: MAX_MEDIA_BYTES,
      proxy: false,
      validateStatus: () => true,
    });
  let answer = await get(url, basic);
  const location: unknown = answer.headers.location;
  if (answer.status >= 300 && answer.status < 400 && typeof location === 'string' && new URL(location, url).protocol === 'https:') answer = await get(new URL(location, url).href);
  if (answer.status === 404) return undefined;
  if (answer.status !== 200) throw new Error(`Twilio answered ${answer.status} for a recording's media`);
  return Buffer.from(answer.data);
}
