/**
 * TwiML run on a dialled leg after a REST API update (`Twiml`/`Url` on the child CallSid): the
 * leg has left its bridge (its dialler went on to its `<Dial action>`) and is now a call in its
 * own right, running its own documents on its own media endpoint, as Twilio documents for child
 * legs. Audio verbs, `<Gather>`, `<Hangup>`, `<Reject>`, `<Redirect>` run; `<Dial><Conference>`
 * mixes the leg into the conference (how a call moves from a bridge into a conference), and
 * `<Dial>` of `<Client>`/`<Number>` rings legs whose parent is this leg and bridges the leg to
 * the winner (how a cold transfer moves a dialled party), then requests its `action` with this
 * leg's CallSid. A further REST API update replaces the running document. The end of the
 * document hangs the leg up.
 */
import { now, webhookEntry, type SimCall, type SimWebhook } from './call-log';
import { DialBridge, type DialNetwork, type DialSide } from './dial-bridge';
import { interruptible, RedirectSlot, type RedirectSource } from './interruptible-control';
import { legControl } from './leg-control';
import type { Leg } from './legs';
import type { SpeechSynth } from '../media/audio/speech';
import { redirectDocument, twimlAnswer } from './twiml-answer';
import { executeTwiml, type CallControl, type TwimlDocument } from '../twiml/twiml-executor';
import { postWebhook, type WebhookParams } from '../twiml/webhooks';

export interface LegTwimlContext {
  /** The call log entry of the call the leg belongs to: the leg's webhooks and notes go there, its `<Say>`s to the leg's own record. */
  call: SimCall;
  /** The CallSid of the leg's dialler (the parent call, or the redirected leg that dialled it). */
  parentSid: string;
  accountSid: string;
  authToken: string;
  webhookTimeoutMs?: number;
  speech: SpeechSynth;
  /** The devices, media and conferences its own `<Dial>` reaches. */
  network: DialNetwork;
}

/** A dialled leg running TwiML of its own, from its first REST API redirect until it hangs up; the side its own `<Dial>`s dial from. */
export class RedirectedLeg implements DialSide {
  /** Its `<Dial>`s: the legs it rings are grandchildren of the call. */
  readonly bridge: DialBridge;
  readonly redirects = new RedirectSlot();

  constructor(
    readonly leg: Leg,
    private readonly context: LegTwimlContext,
  ) {
    this.bridge = new DialBridge(context.network, this);
  }

  get device() {
    return this.leg.device;
  }

  get media() {
    return this.leg.media!;
  }

  get ended(): boolean {
    return this.leg.ended;
  }

  get endedSignal(): Promise<void> {
    return this.leg.endedSignal;
  }

  /** Runs `source`, then whatever REST API redirects replace it with, until the leg ends; never rejects. */
  async run(source: RedirectSource): Promise<void> {
    let next: RedirectSource | undefined = source;
    try {
      while (next && !this.leg.ended) {
        const document = await redirectDocument(
          next,
          'http://localhost/',
          (url) => this.fetch('redirect', url, {}),
          (text, code) => this.note(text, code),
        );
        if (document && !this.leg.ended)
          await executeTwiml(
            interruptible(this.control(), () => this.redirects.pending),
            document,
          );
        next = this.redirects.take();
      }
    } catch (error) {
      this.note(`simulator error: ${(error as Error).message}`);
    }
    this.leg.hangup();
  }

  /** `Twiml`/`Url` on the leg again: the running document stops (its dial or conference ends) and the new one runs. */
  redirect(source: RedirectSource): void {
    this.note('redirected through the REST API');
    this.redirects.request(source);
    this.leg.media?.stopPlayback();
    this.bridge.update();
  }

  /** The executor's view of the leg for one document: it stops at hangup or at a REST API redirect. */
  private control(): CallControl {
    const { leg, context } = this;
    return legControl({
      media: leg.media!,
      speech: context.speech,
      stopped: Promise.race([leg.endedSignal, this.redirects.arrival]),
      isStopped: () => leg.ended,
      note: (text, code) => this.note(text, code),
      said: (text) => (leg.record.says ??= []).push(text),
      heard: (item) => (leg.record.heard ??= []).push(item),
      dial: (verb, resolve) => this.bridge.dial(verb, resolve),
      fetch: (kind, url, extra) => this.fetch(kind, url, extra),
    });
  }

  params(): WebhookParams {
    const { leg, context } = this;
    return {
      AccountSid: context.accountSid,
      ApiVersion: '2010-04-01',
      CallSid: leg.sid,
      ParentCallSid: context.parentSid,
      From: leg.record.from,
      To: leg.record.to,
      Direction: 'outbound-dial',
      CallStatus: 'in-progress',
    };
  }

  note(text: string, code?: number): void {
    this.context.call.events.push({ at: now(), text: `${this.leg.sid}: ${text}`, ...(code ? { code } : {}) });
  }

  logWebhook(webhook: SimWebhook): void {
    this.context.call.webhooks.push(webhook);
  }

  async fetch(kind: 'action' | 'redirect' | 'whisper', url: string, extra: WebhookParams): Promise<TwimlDocument | undefined> {
    const { context } = this;
    const result = await postWebhook(url, { ...this.params(), ...extra }, context.authToken, context.webhookTimeoutMs);
    this.logWebhook(webhookEntry(kind, result));
    const answer = twimlAnswer(result, (text, code) => this.note(text, code));
    return 'document' in answer ? answer.document : undefined;
  }
}
