/**
 * TwiML run on a dialled leg after a REST API update (`Twiml`/`Url` on the child CallSid): the
 * leg has left its bridge (the parent went on to its `<Dial action>`) and now runs its own
 * document on its own media endpoint, as Twilio documents for child legs. Audio verbs, `<Gather>`,
 * `<Hangup>`, `<Reject>`, `<Redirect>` run, and `<Dial><Conference>` mixes the leg into the
 * conference (how a call moves from a bridge into a conference); any other `<Dial>` from a child
 * leg is not simulated and ends as failed with a note. The end of the document hangs the leg up.
 */
import { now, webhookEntry, type SimCall } from './call-log';
import type { ConferenceRooms } from './conference-rooms';
import type { RedirectSource } from './interruptible-control';
import { legControl } from './leg-control';
import type { Leg } from './legs';
import type { SpeechSynth } from '../media/audio/speech';
import { redirectDocument, twimlAnswer } from './twiml-answer';
import { executeTwiml, type TwimlDocument } from '../twiml/twiml-executor';
import { postWebhook, type WebhookParams } from '../twiml/webhooks';

export interface LegTwimlContext {
  /** The parent's call log entry: the leg's webhooks and notes go there, its `<Say>`s to the leg's own record. */
  parent: SimCall;
  accountSid: string;
  authToken: string;
  webhookTimeoutMs?: number;
  speech: SpeechSynth;
  /** The live conferences `<Dial><Conference>` joins. */
  conferences: ConferenceRooms;
}

/** Runs `source` on `leg` until the document ends or the leg hangs up; never rejects. */
export async function runLegTwiml(leg: Leg, source: RedirectSource, context: LegTwimlContext): Promise<void> {
  const note = (text: string, code?: number) => context.parent.events.push({ at: now(), text: `${leg.sid}: ${text}`, ...(code ? { code } : {}) });
  const params = (): WebhookParams => ({ AccountSid: context.accountSid, ApiVersion: '2010-04-01', CallSid: leg.sid, ParentCallSid: context.parent.sid, From: leg.record.from, To: leg.record.to, Direction: 'outbound-dial', CallStatus: 'in-progress' });
  const fetchDocument = async (kind: 'action' | 'redirect', url: string, extra: WebhookParams): Promise<TwimlDocument | undefined> => {
    const result = await postWebhook(url, { ...params(), ...extra }, context.authToken, context.webhookTimeoutMs);
    context.parent.webhooks.push(webhookEntry(kind, result));
    const answer = twimlAnswer(result, note);
    return 'document' in answer ? answer.document : undefined;
  };
  const control = legControl({
    media: leg.media!,
    speech: context.speech,
    stopped: leg.endedSignal,
    isStopped: () => leg.ended,
    note,
    said: (text) => (leg.record.says ??= []).push(text),
    dial: (verb, resolve) =>
      context.conferences.dialFromLeg(verb, {
        callSid: leg.sid,
        media: leg.media!,
        resolve,
        gone: leg.endedSignal,
        params: params(),
        note,
        logWebhook: (webhook) => context.parent.webhooks.push(webhook),
      }),
    fetch: fetchDocument,
  });
  try {
    const document = await redirectDocument(source, 'http://localhost/', (url) => fetchDocument('redirect', url, {}), note);
    if (document && !leg.ended) await executeTwiml(control, document);
  } catch (error) {
    note(`simulator error: ${(error as Error).message}`);
  }
  leg.hangup();
}
