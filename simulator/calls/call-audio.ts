/**
 * The verbs a caller hears and answers with their keypad or voice, run on the caller's media:
 * `<Say>`, `<Play>`, `<Pause>`, `<Gather input="dtmf">` (its prompts interrupted by the first
 * key) and `<Record>`. Each resolves when Twilio would move on: at the end of the audio, on the
 * Gather's last digit or timeout, on the Record's key, silence or maximum length, or at hangup.
 */
import { now, type SimHeard } from './call-log';
import { decodeMp3 } from '../media/audio/mp3';
import { concatPcm } from '../media/audio/pcm';
import { isSilentFrame, trimSilence } from '../media/audio/silence';
import type { SpeechSynth } from '../media/audio/speech';
import { beep } from '../media/audio/tones';
import { decodeWav } from '../media/audio/wav';
import type { LegMedia } from '../media/leg-media';
import { isLoopbackUrl } from '../twiml/webhooks';
import type { TwimlNode } from '../twiml/twiml-document';

/** What the verbs need from the call. */
export interface CallAudioContext {
  media: LegMedia;
  /** Speaks `<Say>` text (cached per text and voice). */
  speech: SpeechSynth;
  /** Resolves when the call ends. */
  ended: Promise<void>;
  note(text: string, code?: number): void;
  /** Logs a spoken sentence in the call log's `says`. */
  said(text: string): void;
  /**
   * Hears each sound as its audio starts, and listening (`<Gather>`, `<Record>`) as it starts; the
   * same object gets its `endedAt` when it stops (the call log's `heard`: what the line plays now).
   */
  heard?(item: SimHeard): void;
}

/** What a `<Gather>` collected. */
export interface GatherResult {
  digits: string;
}

/** What a `<Record>` kept (8 kHz PCM) and how it ended. */
export interface RecordResult {
  pcm: Int16Array;
  startedAt: Date;
  /** The finishOnKey key that ended it, '' otherwise; 'hangup' when the caller hung up. */
  digits: string;
}

/**
 * Twilio's `<Say>` limits by kind of voice (warning 13521 beyond them): basic voices 4,096
 * characters, Polly 3,000, Google 5,000. Twilio does not say what it speaks then; the simulator
 * speaks the first characters up to the limit.
 */
export function maxSayChars(voice: string | undefined): number {
  if (/^polly\./i.test(voice ?? '')) return 3000;
  if (/^google\./i.test(voice ?? '')) return 5000;
  return 4096;
}
/** `loop="0"` plays this many times, as Twilio caps it. */
const LOOP_FOREVER = 1000;
/** `<Pause length>` default and maximum; `<Gather timeout>` default; `<Record>` defaults. */
const PAUSE = { default: 1, max: 100 };
const GATHER = { timeout: 5, finishOnKey: '#' };
const RECORD = { maxLength: 3600, timeout: 5, finishOnKey: '1234567890*#' };
/** Largest `<Play>` file fetched. */
const MAX_PLAY_BYTES = 20 * 1024 * 1024;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A whole number attribute within bounds, or the default. */
export function numberAttr(value: string | undefined, fallback: number, min: number, max: number): number {
  const parsed = Number(value);
  return value === undefined || value === '' || !Number.isFinite(parsed) ? fallback : Math.min(Math.max(parsed, min), max);
}

function loops(value: string | undefined): number {
  const count = numberAttr(value, 1, 0, LOOP_FOREVER);
  return count === 0 ? LOOP_FOREVER : Math.floor(count);
}

/** Runs the audio verbs of one call on its caller's media. */
export class CallAudio {
  constructor(private readonly call: CallAudioContext) {}

  /** `<Say>`: speaks the text `loop` times; the sentence goes in the call log. */
  async say(verb: TwimlNode, interrupted: () => boolean = () => false): Promise<void> {
    let text = verb.text;
    const max = maxSayChars(verb.attrs.voice);
    if (text.length > max) {
      this.call.note(`<Say> element character limits exceeded: longer than ${max} characters for this voice; the simulator speaks the first ${max}`, 13521);
      text = text.slice(0, max);
    }
    this.call.said(text);
    // A caller without media hears nothing: no need to synthesise what nobody hears.
    if (!this.call.media.endpoint.hasMedia) return;
    let speech: Int16Array;
    try {
      speech = await this.call.speech.speak(text, { voice: verb.attrs.voice, language: verb.attrs.language });
    } catch (error) {
      this.call.note(`<Say> could not be spoken: ${(error as Error).message}`);
      return;
    }
    await this.hear('say', text, async () => {
      for (let i = loops(verb.attrs.loop); i > 0 && !interrupted(); i--) if (!(await this.until(this.call.media.play(speech)))) return;
    });
  }

  /** `<Play>`: a WAV or MP3 file from the URL `loop` times, or `digits` as telephone-events. */
  async play(verb: TwimlNode, url: string | undefined, interrupted: () => boolean = () => false): Promise<void> {
    if (verb.attrs.digits !== undefined) {
      const digits = verb.attrs.digits.replace(/[^0-9*#wW]/g, '');
      await this.hear('play', `digits ${digits}`, () => this.until(this.call.media.sendDigits(digits).then(() => true)));
      return;
    }
    const audio = url ? await fetchAudio(url, (text, code) => this.call.note(text, code)) : undefined;
    if (!audio) return;
    await this.hear('play', url, async () => {
      for (let i = loops(verb.attrs.loop); i > 0 && !interrupted(); i--) if (!(await this.until(this.call.media.play(audio)))) return;
    });
  }

  /** `<Pause length>`; a key press ends it early when `interrupt` resolves first. */
  async pause(verb: TwimlNode, interrupt?: Promise<void>): Promise<void> {
    const seconds = numberAttr(verb.attrs.length, PAUSE.default, 0, PAUSE.max);
    await this.hear('pause', `${seconds} s`, () => Promise.race([sleep(seconds * 1000), this.call.ended, ...(interrupt ? [interrupt] : [])]));
  }

  /** `<Gather input="dtmf">`: prompts (interrupted by the first key), then digits until numDigits, finishOnKey or timeout. */
  async gather(verb: TwimlNode, resolve: (url: string) => string | undefined): Promise<GatherResult> {
    const { media } = this.call;
    if (verb.attrs.input && !verb.attrs.input.split(/\s+/).includes('dtmf')) this.call.note(`<Gather input="${verb.attrs.input.slice(0, 20)}">: only dtmf is simulated`);
    const timeout = numberAttr(verb.attrs.timeout, GATHER.timeout, 1, 600);
    const numDigits = numberAttr(verb.attrs.numDigits, 0, 1, 256);
    const finishOnKey = verb.attrs.finishOnKey ?? GATHER.finishOnKey;
    let digits = '';
    let heard = false;
    let timer: NodeJS.Timeout | undefined;
    let over = false;
    let settle!: () => void;
    const finished = new Promise<void>((resolve) => (settle = resolve));
    // Keys after the one that ended the input are not part of it.
    const finish = () => {
      over = true;
      settle();
    };
    let firstKey!: () => void;
    const interrupt = new Promise<void>((resolve) => (firstKey = resolve));
    const waitForNext = () => {
      clearTimeout(timer);
      timer = setTimeout(finish, timeout * 1000);
    };
    const stopListening = media.onDigit((digit) => {
      if (over) return;
      if (!heard) {
        heard = true;
        media.stopPlayback();
        firstKey();
      }
      if (finishOnKey.includes(digit)) return finish();
      digits += digit;
      if (numDigits && digits.length >= numDigits) return finish();
      waitForNext();
    });
    const interrupted = () => heard;
    for (const prompt of verb.children) {
      if (interrupted()) break;
      if (prompt.name === 'Say') await this.say(prompt, interrupted);
      else if (prompt.name === 'Play') await this.play(prompt, resolve(prompt.text), interrupted);
      else if (prompt.name === 'Pause') await this.pause(prompt, interrupt);
      else this.call.note(`<${prompt.name}> cannot be nested in <Gather>; skipped`, 12200);
    }
    if (!heard) waitForNext();
    await this.hear('gather', undefined, () => Promise.race([finished, this.call.ended]));
    clearTimeout(timer);
    stopListening();
    return { digits };
  }

  /** `<Record>`: a beep, then the caller's audio until finishOnKey, silence `timeout`, `maxLength` or hangup. */
  async record(verb: TwimlNode): Promise<RecordResult> {
    const { media } = this.call;
    const maxLength = numberAttr(verb.attrs.maxLength, RECORD.maxLength, 1, 14_400);
    const silenceSeconds = numberAttr(verb.attrs.timeout, RECORD.timeout, 0, 3600);
    const finishOnKey = verb.attrs.finishOnKey ?? RECORD.finishOnKey;
    if (verb.attrs.playBeep !== 'false') await this.hear('beep', undefined, () => this.until(media.play(beep())));
    const startedAt = new Date();
    const chunks: Int16Array[] = [];
    let lastVoiceAt = Date.now();
    let digits = '';
    let finish!: () => void;
    const finished = new Promise<void>((resolve) => (finish = resolve));
    const stopAudio = media.endpoint.onAudio((pcm) => {
      chunks.push(pcm);
      if (!isSilentFrame(pcm)) lastVoiceAt = Date.now();
    });
    const stopDigits = media.onDigit((digit) => {
      if (!finishOnKey.includes(digit) || digits) return;
      digits = digit;
      finish();
    });
    const silence = setInterval(() => silenceSeconds > 0 && Date.now() - lastVoiceAt > silenceSeconds * 1000 && finish(), 100);
    const longest = setTimeout(finish, maxLength * 1000);
    await this.hear('record', undefined, () => Promise.race([finished, this.call.ended.then(() => (digits = 'hangup'))]));
    clearInterval(silence);
    clearTimeout(longest);
    stopAudio();
    stopDigits();
    const pcm = concatPcm(...chunks);
    return { pcm: verb.attrs.trim === 'do-not-trim' ? pcm : trimSilence(pcm), startedAt, digits };
  }

  /** Runs `sound` as a `heard` item of the log: started now, ended when `sound` settles. */
  private async hear<T>(kind: SimHeard['kind'], text: string | undefined, sound: () => Promise<T>): Promise<T> {
    const item: SimHeard = { kind, ...(text === undefined ? {} : { text }), startedAt: now() };
    this.call.heard?.(item);
    try {
      return await sound();
    } finally {
      item.endedAt = now();
    }
  }

  /** Resolves with `playing`'s result, or false once the call ended. */
  private until(playing: Promise<boolean>): Promise<boolean> {
    return Promise.race([playing, this.call.ended.then(() => false)]);
  }
}

/** `<Play>`'s audio: a WAV or MP3 file from a URL on this machine; undefined (with a note, 11200) when unusable. */
export async function fetchAudio(url: string, note: (text: string, code?: number) => void): Promise<Int16Array | undefined> {
  if (!isLoopbackUrl(url)) {
    note(`<Play> ${url.slice(0, 200)}: the simulator only fetches http(s) URLs on localhost`, 11200);
    return undefined;
  }
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(15_000), redirect: 'manual' });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const bytes = Buffer.from(await response.arrayBuffer());
    if (bytes.length > MAX_PLAY_BYTES) throw new Error('file larger than 20 MB');
    const mp3 = /mpeg|mp3/i.test(response.headers.get('content-type') ?? '') || bytes.toString('latin1', 0, 3) === 'ID3' || (bytes[0] === 0xff && (bytes[1] & 0xe0) === 0xe0);
    return mp3 ? await decodeMp3(bytes) : decodeWav(bytes);
  } catch (error) {
    note(`<Play> ${url.slice(0, 200)}: ${(error as Error).message}`, 11200);
    return undefined;
  }
}
