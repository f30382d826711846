/**
 * A parent call: the leg Twilio answers and runs TwiML for. It asks the Voice URL (then the
 * fallback) what to do, executes the TwiML, bridges the caller's offer to whichever dialled leg
 * answers, and posts the status callback when it ends.
 */
import { now, type CallStatus, type SimCall, type SimWebhook } from './call-log';
import { DialRun, type DialOutcome } from './dial';
import { HeldCalls } from '../signaling/held-calls';
import type { Device, DeviceRegistry } from '../signaling/devices';
import type { Leg } from './legs';
import { dialTargets } from './dial-targets';
import { interruptible, type RedirectSource } from './interruptible-control';
import { runLegTwiml } from './leg-twiml';
import { newSid } from './sids';
import { parseTwiml, type TwimlNode } from '../twiml/twiml-document';
import { executeTwiml, type CallControl, type TwimlDocument, type TwimlEnd } from '../twiml/twiml-executor';
import { postWebhook, type WebhookParams } from '../twiml/webhooks';

/** Everything a call needs from the simulator around it. */
export interface CallContext {
  registry: DeviceRegistry;
  authToken: string;
  teamNumber: string;
  urls: { voice: string; fallback: string; status: string };
  webhookTimeoutMs?: number;
  /** True while the simulator shuts down: no more webhooks. */
  stopping(): boolean;
  /** Routes frames for a leg's CallSid on its device to this call. */
  track(leg: Leg, call: ParentCall): void;
  log(line: string): void;
}

/** The device that placed the call and the id it knows the call by until `ringing`/`answer`. */
export interface Caller {
  /** Changes when the caller resumes the call on a new signaling connection. */
  device: Device;
  /** Resumes the caller's side after its socket dropped (only if its device asked for it). */
  reconnectToken?: string;
  /** The SDK's own `TJS…` id from its `invite`. */
  clientSid: string;
  offerSdp: string;
}

/** `<Dial timeout>` as Twilio bounds it. */
const DIAL_TIMEOUT = { default: 30, min: 5, max: 600 };

/** One call from a device through the TwiML App, from its `invite` to its status callback. */
export class ParentCall implements CallControl {
  readonly sid = newSid();
  readonly record: SimCall;
  private endedAtMs?: number;
  private answeredAtMs?: number;
  private callerHungUp = false;
  /** Set once the caller learnt the CA sid (from `ringing` or `answer`). */
  private callerKnowsSid = false;
  /** A caller's offer can be answered once: after a bridge, another `<Dial>` cannot connect media. */
  private bridged = false;
  private usedFallback = false;
  private lastDial?: DialOutcome;
  private currentDial?: DialRun;
  private wake?: () => void;
  /** Set by a REST API update until the running document has stopped. */
  private pendingRedirect?: RedirectSource;

  constructor(
    private readonly context: CallContext,
    readonly caller: Caller,
    /** Twilio's webhook parameters (design §1) without CallStatus. */
    private readonly params: WebhookParams,
  ) {
    this.params.CallSid = this.sid;
    this.record = { sid: this.sid, from: params.From, to: params.To, direction: 'inbound', status: 'ringing', startedAt: now(), legs: [], webhooks: [], says: [], events: [] };
  }

  /** True once the caller's offer was answered: only then is there media worth holding on to. */
  get isBridged(): boolean {
    return this.bridged;
  }

  get ended(): boolean {
    return this.endedAtMs !== undefined;
  }

  /** Runs the call to its end; never rejects. */
  async run(): Promise<void> {
    let end: TwimlEnd = { by: 'failure' };
    try {
      let document = await this.fetchDocument('voice', this.context.urls.voice, {});
      // A REST API update (`redirect`) interrupts the running document and replaces it.
      while (document) {
        end = await executeTwiml(this.interruptible, document);
        document = await this.takeRedirect();
      }
    } catch (error) {
      this.note(`simulator error: ${(error as Error).message}`);
    }
    await this.finish(this.callerHungUp ? { by: 'caller' } : end);
  }

  // ── CallControl ─────────────────────────────────────────────
  answer(): void {
    if (this.answeredAtMs !== undefined || this.ended) return;
    this.answeredAtMs = Date.now();
    this.record.answeredAt = now();
    this.record.status = 'in-progress';
  }

  say(text: string): void {
    this.record.says.push(text);
    this.context.log(`${this.sid} <Say> ${text}`);
  }

  note(text: string, code?: number): void {
    this.record.events.push({ at: now(), text, ...(code ? { code } : {}) });
    this.context.log(`${this.sid} ${code ? `error ${code}: ` : ''}${text}`);
  }

  pause(seconds: number): Promise<void> {
    if (this.ended) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, seconds * 1000);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }

  async dial(verb: TwimlNode): Promise<DialOutcome> {
    const outcome = await this.ringTargets(verb);
    this.lastDial = outcome;
    this.note(`<Dial> ended: ${outcome.status}${outcome.winner ? ` (${outcome.winner.record.to}, ${outcome.duration} s)` : ''}`);
    return outcome;
  }

  fetch(kind: 'action' | 'redirect', url: string, extra: WebhookParams): Promise<TwimlDocument | undefined> {
    return this.fetchDocument(kind, url, extra);
  }

  // ── Frames from the caller and the dialled legs ─────────────
  /** The caller hung up (or its socket closed). */
  callerHangup(socketGone = false): void {
    if (this.ended) return;
    this.callerHungUp = true;
    if (socketGone) this.note('the caller\'s signaling connection closed');
    this.markEnded();
  }

  /** A dialled leg answered with its SDP. */
  legAnswered(leg: Leg, sdp: string): void {
    if (!this.currentDial?.answer(leg, sdp)) leg.device.send('hangup', { callsid: leg.sid });
  }

  /** A dialled leg declined, hung up or went away. */
  legEnded(leg: Leg, how: 'rejected' | 'hangup'): void {
    leg.markEnded(leg.status === 'in-progress' ? 'completed' : how === 'rejected' ? 'rejected' : 'canceled');
    this.currentDial?.update();
  }

  /** Fails a call that reaches no Voice URL (no webhooks, no status callback). */
  refuse(reason: string): void {
    this.note(reason);
    this.markEnded();
    Object.assign(this.record, { status: 'failed', duration: 0 });
    this.caller.device.send('hangup', { callsid: this.caller.clientSid, error: { code: 31404, message: `Not Found: ${reason}` } });
  }

  // ── REST API updates (POST /Calls/{Sid}.json) ───────────────
  /** True while the parent is answered and running TwiML: only then may its TwiML be replaced. */
  get inProgress(): boolean {
    return this.answeredAtMs !== undefined && !this.ended;
  }

  /** The dialled leg with this CallSid while its `<Dial>` runs (ringing or bridged). */
  dialledLeg(sid: string): Leg | undefined {
    return this.currentDial?.legs.find((leg) => leg.sid === sid);
  }

  /**
   * `Status=completed` (or `canceled` while unanswered): ends the call as Twilio's network does;
   * its bridged or ringing dialled legs end with it and the caller gets `hangup`.
   */
  hangupByApi(): void {
    this.note('ended through the REST API');
    this.markEnded();
  }

  /**
   * `Twiml` or `Url` on the parent: the running document stops (a `<Dial>` in progress ends, its
   * bridged leg hung up or its ringing legs canceled, without requesting its `action`), then the
   * new TwiML runs on the parent.
   */
  redirect(source: RedirectSource): void {
    this.note(`redirected through the REST API${'url' in source ? ` to ${source.url}` : ''}`);
    this.pendingRedirect = source;
    this.currentDial?.update();
    this.wake?.();
  }

  /**
   * `Status=completed|canceled` on a dialled leg: the leg ends (hung up, or its invite withdrawn)
   * and the parent carries on with its `<Dial action>` as when the callee hangs up.
   */
  endLegByApi(leg: Leg): void {
    if (leg.status === 'ringing') leg.cancel();
    else leg.hangup();
    this.currentDial?.update();
  }

  /**
   * `Twiml` or `Url` on the bridged dialled leg: the leg leaves the bridge (the parent goes on to
   * its `<Dial action>`) and runs the new TwiML itself. False when the leg is not bridged.
   */
  redirectLeg(leg: Leg, source: RedirectSource): boolean {
    if (!this.currentDial?.release(leg)) return false;
    this.note(`${leg.sid} redirected through the REST API; it left the bridge`);
    void runLegTwiml(leg, source, { parent: this.record, accountSid: this.params.AccountSid, authToken: this.context.authToken, webhookTimeoutMs: this.context.webhookTimeoutMs });
    return true;
  }

  /** The executor's view of the call: it counts as ended while a redirect waits, so the document stops. */
  private readonly interruptible = interruptible(this, () => this.pendingRedirect !== undefined);

  /** The document a REST API redirect asked for, once the interrupted one stopped. */
  private async takeRedirect(): Promise<TwimlDocument | undefined> {
    const source = this.pendingRedirect;
    this.pendingRedirect = undefined;
    if (!source || this.ended) return undefined;
    if ('url' in source) return this.fetchDocument('redirect', source.url, {});
    const parsed = parseTwiml(source.twiml);
    if (parsed.ok) return { url: this.context.urls.voice, verbs: parsed.verbs };
    this.note(`Twiml of the REST API update: ${parsed.message}`, parsed.code);
    return undefined;
  }

  /** Ends the call at once, e.g. when the simulator stops. */
  abort(): void {
    this.markEnded();
    this.currentDial?.abort();
  }

  // ── Internals ───────────────────────────────────────────────
  private markEnded(): void {
    if (this.ended) return;
    this.endedAtMs = Date.now();
    this.record.endedAt = now();
    this.currentDial?.update();
    this.wake?.();
  }

  private callStatus(end: TwimlEnd): CallStatus {
    if (this.answeredAtMs !== undefined) return 'completed';
    if (end.by === 'caller') return 'canceled';
    if (end.by === 'reject') return end.reason === 'busy' ? 'busy' : 'no-answer';
    if (end.by === 'failure') return 'failed';
    const dialled = this.lastDial?.status;
    return dialled === 'busy' || dialled === 'no-answer' || dialled === 'failed' ? dialled : 'completed';
  }

  private async finish(end: TwimlEnd): Promise<void> {
    const status = this.callStatus(end);
    this.markEnded();
    if (!this.callerHungUp) this.caller.device.send('hangup', { callsid: this.callerKnowsSid ? this.sid : this.caller.clientSid });
    const duration = this.answeredAtMs === undefined ? 0 : Math.round((this.endedAtMs! - this.answeredAtMs) / 1000);
    Object.assign(this.record, { status, duration });
    this.context.log(`${this.sid} ended: ${status}, ${duration} s`);
    if (this.context.stopping()) return;
    await this.post('status', this.context.urls.status, {
      CallStatus: status,
      CallDuration: String(duration),
      Timestamp: new Date().toUTCString(),
      CallbackSource: 'call-progress-events',
      SequenceNumber: '0',
    });
  }

  private webhookParams(): WebhookParams {
    const status = this.ended ? 'completed' : this.answeredAtMs !== undefined ? 'in-progress' : 'ringing';
    return { ...this.params, CallStatus: status };
  }

  private async post(kind: SimWebhook['kind'], url: string, extra: WebhookParams) {
    const result = await postWebhook(url, { ...this.webhookParams(), ...extra }, this.context.authToken, this.context.webhookTimeoutMs);
    this.record.webhooks.push({ kind, url, params: result.params, status: result.status, response: result.body, ms: result.ms, ...(result.error ? { error: result.error } : {}) });
    this.context.log(`${this.sid} POST ${url} → ${result.status || result.error?.message} (${result.ms} ms)`);
    return result;
  }

  /** A TwiML document from `url`; on failure the Voice Fallback URL's (once per call). */
  private async fetchDocument(kind: SimWebhook['kind'], url: string, extra: WebhookParams): Promise<TwimlDocument | undefined> {
    if (this.context.stopping()) return undefined;
    const result = await this.post(kind, url, extra);
    if (this.ended) return undefined;
    const parsed = result.error ? undefined : parseTwiml(result.body);
    if (parsed?.ok) return { url, verbs: parsed.verbs };
    const error = result.error ?? (parsed && !parsed.ok ? parsed : { code: 12100, message: 'unreadable TwiML' });
    this.note(`${url}: ${error.message}`, error.code);
    if (kind === 'fallback' || this.usedFallback) return undefined;
    this.usedFallback = true;
    return this.fetchDocument('fallback', this.context.urls.fallback, { ErrorCode: String(error.code), ErrorUrl: url });
  }

  /** Creates and rings one leg per device of every `<Client>`/`<Number>`, then awaits the outcome. */
  private async ringTargets(verb: TwimlNode): Promise<DialOutcome> {
    if (this.bridged) {
      this.note('the simulator cannot connect a second <Dial> after a bridged one; ending it as failed');
      return { status: 'failed' };
    }
    const requested = Number(verb.attrs.timeout ?? DIAL_TIMEOUT.default);
    const timeout = Number.isFinite(requested) ? Math.min(Math.max(requested, DIAL_TIMEOUT.min), DIAL_TIMEOUT.max) : DIAL_TIMEOUT.default;
    const { legs, onlyNumbers } = dialTargets(verb, {
      registry: this.context.registry,
      teamNumber: this.context.teamNumber,
      params: this.params,
      callerDevice: this.caller.device,
      note: (text, code) => this.note(text, code),
    });
    if (!legs.length) return { status: onlyNumbers ? 'failed' : 'no-answer' };
    // Without answerOnBridge Twilio answers the caller first and plays ringback itself.
    if (verb.attrs.answerOnBridge !== 'true') this.answer();
    if (!this.callerKnowsSid) {
      this.caller.device.send('ringing', { callsid: this.sid });
      this.callerKnowsSid = true;
    }
    for (const { leg, params } of legs) {
      this.record.legs.push(leg.record);
      this.context.track(leg, this);
      leg.ring(this.caller.offerSdp, params);
    }
    // Created after the invites went out, so a caller who already hung up cancels them at once.
    const run = new DialRun(legs.map((l) => l.leg), timeout, {
      bridge: (leg, sdp) => this.bridge(leg, sdp),
      parentEnded: () => this.ended || this.pendingRedirect !== undefined,
    });
    this.currentDial = run;
    const outcome = await run.outcome;
    this.currentDial = undefined;
    return outcome;
  }

  private bridge(_winner: Leg, sdp: string): void {
    this.bridged = true;
    this.answer();
    this.callerKnowsSid = true;
    this.caller.reconnectToken = HeldCalls.tokenFor(this.caller.device);
    this.caller.device.send('answer', { callsid: this.sid, sdp, ...(this.caller.reconnectToken ? { reconnect: this.caller.reconnectToken } : {}) });
  }
}
