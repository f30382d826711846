/**
 * Whisper TwiML (`<Client url>`, `<Number url>`): run on the answering leg before it is bridged,
 * as Twilio does for screening ("press 1 to accept"). Audio verbs play to the called party only;
 * `<Dial>` cannot be used there (Twilio's 13201). The document running to its end bridges the
 * call; `<Hangup>`, `<Reject>` or the called party hanging up leaves it unconnected.
 */
import type { SpeechSynth } from '../media/audio/speech';
import { legControl } from './leg-control';
import type { Leg } from './legs';
import { executeTwiml, type TwimlDocument } from '../twiml/twiml-executor';
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
  const control = legControl({
    media: leg.media!,
    speech: context.speech,
    stopped: Promise.race([leg.endedSignal, context.parentEnded]),
    isStopped: () => leg.ended || context.isParentEnded(),
    note: (text, code) => context.note(text, code),
    said: (text) => context.note(`whisper to ${leg.record.to}: <Say> ${text}`),
    heard: (item) => (leg.record.heard ??= []).push(item),
    dial: () => {
      context.note('Dial: cannot Dial out from a Dial call segment', 13201);
      return Promise.resolve({ status: 'failed' });
    },
    fetch: (kind, url, extra) => context.fetch(kind, url, extra),
  });
  const end = await executeTwiml(control, document);
  return end.by === 'end-of-document' && !control.ended;
}
