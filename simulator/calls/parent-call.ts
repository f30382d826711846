/**
 * A parent call: the leg Twilio answers and runs TwiML for. It asks the Voice URL (then the
 * fallback) what to do, executes the TwiML, bridges the caller's offer to whichever dialled leg
 * answers, and posts the status callback when it ends.
 */
import { CallAudio, type GatherResult } from './call-audio';
import { now, webhookEntry, type CallStatus, type SimCall, type SimWebhook } from './call-log';
import { recordingPath, recordingSeconds, type RecordingSource, type RecordingStore, type SimRecording } from './recordings';
import { mixPcm } from '../media/audio/pcm';
import { dialEndedNote, type DialOutcome } from './dial';
import { DialBridge } from './dial-bridge';
import { HeldCalls } from '../signaling/held-calls';
import type { Device, DeviceRegistry } from '../signaling/devices';
import type { Leg } from './legs';
import type { LegMedia } from '../media/leg-media';
import type { MediaPlane } from '../media/media-plane';
import { interruptible, RedirectSlot, type RedirectSource } from './interruptible-control';
import { RedirectedLeg } from './leg-twiml';
import { redirectDocument, twimlAnswer } from './twiml-answer';
import type { ConferenceRooms } from './conference-rooms';
import { newSid } from './sids';
import type { TwimlNode } from '../twiml/twiml-document';
import { executeTwiml, type CallControl, type TwimlDocument, type TwimlEnd } from '../twiml/twiml-executor';
import { postWebhook, type WebhookParams } from '../twiml/webhooks';

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

/** One call from a device through the TwiML App, from its `invite` to its status callback. */
export class ParentCall implements CallControl {
  readonly sid = newSid();
  readonly record: SimCall;
  private endedAtMs?: number;
  private answeredAtMs?: number;
  private callerHungUp = false;
  /** Set once the caller learnt the CA sid (from `ringing` or `answer`). */
  private callerKnowsSid = false;
  /** The caller's media at the simulator, made when the call starts running. */
  private callerMedia?: LegMedia;
  /** The simulator's answer to the caller's offer (sent with `ringing` for early media, or `answer`). */
  private callerSdp?: Promise<string>;
  /** Set once the caller got `answer`. */
  private answerSent = false;
  /** The `answer` and early-media `ringing` frames, each sent once. */
  private answering?: Promise<void>;
  private ringingSent?: Promise<void>;
  private usedFallback = false;
  private lastDial?: DialOutcome;
  /** The caller's `<Dial>`s of `<Client>`/`<Number>`. */
  private readonly bridge: DialBridge;
  /** Resolves when the call ends: every wait of a verb races it. */
  private readonly endedSignal: Promise<void>;
  private signalEnded!: () => void;
  /** `<Say>`, `<Play>`, `<Gather>`, `<Record>` on the caller's media (one per document: a redirect stops its waits). */
  private audio?: CallAudio;
  /** Set by a REST API update until the running document has stopped. */
  private readonly redirects = new RedirectSlot();
  /**
   * Dialled legs a REST API update took out of their bridge, at any depth (a leg one of them
   * dialled may be redirected too): they outlive the parent, as at Twilio, until they hang up.
   */
  private readonly redirectedLegs = new Map<Leg, RedirectedLeg>();
  /** Resolves `redirectedLegsDone()` once the last redirected leg hung up. */
  private legsDone?: () => void;
  /** The executor's view of the call: it counts as ended while a redirect waits, so the document stops. */
  private readonly interruptible = interruptible(this, () => this.redirects.pending);

  constructor(
    private readonly context: CallContext,
    readonly caller: Caller,
    /** Twilio's webhook parameters (docs/voice-sdk-protocol.md) without CallStatus. */
    private readonly params: WebhookParams,
  ) {
    this.params.CallSid = this.sid;
    this.endedSignal = new Promise((resolve) => (this.signalEnded = resolve));
    this.record = { sid: this.sid, from: params.From, to: params.To, direction: 'inbound', status: 'ringing', startedAt: now(), legs: [], webhooks: [], says: [], events: [] };
    const call = this;
    // Getters: the caller's device changes when it resumes, and its media is made when the call runs.
    this.bridge = new DialBridge(this.network(), {
      params: this.params,
      get device() {
        return call.caller.device;
      },
      get media() {
        return call.callerMedia!;
      },
      answer: () => this.answer(),
      earlyMedia: () => this.sendRinging(),
      ended: this.endedSignal,
      isEnded: () => this.ended,
      stopped: () => this.ended || this.redirects.pending,
      note: (text, code) => this.note(text, code),
      fetch: (kind, url, extra) => this.fetchDocument(kind, url, extra),
    });
  }

  /** True once the caller's offer was answered: only then is there media worth holding on to. */
  get isAnswered(): boolean {
    return this.answerSent;
  }

  get ended(): boolean {
    return this.endedAtMs !== undefined;
  }

  /** Runs the call to its end; never rejects. */
  async run(): Promise<void> {
    let end: TwimlEnd = { by: 'failure' };
    this.callerMedia = this.context.media.leg();
    // Answered while the Voice URL runs, so neither waits for the other.
    this.callerSdp = this.callerMedia.endpoint.answer(this.caller.offerSdp);
    try {
      let document = await this.fetchDocument('voice', this.context.urls.voice, {});
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
    return (this.answering ??= (async () => {
      const sdp = await this.callerSdp!;
      if (this.ended) return;
      this.answerSent = true;
      this.callerKnowsSid = true;
      this.caller.reconnectToken = HeldCalls.tokenFor(this.caller.device);
      this.caller.device.send('answer', { callsid: this.sid, sdp, ...(this.caller.reconnectToken ? { reconnect: this.caller.reconnectToken } : {}) });
    })());
  }

  /**
   * `<Say>`, `<Play>`, `<Pause>` before answer: the call counts as answered (as Twilio bills it),
   * and the caller hears them as early media (docs/simulator-media.md) without being told it was answered.
   */
  async earlyMedia(): Promise<void> {
    this.markAnswered();
    await this.sendRinging();
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
    const keep = this.startRecording('RecordVerb', verb, resolve);
    const result = await this.audio!.record(verb);
    const kept = keep(result.pcm, result.startedAt);
    if (!kept) this.note('<Record>: nothing was recorded; moving on to the next verb');
    return kept && { ...kept, Digits: result.digits };
  }

  note(text: string, code?: number): void {
    this.record.events.push({ at: now(), text, ...(code ? { code } : {}) });
    this.context.log(`${this.sid} ${code ? `error ${code}: ` : ''}${text}`);
  }

  async dial(verb: TwimlNode, resolve: (url: string) => string | undefined): Promise<DialOutcome> {
    const conference = verb.children.find((noun) => noun.name === 'Conference');
    if (conference) {
      await this.answer();
      return this.context.conferences.join({
        callSid: this.sid,
        media: this.callerMedia!,
        noun: conference,
        resolve,
        gone: Promise.race([this.endedSignal, this.redirects.arrival]),
        params: this.webhookParams(),
        note: (text, code) => this.note(text, code),
        logWebhook: (webhook) => this.record.webhooks.push(webhook),
      });
    }
    let recording: (() => WebhookParams | undefined) | undefined;
    const dialled = await this.bridge.ring(verb, resolve, (winner) => {
      if (/^(true|record-from-(answer|ringing))/.test(verb.attrs.record ?? '')) recording = this.recordBridge(winner, verb, resolve);
    });
    const recorded = recording?.();
    const outcome = recorded ? { ...dialled, recording: recorded } : dialled;
    this.lastDial = outcome;
    this.note(dialEndedNote(outcome));
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

  /** Digits from the caller (or a leg) sent as a PStream `dtmf` frame. */
  heardDigits(digits: string, leg?: Leg): void {
    (leg ? leg.media : this.callerMedia)?.heardDigits(digits);
  }

  /** A dialled leg (of the caller's dial or of a redirected leg's) answered with its SDP. */
  legAnswered(leg: Leg, sdp: string): void {
    if (!this.bridgeOf(leg)?.answer(leg, sdp)) leg.device.send('hangup', { callsid: leg.sid });
  }

  /** A dialled leg declined, hung up or went away. */
  legEnded(leg: Leg, how: 'rejected' | 'hangup'): void {
    leg.markEnded(leg.status === 'in-progress' ? 'completed' : how === 'rejected' ? 'rejected' : 'canceled');
    this.updateDials();
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

  /**
   * The dialled leg with this CallSid while its `<Dial>` runs (ringing or bridged) or while it runs
   * TwiML of its own after a REST API redirect; grandchildren a redirected leg dialled included.
   */
  dialledLeg(sid: string): Leg | undefined {
    return this.bridges().flatMap((bridge) => bridge.legs).find((leg) => leg.sid === sid) ?? [...this.redirectedLegs.keys()].find((leg) => leg.sid === sid);
  }

  /** True while a leg the REST API redirected still runs: the call's records may still change. */
  get hasRedirectedLegs(): boolean {
    return this.redirectedLegs.size > 0;
  }

  /** Resolves once no redirected leg runs any more. */
  redirectedLegsDone(): Promise<void> {
    if (!this.redirectedLegs.size) return Promise.resolve();
    return new Promise((resolve) => (this.legsDone = resolve));
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
    this.bridge.update();
  }

  /**
   * `Status=completed|canceled` on a dialled leg: the leg ends (hung up, or its invite withdrawn)
   * and the parent carries on with its `<Dial action>` as when the callee hangs up.
   */
  endLegByApi(leg: Leg): void {
    if (leg.status === 'ringing') leg.cancel();
    else leg.hangup();
    this.updateDials();
  }

  /**
   * `Twiml` or `Url` on a dialled leg: a bridged leg leaves the bridge (its dialler goes on to its
   * `<Dial action>`) and runs the new TwiML itself on its own media; a leg already running TwiML
   * of its own switches to the new TwiML. False when the leg is neither.
   */
  redirectLeg(leg: Leg, source: RedirectSource): boolean {
    const running = this.redirectedLegs.get(leg);
    if (running) {
      running.redirect(source);
      return true;
    }
    const bridge = this.bridgeOf(leg);
    if (!bridge?.release(leg)) return false;
    this.note(`${leg.sid} redirected through the REST API; it left the bridge`);
    const parentSid = leg.record.parentSid ?? this.sid;
    const context = { call: this.record, parentSid, accountSid: this.params.AccountSid, authToken: this.context.authToken, webhookTimeoutMs: this.context.webhookTimeoutMs, speech: this.context.media.speech, conferences: this.context.conferences, network: this.network() };
    const redirected = new RedirectedLeg(leg, context);
    this.redirectedLegs.set(leg, redirected);
    void redirected.run(source).then(() => {
      this.redirectedLegs.delete(leg);
      if (!this.redirectedLegs.size) this.legsDone?.();
    });
    return true;
  }

  /** Ends the call at once, e.g. when the simulator stops. */
  abort(): void {
    this.markEnded();
    for (const bridge of this.bridges()) bridge.abort();
    for (const leg of this.redirectedLegs.keys()) leg.hangup();
    this.callerMedia?.close();
  }

  // ── Internals ───────────────────────────────────────────────
  /** What every dial of this call rings with: its legs are logged in this call and routed to it. */
  private network() {
    return {
      registry: this.context.registry,
      media: this.context.media,
      teamNumber: this.context.teamNumber,
      adopt: (leg: Leg, parentSid: string) => {
        if (parentSid !== this.sid) leg.record.parentSid = parentSid;
        this.record.legs.push(leg.record);
        this.context.track(leg, this);
      },
    };
  }

  /** The caller's dial and those of its redirected legs. */
  private bridges(): DialBridge[] {
    return [this.bridge, ...[...this.redirectedLegs.values()].map((redirected) => redirected.bridge)];
  }

  /** The dial that rang `leg`, while it runs. */
  private bridgeOf(leg: Leg): DialBridge | undefined {
    return this.bridges().find((bridge) => bridge.legs.includes(leg));
  }

  /** Every running dial re-examines its legs and its dialling side after a change. */
  private updateDials(): void {
    for (const bridge of this.bridges()) bridge.update();
  }

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
    });
  }

  /** The document a REST API redirect asked for, once the interrupted one stopped. */
  private async takeRedirect(): Promise<TwimlDocument | undefined> {
    const source = this.redirects.take();
    if (!source || this.ended) return undefined;
    return redirectDocument(source, this.context.urls.voice, (url) => this.fetchDocument('redirect', url, {}), (text, code) => this.note(text, code));
  }

  private markAnswered(): void {
    if (this.answeredAtMs !== undefined || this.ended) return;
    this.answeredAtMs = Date.now();
    this.record.answeredAt = now();
    this.record.status = 'in-progress';
  }

  /** `ringing` with the simulator's SDP: early media, and the caller learns the CA sid. */
  private sendRinging(): Promise<void> {
    return (this.ringingSent ??= (async () => {
      const sdp = await this.callerSdp!;
      if (this.ended || this.callerKnowsSid) return;
      this.caller.device.send('ringing', { callsid: this.sid, sdp });
      this.callerKnowsSid = true;
    })());
  }

  private markEnded(): void {
    if (this.ended) return;
    this.endedAtMs = Date.now();
    this.record.endedAt = now();
    this.bridge.update();
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

  /** Where the REST API serves a recording, and its length, as Twilio names them in webhooks. */
  private recordingParams(recording: SimRecording): WebhookParams {
    const url = `${this.context.publicUrl}${recordingPath(recording, this.params.AccountSid)}`;
    return { RecordingUrl: url, RecordingSid: recording.sid, RecordingDuration: String(recordingSeconds(recording)) };
  }

  /** `recordingStatusCallback`, signed like every webhook. */
  private async recordingStatus(url: string, recording: SimRecording): Promise<void> {
    if (this.context.stopping()) return;
    await this.post('recording-status', url, {
      ...this.recordingParams(recording),
      RecordingStatus: recording.status,
      RecordingChannels: '1',
      RecordingSource: recording.source,
      RecordingStartTime: recording.startedAt.toUTCString(),
    });
  }

  private webhookParams(): WebhookParams {
    const status = this.ended ? 'completed' : this.answeredAtMs !== undefined ? 'in-progress' : 'ringing';
    return { ...this.params, CallStatus: status };
  }

  private async post(kind: SimWebhook['kind'], url: string, extra: WebhookParams) {
    const result = await postWebhook(url, { ...this.webhookParams(), ...extra }, this.context.authToken, this.context.webhookTimeoutMs);
    this.record.webhooks.push(webhookEntry(kind, result));
    this.context.log(`${this.sid} POST ${url} → ${result.status || result.error?.message} (${result.ms} ms)`);
    return result;
  }

  /** A TwiML document from `url`; on failure the Voice Fallback URL's (once per call). */
  private async fetchDocument(kind: SimWebhook['kind'], url: string, extra: WebhookParams): Promise<TwimlDocument | undefined> {
    if (this.context.stopping()) return undefined;
    const result = await this.post(kind, url, extra);
    if (this.ended) return undefined;
    const answer = twimlAnswer(result, (text, code) => this.note(text, code));
    if ('document' in answer) return answer.document;
    // Only the call's own documents fall back; a whisper's failure leaves its leg unconnected.
    if (kind === 'fallback' || kind === 'whisper' || this.usedFallback) return undefined;
    this.usedFallback = true;
    return this.fetchDocument('fallback', this.context.urls.fallback, { ErrorCode: String(answer.error.code), ErrorUrl: url });
  }

  /**
   * `<Dial record>`: both sides of the bridge, mixed into one mono recording (source DialVerb),
   * from answer (the simulator's ringing leg carries nothing worth keeping). Returns the
   * function that stops it and gives the Dial action's recording parameters.
   */
  private recordBridge(winner: Leg, verb: TwimlNode, resolve: (url: string) => string | undefined): () => WebhookParams | undefined {
    const keep = this.startRecording('DialVerb', verb, resolve);
    const startedAt = new Date();
    const sides = [this.callerMedia!.record(), winner.media!.record()];
    return () => keep(mixPcm(...sides.map((side) => side.stop())), startedAt);
  }

  /**
   * Starts a recording in the store (in-progress, so its status callback can name it) and returns
   * the function that keeps its audio: a recording with no audio is dropped ("absent"), as on Twilio.
   */
  private startRecording(source: RecordingSource, verb: TwimlNode, resolve: (url: string) => string | undefined): (pcm: Int16Array, startedAt: Date) => WebhookParams | undefined {
    const callback = verb.attrs.recordingStatusCallback ? resolve(verb.attrs.recordingStatusCallback) : undefined;
    const events = new Set((verb.attrs.recordingStatusCallbackEvent ?? 'completed').split(/[\s,]+/));
    const recording = this.context.recordings.add({ callSid: this.sid, source, status: 'in-progress', startedAt: new Date(), pcm: new Int16Array(0) });
    const notify = () => callback && events.has(recording.status) && void this.recordingStatus(callback, recording);
    notify();
    return (pcm, startedAt) => {
      Object.assign(recording, { pcm, startedAt, status: pcm.length ? 'completed' : 'absent' });
      notify();
      if (pcm.length) return this.recordingParams(recording);
      this.context.recordings.delete(recording.sid);
      return undefined;
    };
  }
}
