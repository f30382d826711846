/**
 * Whisper TwiML (`<Client url>`, `<Number url>`): run on the answering leg before it is bridged,
 * as Twilio does for screening ("press 1 to accept"). Audio verbs play to the called party only;
 * `<Dial>` cannot be used there (Twilio's 13201). The document running to its end bridges the
 * call; `<Hangup>`, `<Reject>` or the called party hanging up leaves it unconnected.
 */
import type { SpeechSynth } from '../media/audio/speech';
import { CallAudio } from './call-audio';
import type { Leg } from './legs';
import { executeTwiml, type CallControl, type TwimlDocument } from '../twiml/twiml-executor';
import type { WebhookParams } from '../twiml/webhooks';

/** What a whisper needs from the parent call. */
export interface WhisperContext {
  speech: SpeechSynth;
  /** Resolves when the parent call ends. */
  parentEnded: Promise<void>;
  isParentEnded(): boolean;
  note(text: string, code?: number): void;
  /** Fetches a document for the leg (action or redirect of the whisper). */
  fetch(kind: 'action' | 'redirect', url: string, extra: WebhookParams): Promise<TwimlDocument | undefined>;
}

/** Runs `document` on `leg`; true when the leg should now be bridged. */
export async function runWhisper(leg: Leg, document: TwimlDocument, context: WhisperContext): Promise<boolean> {
  const ended = Promise.race([leg.endedSignal, context.parentEnded]);
  const audio = new CallAudio({
    media: leg.media!,
    speech: context.speech,
    ended,
    note: context.note,
    said: (text) => context.note(`whisper to ${leg.record.to}: <Say> ${text}`),
  });
  const control: CallControl = {
    get ended() {
      return leg.ended || context.isParentEnded();
    },
    answer: async () => undefined,
    earlyMedia: async () => undefined,
    say: (verb) => audio.say(verb),
    play: (verb, url) => audio.play(verb, url),
    pause: (verb) => audio.pause(verb),
    gather: (verb, resolve) => audio.gather(verb, resolve),
    recordMessage: async () => {
      context.note('<Record> in whisper TwiML is not simulated; skipped');
      return undefined;
    },
    note: context.note,
    dial: async () => {
      context.note('Dial: cannot Dial out from a Dial call segment', 13201);
      return { status: 'failed' };
    },
    fetch: context.fetch,
  };
  const end = await executeTwiml(control, document);
  return end.by === 'end-of-document' && !control.ended;
}
