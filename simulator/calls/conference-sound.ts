/**
 * What a conference plays from a URL: `waitUrl` while a participant waits, `HoldUrl` while one is
 * held, `AnnounceUrl`. The URL may serve an audio file or TwiML whose `<Play>`, `<Say>` and
 * `<Pause>` make the sound (Twilio loops it). Without a URL: the generated hold music (Twilio's
 * default is a twimlet nobody can reach offline).
 */
import { fetchAudio } from './call-audio';
import { concatPcm, silence } from '../media/audio/pcm';
import type { SpeechSynth } from '../media/audio/speech';
import { holdMusic, HOLD_MUSIC_LOOP_SECONDS } from '../media/audio/tones';
import { parseTwiml } from '../twiml/twiml-document';
import { resolveUrl } from '../twiml/twiml-executor';
import { postWebhook, type WebhookParams } from '../twiml/webhooks';

export interface SoundContext {
  speech: SpeechSynth;
  authToken: string;
  /** The participant's webhook parameters (POST). */
  params: WebhookParams;
  note(text: string, code?: number): void;
}

/** Longest `<Pause>` in a wait document. */
const MAX_PAUSE_SECONDS = 60;

/** The default wait and hold music: one seamless loop. */
export function defaultHoldMusic(): Int16Array {
  return holdMusic(HOLD_MUSIC_LOOP_SECONDS);
}

/** The sound `url` gives with `method` (POST by default); the default hold music when there is no URL or it fails. */
export async function soundFrom(url: string | undefined, method: string | undefined, context: SoundContext): Promise<Int16Array> {
  if (!url) return defaultHoldMusic();
  try {
    const sound = await fetchSound(url, method?.toUpperCase() === 'GET' ? 'GET' : 'POST', context);
    if (sound?.length) return sound;
  } catch (error) {
    context.note(`${url}: ${(error as Error).message}`);
  }
  return defaultHoldMusic();
}

async function fetchSound(url: string, method: 'GET' | 'POST', context: SoundContext): Promise<Int16Array | undefined> {
  let contentType: string;
  let body: string;
  if (method === 'POST') {
    const result = await postWebhook(url, context.params, context.authToken);
    if (result.error) {
      context.note(`${url}: ${result.error.message}`, result.error.code);
      return undefined;
    }
    ({ contentType, text: body } = result);
  } else {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(15_000), redirect: 'manual' });
      contentType = response.headers.get('content-type') ?? '';
      body = /^audio\//i.test(contentType) ? '' : await response.text();
    } catch (error) {
      context.note(`${url}: ${(error as Error).message}`, 11200);
      return undefined;
    }
  }
  if (/^audio\//i.test(contentType)) return fetchAudio(url, (text, code) => context.note(text, code));
  const parsed = parseTwiml(body);
  if (!parsed.ok) {
    context.note(`${url}: ${parsed.message}`, parsed.code);
    return undefined;
  }
  const parts: Int16Array[] = [];
  for (const verb of parsed.verbs) {
    if (verb.name === 'Say') parts.push(await context.speech.speak(verb.text, { voice: verb.attrs.voice, language: verb.attrs.language }));
    else if (verb.name === 'Play') {
      const played = verb.text ? await fetchAudio(resolveUrl(verb.text, url) ?? '', (text, code) => context.note(text, code)) : undefined;
      if (played) parts.push(played);
    } else if (verb.name === 'Pause') parts.push(silence(Math.min(Number(verb.attrs.length ?? 1) || 1, MAX_PAUSE_SECONDS) * 1000));
    else context.note(`<${verb.name}> in a conference's wait, hold or announce TwiML is not simulated; skipped`);
  }
  return concatPcm(...parts);
}
