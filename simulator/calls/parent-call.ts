/**
 * A parent call: the leg Twilio answers and runs TwiML for. It asks the Voice URL (then the
 * fallback) what to do, executes the TwiML, bridges the caller's offer to whichever dialled leg
 * answers, and posts the status callback when it ends. Its parts live beside it: what the caller's
 * device is told (`caller-line.ts`), its dials and their legs (`dialled-legs.ts`), its recordings
 * (`call-recorder.ts`) and its webhooks (`call-webhooks.ts`).
 */
import { CallAudio, type GatherResult } from './call-audio';
import { now, type CallStatus, type SimCall, type SimWebhook } from './call-log';
import { CallRecorder, dialRecords } from './call-recorder';
import { CallWebhooks } from './call-webhooks';
import { CallerLine, type Caller } from './caller-line';
import type { DialOutcome } from './dial';
import type { DialSide } from './dial-bridge';
import { DialledLegs } from './dialled-legs';
import type { Device, DeviceRegistry } from '../signaling/devices';
import type { Leg } from './legs';
import type { LegMedia } from '../media/leg-media';
import type { MediaPlane } from '../media/media-plane';
import { interruptible, RedirectSlot, type RedirectSource } from './interruptible-control';
import type { RecordingStore } from './recordings';
import { redirectDocument } from './twiml-answer';
import type { ConferenceRooms } from './conference-rooms';
import { newSid } from './sids';
import type { TwimlNode } from '../twiml/twiml-document';
import { executeTwiml, type CallControl, type TwimlDocument, type TwimlEnd } from '../twiml/twiml-executor';
import { codeLabel } from '../twiml/twiml-errors';
import type { WebhookParams } from '../twiml/webhooks';

/** Everything a call needs from the simulator around it. */
export interface CallContext {
  registry: DeviceRegistry;
  /** Where every leg's media ends (docs/simulator-media.md). */
  media: MediaPlane;
  /** Where `<Record>` leaves its recordings. */
  recordings: RecordingStore;
  /** The live conferences `<Dial><Conference>` joins. */
  conferences: ConferenceRooms;
  /** The simulator's own URL: recordings are served under it at Twilio's paths. */
  publicUrl: string;
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

/** One call from a device through the TwiML App, from its `invite` to its status callback; the side its `<Dial>`s dial from. */
export class ParentCall implements CallControl, DialSide {
  readonly sid = newSid();
  readonly record: SimCall;
  private endedAtMs?: number;
  private answeredAtMs?: number;
  private callerHungUp = false;
  /** The caller's media at the simulator, made when the call starts running. */
  private callerMedia?: LegMedia;
  private readonly line: CallerLine;
  private lastDial?: DialOutcome;
  /** The caller's `<Dial>`s and every leg they rang. */
  private readonly dials: DialledLegs;
  private readonly recorder: CallRecorder;
  private readonly webhooks: CallWebhooks;
  /** Resolves when the call ends: every wait of a verb races it. */
  readonly endedSignal: Promise<void>;
  private signalEnded!: () => void;
  /** `<Say>`, `<Play>`, `<Gather>`, `<Record>` on the caller's media (one per document: a redirect stops its waits). */
  private audio?: CallAudio;
  /** Set by a REST API update until the running document has stopped. */
  readonly redirects = new RedirectSlot();
  /** The executor's view of the call: it counts as ended while a redirect waits, so the document stops. */
  private readonly interruptible = interruptible(this, () => this.redirects.pending);

  constructor(
    private readonly context: CallContext,
    readonly caller: Caller,
    /** Twilio's webhook parameters (docs/voice-sdk-protocol.md) without CallStatus. */
    private readonly baseParams: WebhookParams,
  ) {
    this.baseParams.CallSid = this.sid;
    this.endedSignal = new Promise((resolve) => (this.signalEnded = resolve));
    this.record = { sid: this.sid, from: baseParams.From, to: baseParams.To, direction: 'inbound', status: 'ringing', startedAt: now(), legs: [], webhooks: [], says: [], events: [] };
    this.line = new CallerLine(caller, this.sid, () => this.ended);
    const note = (text: string, code?: number) => this.note(text, code);
    this.webhooks = new CallWebhooks({
      record: this.record,
      authToken: context.authToken,
      webhookTimeoutMs: context.webhookTimeoutMs,
      fallbackUrl: context.urls.fallback,
      params: () => this.params(),
      isEnded: () => this.ended,
      stopping: () => context.stopping(),
      note,
      log: (line) => context.log(line),
    });
    this.recorder = new CallRecorder({
      callSid: this.sid,
      accountSid: baseParams.AccountSid,
      publicUrl: context.publicUrl,
      store: context.recordings,
      postStatus: async (url, extra) => {
        if (!context.stopping()) await this.webhooks.post('recording-status', url, extra);
      },
    });
    this.dials = new DialledLegs({ ...context, record: this.record, accountSid: baseParams.AccountSid, track: (leg) => context.track(leg, this), note }, this);
  }

  /** True once the caller's offer was answered: only then is there media worth holding on to. */
  get isAnswered(): boolean {
    return this.line.answered;
  }

  get ended(): boolean {
    return this.endedAtMs !== undefined;
  }

  /** The caller's device: it changes when the caller resumes the call. */
  get device(): Device {
    return this.caller.device;
  }

  /** The caller's media at the simulator (made when the call runs). */
  get media(): LegMedia {
    return this.callerMedia!;
  }

  /** Runs the call to its end; never rejects. */
  async run(): Promise<void> {
    let end: TwimlEnd = { by: 'failure' };
    this.callerMedia = this.context.media.leg();
    this.line.open(this.callerMedia);
    try {
      let document = await this.webhooks.document('voice', this.context.urls.voice, {});
      // A REST API update (`redirect`) interrupts the running document and replaces it.
      while (document) {
        this.audio = this.callAudio();
        end = await executeTwiml(this.interruptible, document);
        document = await this.takeRedirect();
      }
    } catch (error) {
      this.note(`simulator error: ${(error as Error).message}`);
    }
    await this.finish(this.callerHungUp ? { by: 'caller' } : end);
  }

  // ── CallControl ─────────────────────────────────────────────
  /** Answers the caller (`answer` with the simulator's SDP), once; the call counts as answered from now. */
  answer(): Promise<void> {
    this.markAnswered();
    return this.line.answer();
  }

  /**
   * `<Say>`, `<Play>`, `<Pause>` before answer: the call counts as answered (as Twilio bills it),
   * and the caller hears them as early media (docs/simulator-media.md) without being told it was answered.
   */
  async earlyMedia(): Promise<void> {
    this.markAnswered();
    await this.line.ringing();
  }

  say(verb: TwimlNode): Promise<void> {
    return this.audio!.say(verb);
  }

  play(verb: TwimlNode, url: string | undefined): Promise<void> {
    return this.audio!.play(verb, url);
  }

  pause(verb: TwimlNode): Promise<void> {
    return this.audio!.pause(verb);
  }

  gather(verb: TwimlNode, resolve: (url: string) => string | undefined): Promise<GatherResult> {
    return this.audio!.gather(verb, resolve);
  }

  /** `<Record>`: the recording goes to the store even when the caller hangs up mid-message, as on Twilio. */
  async recordMessage(verb: TwimlNode, resolve: (url: string) => string | undefined): Promise<WebhookParams | undefined> {
    const keep = this.recorder.start('RecordVerb', verb, resolve);
    const result = await this.audio!.record(verb);
    const kept = keep(result.pcm, result.startedAt);
    if (!kept) this.note('<Record>: nothing was recorded; moving on to the next verb');
    return kept && { ...kept, Digits: result.digits };
  }

  note(text: string, code?: number): void {
    this.record.events.push({ at: now(), text, ...(code ? { code } : {}) });
    this.context.log(`${this.sid} ${codeLabel(code)}${text}`);
  }

  /** `<Dial>` from the caller; `<Dial record>` keeps both sides of the bridge once it is up. */
  async dial(verb: TwimlNode, resolve: (url: string) => string | undefined): Promise<DialOutcome> {
    let recording: (() => WebhookParams | undefined) | undefined;
    const dialled = await this.dials.caller.dial(verb, resolve, (winner) => {
      if (dialRecords(verb.attrs.record)) recording = this.recorder.recordBridge(this.callerMedia!, winner.media!, verb, resolve);
    });
    const recorded = recording?.();
    const outcome = recorded ? { ...dialled, recording: recorded } : dialled;
    this.lastDial = outcome;
    return outcome;
  }

  /** Ringback reaches the caller as early media while the dial rings; `answered`: the call counts as answered already (no answerOnBridge). */
  ringback(answered: boolean): Promise<void> {
    return answered ? this.earlyMedia() : this.line.ringing();
  }

  fetch(kind: 'action' | 'redirect' | 'whisper', url: string, extra: WebhookParams): Promise<TwimlDocument | undefined> {
    return this.webhooks.document(kind, url, extra);
  }

  logWebhook(webhook: SimWebhook): void {
    this.record.webhooks.push(webhook);
  }

  /** Twilio's webhook parameters now, CallStatus included. */
  params(): WebhookParams {
    const status = this.ended ? 'completed' : this.answeredAtMs !== undefined ? 'in-progress' : 'ringing';
    return { ...this.baseParams, CallStatus: status };
  }

  // ── Frames from the caller and the dialled legs ─────────────
  /** The caller hung up (or its socket closed). */
  callerHangup(socketGone = false): void {
    if (this.ended) return;
    this.callerHungUp = true;
    if (socketGone) this.note("the caller's signaling connection closed");
    this.markEnded();
  }

  /** Digits from the caller (or a leg) sent as a PStream `dtmf` frame. */
  heardDigits(digits: string, leg?: Leg): void {
    (leg ? leg.media : this.callerMedia)?.heardDigits(digits);
  }

  /** A dialled leg (of the caller's dial or of a redirected leg's) answered with its SDP. */
  legAnswered(leg: Leg, sdp: string): void {
    if (!this.dials.answer(leg, sdp)) leg.device.send('hangup', { callsid: leg.sid });
  }

  /** A ringing leg was taken on another device of its callee (`connectToken`): see `DialledLegs.takeOver`. */
  legTakenOver(leg: Leg, device: Device, offerSdp: string): void {
    void this.dials.takeOver(leg, device, offerSdp);
  }

  /** A dialled leg declined, hung up or went away. */
  legEnded(leg: Leg, how: 'rejected' | 'hangup'): void {
    this.dials.ended(leg, how);
  }

  /** Fails a call that reaches no Voice URL (no webhooks, no status callback). */
  refuse(reason: string): void {
    this.note(reason);
    this.markEnded();
    Object.assign(this.record, { status: 'failed', duration: 0 });
    this.line.refuse(reason);
  }

  // ── REST API updates (POST /Calls/{Sid}.json) ───────────────
  /** True while the parent is answered and running TwiML: only then may its TwiML be replaced. */
  get inProgress(): boolean {
    return this.answeredAtMs !== undefined && !this.ended;
  }

  /**
   * The dialled leg with this CallSid while its `<Dial>` runs (ringing or bridged) or while it runs
   * TwiML of its own after a REST API redirect; grandchildren a redirected leg dialled included.
   */
  dialledLeg(sid: string): Leg | undefined {
    return this.dials.find(sid);
  }

  /** True while a leg the REST API redirected still runs: the call's records may still change. */
  get hasRedirectedLegs(): boolean {
    return this.dials.hasRedirected;
  }

  /** Resolves once no redirected leg runs any more. */
  redirectedLegsDone(): Promise<void> {
    return this.dials.redirectedDone();
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
   * bridged leg hung up or its ringing legs canceled, without requesting its `action`; a playing
   * verb stops), then the new TwiML runs on the parent's media.
   */
  redirect(source: RedirectSource): void {
    this.note(`redirected through the REST API${'url' in source ? ` to ${source.url}` : ''}`);
    this.redirects.request(source);
    this.callerMedia?.stopPlayback();
    this.dials.caller.update();
  }

  /**
   * `Status=completed|canceled` on a dialled leg: the leg ends (hung up, or its invite withdrawn)
   * and the parent carries on with its `<Dial action>` as when the callee hangs up.
   */
  endLegByApi(leg: Leg): void {
    this.dials.endByApi(leg);
  }

  /** `Twiml` or `Url` on a dialled leg (see `DialledLegs.redirect`); false when the leg is neither bridged nor redirected. */
  redirectLeg(leg: Leg, source: RedirectSource): boolean {
    return this.dials.redirect(leg, source);
  }

  /** Ends the call at once, e.g. when the simulator stops. */
  abort(): void {
    this.markEnded();
    this.dials.abort();
    this.callerMedia?.close();
  }

  // ── Internals ───────────────────────────────────────────────
  /** The audio verbs of the next document: their waits end at hangup or at a REST API redirect. */
  private callAudio(): CallAudio {
    return new CallAudio({
      media: this.callerMedia!,
      speech: this.context.media.speech,
      ended: Promise.race([this.endedSignal, this.redirects.arrival]),
      note: (text, code) => this.note(text, code),
      said: (text) => {
        this.record.says.push(text);
        this.context.log(`${this.sid} <Say> ${text}`);
      },
      heard: (item) => (this.record.heard ??= []).push(item),
    });
  }

  /** The document a REST API redirect asked for, once the interrupted one stopped. */
  private async takeRedirect(): Promise<TwimlDocument | undefined> {
    const source = this.redirects.take();
    if (!source || this.ended) return undefined;
    return redirectDocument(
      source,
      this.context.urls.voice,
      (url) => this.webhooks.document('redirect', url, {}),
      (text, code) => this.note(text, code),
    );
  }

  private markAnswered(): void {
    if (this.answeredAtMs !== undefined || this.ended) return;
    this.answeredAtMs = Date.now();
    this.record.answeredAt = now();
    this.record.status = 'in-progress';
  }

  private markEnded(): void {
    if (this.ended) return;
    this.endedAtMs = Date.now();
    this.record.endedAt = now();
    this.dials.caller.update();
    this.signalEnded();
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
    this.callerMedia?.close();
    if (!this.callerHungUp) this.line.hangup();
    const duration = this.answeredAtMs === undefined ? 0 : Math.round((this.endedAtMs! - this.answeredAtMs) / 1000);
    Object.assign(this.record, { status, duration });
    this.context.log(`${this.sid} ended: ${status}, ${duration} s`);
    await this.webhooks.ended(this.context.urls.status, status, duration);
  }
}
