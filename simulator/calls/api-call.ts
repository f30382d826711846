/**
 * A call the REST API created (`POST /Calls.json`, direction `outbound-api`): queued, then it
 * rings every device of its `To` (a `client:` identity, or the simulated phone of a number), each
 * with the offer of its own media endpoint at the simulator; the first answer wins, and its TwiML
 * (`Url` or `Twiml`) runs on the answered leg's media, so the device hears `<Say>`/`<Play>` and
 * `<Gather>` hears its keys. `<Dial><Conference>` mixes the leg into the conference (a REST
 * Participants create is such a call); `<Dial>` of `<Client>`/`<Number>` rings legs whose parent is
 * this call and bridges the answered leg to the winner, as a parent call's dial does. A REST API
 * update may replace the running TwiML (`redirect`).
 */
import { now, webhookEntry, type SimCall, type SimWebhook } from './call-log';
import { DialRun, type DialOutcome } from './dial';
import { DialBridge, type DialSide } from './dial-bridge';
import { Leg } from './legs';
import { legControl } from './leg-control';
import { newSid } from './sids';
import type { MediaPlane } from '../media/media-plane';
import type { ConferenceRooms } from './conference-rooms';
import type { Device, DeviceRegistry } from '../signaling/devices';
import { executeTwiml, type TwimlDocument } from '../twiml/twiml-executor';
import { RedirectSlot, type RedirectSource } from './interruptible-control';
import { redirectDocument, twimlAnswer } from './twiml-answer';
import { codeLabel } from '../twiml/twiml-errors';
import { postWebhook, type WebhookParams } from '../twiml/webhooks';

/** What `POST /Calls.json` asked for, already checked. */
export interface ApiCallRequest {
  /** `client:alice` or an E.164 number. */
  to: string;
  /** Custom parameters for a `client:` To (`name=value&…`), which its page gets as a `<Client>`'s `<Parameter>`s. */
  parameters?: string;
  from: string;
  /** Exactly one of `url` and `twiml`. */
  url?: string;
  twiml?: string;
  statusCallback?: string;
  /** `initiated`, `ringing`, `answered`, `completed` (completed is always sent when there is a StatusCallback). */
  statusCallbackEvents: ReadonlySet<string>;
  /** Seconds to ring before `no-answer`. */
  timeout: number;
}

/** Hears each status an API call goes through: `ringing`, `in-progress`, then how it ended. */
export type ApiCallObserver = (status: SimCall['status']) => void;

/** What an API call needs from the simulator around it. */
export interface ApiCallContext {
  accountSid: string;
  authToken: string;
  webhookTimeoutMs?: number;
  /** Where each rung leg's media ends. */
  media: MediaPlane;
  /** The devices a `<Dial>` of the call's TwiML rings, and the number it may show. */
  registry: DeviceRegistry;
  teamNumber: string;
  /** The live conferences `<Dial><Conference>` joins. */
  conferences: ConferenceRooms;
  /** The devices that ring for `to`. */
  devicesFor(to: string): Device[];
  /** Routes the leg's frames (`answer`, `reject`, `hangup`) to this call. */
  track(leg: Leg, call: ApiCall): void;
  /** The call ended: forget its routes. */
  finished(call: ApiCall): void;
  stopping(): boolean;
  log(line: string): void;
}

/** One API-created call, from `queued` to its status callback; once answered, the side its TwiML's `<Dial>`s dial from. */
export class ApiCall implements DialSide {
  readonly sid = newSid();
  readonly record: SimCall;
  private dialRun?: DialRun;
  private winner?: Leg;
  /** The answered leg's `<Dial>`s. */
  private readonly bridge: DialBridge;
  private endedByApi = false;
  /** Resolves on `hangupByApi`: the running verb stops. */
  private readonly apiEnded: Promise<void>;
  private signalApiEnded!: () => void;
  /** Set by a REST API update until the running document has stopped. */
  readonly redirects = new RedirectSlot();

  constructor(
    private readonly context: ApiCallContext,
    readonly request: ApiCallRequest,
    private readonly observer: ApiCallObserver = () => undefined,
  ) {
    const at = now();
    this.record = { sid: this.sid, from: request.from, to: request.to, direction: 'outbound-api', status: 'queued', createdAt: at, startedAt: at, legs: [], webhooks: [], says: [], events: [] };
    this.apiEnded = new Promise((resolve) => (this.signalApiEnded = resolve));
    this.bridge = this.dialBridge();
  }

  get ended(): boolean {
    return this.record.endedAt !== undefined || this.endedByApi || (this.winner !== undefined && this.winner.ended);
  }

  /** The answered leg's device. */
  get device() {
    return this.winner!.device;
  }

  /** The devices the call is on now: the answered one, or every one still ringing; none once it ended. */
  get liveDevices(): Device[] {
    if (this.ended) return [];
    if (this.winner) return [this.winner.device];
    return (this.dialRun?.legs ?? []).filter((leg) => !leg.ended).map((leg) => leg.device);
  }

  /** The answered leg's media: its TwiML plays there. */
  get media() {
    return this.winner!.media!;
  }

  /** Resolves when the answered leg hangs up or the REST API ends the call. */
  get endedSignal(): Promise<void> {
    return Promise.race([this.winner!.endedSignal, this.apiEnded]);
  }

  /** Leaves the queue: rings every device of `To`; resolves when the call is over. */
  async run(): Promise<void> {
    if (this.endedByApi) return this.finish({ status: 'canceled' });
    Object.assign(this.record, { status: 'ringing', startedAt: now() });
    this.observer('ringing');
    await this.callback('initiated');
    const devices = this.context.devicesFor(this.request.to);
    if (!devices.length) {
      this.note(`${this.request.to}: no registered device`);
      return this.finish({ status: this.request.to.startsWith('client:') ? 'no-answer' : 'failed' });
    }
    const legs = devices.map((device) => new Leg(this.sid, device, this.request.from, this.request.to));
    this.record.rang = legs.map((leg) => leg.record);
    // Each device gets an offer of its own endpoint, made for all of them at once.
    const offers = await Promise.all(legs.map((leg) => leg.attachMedia(this.context.media.leg())));
    for (const [i, leg] of legs.entries()) {
      this.context.track(leg, this);
      if (this.endedByApi) leg.markEnded('canceled');
      else leg.ring(offers[i], { From: this.request.from, To: this.request.to, AccountSid: this.context.accountSid, ...(this.request.parameters ? { Params: this.request.parameters } : {}) });
    }
    void this.callback('ringing');
    this.dialRun = new DialRun(legs, this.request.timeout, { bridge: (winner, sdp) => void this.answered(winner, sdp), parentEnded: () => this.endedByApi });
    await this.finish(await this.dialRun.outcome);
  }

  /** A rung device (of the call itself, or of its TwiML's `<Dial>`) answered with its SDP. */
  legAnswered(leg: Leg, sdp: string): void {
    const answered = this.dialRun?.legs.includes(leg) ? this.dialRun.answer(leg, sdp) : this.bridge.answer(leg, sdp);
    if (!answered) leg.device.send('hangup', { callsid: leg.sid });
  }

  /** A rung device declined or hung up. */
  legEnded(leg: Leg, how: 'rejected' | 'hangup'): void {
    leg.markEnded(leg.status === 'in-progress' ? 'completed' : how === 'rejected' ? 'rejected' : 'canceled');
    this.dialRun?.update();
    this.bridge.update();
  }

  /** `Status=completed` (any time) or `canceled` (queued or ringing) through the REST API. */
  hangupByApi(): void {
    this.endedByApi = true;
    this.signalApiEnded();
    this.dialRun?.update();
    this.bridge.update();
  }

  /** `Twiml` or `Url` through the REST API while answered: the running document stops, the new one runs. */
  redirect(source: RedirectSource): void {
    this.note(`redirected through the REST API${'url' in source ? ` to ${source.url}` : ''}`);
    this.redirects.request(source);
    this.winner?.media?.stopPlayback();
    this.bridge.update();
  }

  /** True while queued or ringing. */
  get ringing(): boolean {
    return this.record.status === 'queued' || this.record.status === 'ringing';
  }

  note(text: string, code?: number): void {
    this.record.events.push({ at: now(), text, ...(code ? { code } : {}) });
    this.context.log(`${this.sid} ${codeLabel(code)}${text}`);
  }

  logWebhook(webhook: SimWebhook): void {
    this.record.webhooks.push(webhook);
  }

  async fetch(kind: 'action' | 'redirect' | 'whisper', url: string, extra: WebhookParams): Promise<TwimlDocument | undefined> {
    const result = await this.post(kind, url, extra);
    if (this.ended) return undefined;
    const answer = twimlAnswer(result, (text, code) => this.note(text, code));
    return 'document' in answer ? answer.document : undefined;
  }

  // ── Internals ───────────────────────────────────────────────
  private async answered(winner: Leg, sdp: string | undefined): Promise<void> {
    this.winner = winner;
    try {
      if (sdp !== undefined) await winner.media!.endpoint.accept(sdp);
    } catch (error) {
      // As at Twilio, a media failure does not refuse the call: the TwiML runs, unheard.
      this.note(`the answer's SDP was not usable: ${(error as Error).message}`);
    }
    Object.assign(this.record, { status: 'in-progress', answeredAt: now() });
    this.observer('in-progress');
    void this.callback('answered');
    void this.runTwiml().then(() => {
      winner.hangup();
      this.dialRun?.update();
    });
  }

  /** Runs the call's TwiML, and whatever REST API redirects replace it with, until the call ends. */
  private async runTwiml(): Promise<void> {
    let source: RedirectSource | undefined = this.request.twiml !== undefined ? { twiml: this.request.twiml } : { url: this.request.url! };
    while (source && !this.ended) {
      const document = await redirectDocument(
        source,
        'http://localhost/',
        (url) => this.fetch('redirect', url, {}),
        (text, code) => this.note(text, code),
      );
      if (!document) return;
      await executeTwiml(this.control(), document);
      source = this.redirects.take();
    }
  }

  /** The executor's view of the answered leg for one document: it stops at hangup or at a REST API redirect. */
  private control() {
    const winner = this.winner!;
    return legControl({
      media: winner.media!,
      speech: this.context.media.speech,
      stopped: Promise.race([this.endedSignal, this.redirects.arrival]),
      isStopped: () => this.ended || this.redirects.pending,
      note: (text, code) => this.note(text, code),
      said: (text) => {
        this.record.says.push(text);
        this.context.log(`${this.sid} <Say> ${text}`);
      },
      heard: (item) => (this.record.heard ??= []).push(item),
      dial: (verb, resolve) => this.bridge.dial(verb, resolve),
      fetch: (kind, url, extra) => (this.redirects.pending ? Promise.resolve(undefined) : this.fetch(kind, url, extra)),
    });
  }

  /** The dials of the answered leg: their legs are this call's children, logged and routed here. */
  private dialBridge(): DialBridge {
    const { context } = this;
    const network = {
      registry: context.registry,
      media: context.media,
      teamNumber: context.teamNumber,
      conferences: context.conferences,
      authToken: context.authToken,
      adopt: (leg: Leg) => {
        this.record.legs.push(leg.record);
        context.track(leg, this);
      },
    };
    return new DialBridge(network, this);
  }

  params(): WebhookParams {
    return {
      AccountSid: this.context.accountSid,
      ApiVersion: '2010-04-01',
      CallSid: this.sid,
      From: this.request.from,
      To: this.request.to,
      Direction: 'outbound-api',
      CallStatus: this.record.status,
    };
  }

  private async post(kind: SimWebhook['kind'], url: string, extra: WebhookParams) {
    const result = await postWebhook(url, { ...this.params(), ...extra }, this.context.authToken, this.context.webhookTimeoutMs);
    this.logWebhook(webhookEntry(kind, result));
    return result;
  }

  private async callback(event: string): Promise<void> {
    const url = this.request.statusCallback;
    if (!url || this.context.stopping() || (event !== 'completed' && !this.request.statusCallbackEvents.has(event))) return;
    await this.post('status', url, { CallbackSource: 'call-progress-events', Timestamp: new Date().toUTCString() });
  }

  private async finish(outcome: DialOutcome): Promise<void> {
    const answeredAt = this.record.answeredAt;
    const status = answeredAt ? 'completed' : outcome.status === 'completed' ? 'canceled' : outcome.status;
    const duration = answeredAt ? Math.round((Date.now() - Date.parse(answeredAt)) / 1000) : 0;
    Object.assign(this.record, { status, endedAt: now(), duration });
    this.context.log(`${this.sid} ended: ${status}, ${duration} s`);
    this.context.finished(this);
    this.observer(status);
    await this.callback('completed');
  }
}
