/**
 * The executor's view of one leg that runs TwiML on its own media endpoint with no caller behind
 * it: a whisper, a dialled leg redirected through the REST API, an API-created call. Audio verbs
 * play on the leg's endpoint; `<Dial>` and `<Record>` are whatever the owner makes of them.
 */
import { CallAudio, type CallAudioContext } from './call-audio';
import type { LegMedia } from '../media/leg-media';
import type { SpeechSynth } from '../media/audio/speech';
import type { CallControl } from '../twiml/twiml-executor';

export interface LegControlOptions {
  media: LegMedia;
  speech: SpeechSynth;
  /** Resolves when the document must stop (hangup, end of the call, a REST API redirect). */
  stopped: Promise<void>;
  isStopped(): boolean;
  note(text: string, code?: number): void;
  /** Logs a spoken sentence. */
  said(text: string): void;
  /** Logs each sound as it plays (the call log's `heard`). */
  heard?: CallAudioContext['heard'];
  fetch: CallControl['fetch'];
  dial: CallControl['dial'];
  /** Default: `<Record>` is skipped with a note. */
  recordMessage?: CallControl['recordMessage'];
}

/** A CallControl over one leg's media; answering is a no-op (the leg is answered already). */
export function legControl(options: LegControlOptions): CallControl {
  const audio = new CallAudio({
    media: options.media,
    speech: options.speech,
    ended: options.stopped,
    note: (text, code) => options.note(text, code),
    said: (text) => options.said(text),
    heard: options.heard,
  });
  return {
    get ended() {
      return options.isStopped();
    },
    answer: () => Promise.resolve(),
    earlyMedia: () => Promise.resolve(),
    say: (verb) => audio.say(verb),
    play: (verb, url) => audio.play(verb, url),
    pause: (verb) => audio.pause(verb),
    gather: (verb, resolve) => audio.gather(verb, resolve),
    recordMessage:
      options.recordMessage ??
      (() => {
        options.note('<Record> on this leg is not simulated; skipped');
        return Promise.resolve(undefined);
      }),
    note: (text, code) => options.note(text, code),
    dial: options.dial,
    fetch: options.fetch,
  };
}
