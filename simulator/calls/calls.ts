/**
 * The call engine: turns the call frames of signaling connections (`invite`, `answer`, `reject`,
 * `hangup`, `cancel`) into parent calls and legs, and keeps the call log. Frames only ever act on
 * calls of the device that sent them.
 */
import { countryOf } from '../../src/lib/numbers/full-metadata';
import { CallLog, now, type SimCall } from './call-log';
import type { Device, DeviceRegistry } from '../signaling/devices';
import { HeldCalls } from '../signaling/held-calls';
import type { Leg } from './legs';
import { ApiCalls } from './api-calls';
import { ParentCall, type CallContext } from './parent-call';
import { normaliseNumber, numberOfPhone } from './phone-numbers';
import { isPlausibleSdp, text, type Payload } from '../signaling/pstream';
import type { WebhookParams } from '../twiml/webhooks';
import type { MediaPlane } from '../media/media-plane';
import type { RecordingStore } from './recordings';
import type { ConferenceStore } from './conferences';
import { ConferenceRooms } from './conference-rooms';
import { noteStoreChanges } from './call-events';
import { CallRecordings, type RecordableCall } from './call-recordings';

export interface CallEngineOptions {
  registry: DeviceRegistry;
  media: MediaPlane;
  recordings: RecordingStore;
  /** The conferences `<Conference>` opens and the REST API serves. */
  conferences: ConferenceStore;
  /** The simulator's own URL (recording URLs point there). */
  publicUrl: string;
  env: Readonly<Record<string, string>>;
  /** The demo TwiML App: Voice URL, Voice Fallback URL, Status Callback URL. */
  urls: CallContext['urls'];
  team: readonly string[];
  webhookTimeoutMs?: number;
  log?: (line: string) => void;
}

/** Calls one device may have going at once (a softphone has one or two), and all devices together. */
const MAX_CALLS = { perDevice: 4, total: 1000 };
/** Query-string parameters a caller may pass, and their total size. */
const MAX_CUSTOM_PARAMS = { count: 32, bytes: 4096 };

/** The client name Twilio gives a caller whose token has no identity. */
const ANONYMOUS = 'Anonymous';

/** A parent call, or one of its dialled legs. */
export type Route = { call: ParentCall; leg?: Leg };

/** Every call of the simulator, driven by frames from the signaling connections. */
export class CallEngine {
  /** Every call of the account: what `/__sim/calls` and the REST API's Calls resource show. */
  readonly log = new CallLog();
  private readonly active = new Set<ParentCall>();
  /** Ended parent calls whose redirected legs still run (a transferred party): REST updates still reach them. */
  private readonly lingering = new Set<ParentCall>();
  /** `<device id>:<callsid>` → the call (and leg) that callsid names on that device. */
  private readonly routes = new Map<string, Route>();
  private stopping = false;
  private readonly held = new HeldCalls();
  private readonly context: CallContext;
  /** Calls the REST API created (queued at 1 per second). */
  readonly api: ApiCalls;
  /** Recordings the REST API started on live calls. */
  readonly callRecordings: CallRecordings;

  constructor(private readonly options: CallEngineOptions) {
    this.context = {
      registry: options.registry,
      media: options.media,
      recordings: options.recordings,
      conferences: new ConferenceRooms({ store: options.conferences, recordings: options.recordings, clock: options.media.clock, speech: options.media.speech, authToken: options.env.AUTH_TOKEN }),
      publicUrl: options.publicUrl,
      authToken: options.env.AUTH_TOKEN,
      teamNumber: options.env.CALLER_ID,
      urls: options.urls,
      webhookTimeoutMs: options.webhookTimeoutMs,
      stopping: () => this.stopping,
      track: (leg, call) => this.routes.set(`${leg.device.id}:${leg.sid}`, { call, leg }),
      log: options.log ?? (() => undefined),
    };
    this.api = new ApiCalls({
      registry: options.registry,
      media: options.media,
      conferences: this.context.conferences,
      teamNumber: options.env.CALLER_ID,
      accountSid: options.env.ACCOUNT_SID,
      authToken: options.env.AUTH_TOKEN,
      webhookTimeoutMs: options.webhookTimeoutMs,
      logCall: (record) => this.log.add(record),
      stopping: () => this.stopping,
      log: (line) => this.context.log(line),
    });
    this.callRecordings = new CallRecordings({
      store: options.recordings,
      accountSid: options.env.ACCOUNT_SID,
      authToken: options.env.AUTH_TOKEN,
      publicUrl: options.publicUrl,
      logWebhook: (sid, webhook) => this.log.owner(sid)?.call.webhooks.push(webhook),
      stopping: () => this.stopping,
    });
    noteStoreChanges({
      log: this.log,
      conferences: options.conferences,
      recordings: options.recordings,
      publicUrl: options.publicUrl,
      accountSid: options.env.ACCOUNT_SID,
      print: (line) => this.context.log(line),
    });
  }

  /** The call log, oldest first. */
  calls(): SimCall[] {
    return this.log.list();
  }

  /** An outgoing call from a device: `invite {callsid, sdp, twilio:{params}}`. */
  invite(device: Device, payload: Payload): void {
    const clientSid = text(payload, 'callsid');
    const refuse = (code: number, message: string) => device.send('hangup', { callsid: clientSid, error: { code, message } });
    if (!clientSid || clientSid.length > 64) return device.send('error', { error: { code: 31100, message: 'Malformed invite: callsid missing' } });
    if (payload.reconnect !== undefined) {
      if (this.held.resume(payload.reconnect, clientSid, device)) return device.send('answer', { callsid: clientSid, reconnect: payload.reconnect });
      if (this.takeOver(device, clientSid, payload)) return;
      return refuse(31005, 'this call can no longer be reconnected');
    }
    if (this.routes.has(`${device.id}:${clientSid}`)) return refuse(31100, 'Malformed invite: callsid already in use');
    if (!isPlausibleSdp(payload.sdp)) return refuse(31100, 'Malformed invite: sdp missing or not an SDP offer');
    if (device.outgoingApplicationSid !== this.options.env.TWIML_APP_SID) return refuse(21218, 'Invalid ApplicationSid: the token grants no outgoing calls through this TwiML App');
    if (this.stopping) return refuse(31005, 'the simulator is stopping');
    if (this.active.size >= MAX_CALLS.total || [...this.active].filter((c) => c.caller.device === device).length >= MAX_CALLS.perDevice) {
      return refuse(31000, 'too many calls at once');
    }
    const params = this.webhookParams(device.identity, payload);
    if (!params) return refuse(31100, 'Malformed invite: too many or too large params');
    const call = new ParentCall(this.context, { device, clientSid, offerSdp: payload.sdp }, params);
    this.start(call, device, clientSid);
    if (params.From.startsWith('+') && params.To !== this.options.env.CALLER_ID) {
      // The simulated phone network has one number with a Voice URL: the team's.
      call.refuse(`the simulated phone network only reaches the team number ${this.options.env.CALLER_ID}, not "${params.To.slice(0, 40)}"`);
      return this.finished(call);
    }
    void call.run().finally(() => this.finished(call));
  }

  /** A device answered a call it was rung for. */
  answer(device: Device, payload: Payload): void {
    if (this.api.frame(device, 'answer', text(payload, 'callsid'), isPlausibleSdp(payload.sdp) ? payload.sdp : undefined)) return;
    const route = this.route(device, payload);
    if (!route?.leg) return;
    if (!isPlausibleSdp(payload.sdp)) {
      device.send('error', { callsid: route.leg.sid, error: { code: 31100, message: 'Malformed answer: sdp missing or not an SDP' } });
      return;
    }
    route.call.legAnswered(route.leg, payload.sdp);
  }

  /** A device declined a call it was rung for. */
  reject(device: Device, payload: Payload): void {
    if (this.api.frame(device, 'reject', text(payload, 'callsid'))) return;
    const route = this.route(device, payload);
    if (route?.leg) route.call.legEnded(route.leg, 'rejected');
  }

  /** `dtmf {callsid, dtmf}`: digits the SDK sends as a frame when the answer offers no telephone-event. */
  dtmf(device: Device, payload: Payload): void {
    const digits = text(payload, 'dtmf')?.slice(0, 64);
    if (!digits || this.api.digits(device, text(payload, 'callsid'), digits)) return;
    const route = this.route(device, payload);
    if (route) route.call.heardDigits(digits, route.leg);
  }

  /** `hangup` or `cancel` from either end. */
  hangup(device: Device, payload: Payload): void {
    if (this.api.frame(device, 'hangup', text(payload, 'callsid'))) return;
    const route = this.route(device, payload);
    if (!route) return;
    if (route.leg && route.call.ended) this.routes.delete(`${device.id}:${route.leg.sid}`);
    if (route.leg) route.call.legEnded(route.leg, 'hangup');
    else route.call.callerHangup();
  }

  /**
   * The device's socket closed: each of its calls ends as if it had hung up, unless the device
   * asked for reconnection and the call is connected: then it is held for the device to resume.
   */
  deviceGone(device: Device): void {
    this.api.deviceGone(device);
    const sides = new Set<Leg | ParentCall>();
    for (const [key, route] of this.routes) {
      if (!key.startsWith(`${device.id}:`)) continue;
      this.routes.delete(key);
      const { call, leg } = route;
      if (sides.has(leg ?? call)) continue; // the caller has two keys: its TJS id and the CA sid
      sides.add(leg ?? call);
      const end = leg ? () => call.legEnded(leg, 'hangup') : () => call.callerHangup(true);
      const token = leg ? leg.reconnectToken : call.caller.reconnectToken;
      const connected = leg ? leg.status === 'in-progress' : call.isAnswered && !call.ended;
      // The SDK resumes with the CallSid it knows: its leg's, or for a caller the parent's.
      const callsid = leg ? leg.sid : call.sid;
      if (!token || !connected || device.reconnectTimeout === 0) {
        end();
        continue;
      }
      call.note(`${device.identity}'s signaling connection dropped; holding the call ${device.reconnectTimeout} s for it to reconnect`);
      this.held.hold(
        token,
        device,
        callsid,
        call,
        (resumed) => {
          if (leg) leg.moveTo(resumed);
          else call.caller.device = resumed;
          this.routes.set(`${resumed.id}:${callsid}`, route);
        },
        end,
      );
    }
  }

  /**
   * `connect({ connectToken })` on another device of the callee: an invite that names a leg still
   * ringing, with its reconnect token, answers that leg there, as at Twilio; the device it rang
   * first gets `cancel`. False when the invite names no such leg.
   */
  private takeOver(device: Device, callsid: string, payload: Payload): boolean {
    if (!isPlausibleSdp(payload.sdp)) return false;
    for (const [key, route] of this.routes) {
      const { call, leg } = route;
      if (!leg || leg.sid !== callsid || leg.reconnectToken !== payload.reconnect || leg.status !== 'ringing' || leg.device.identity !== device.identity) continue;
      this.routes.delete(key);
      this.routes.set(`${device.id}:${leg.sid}`, route);
      call.legTakenOver(leg, device, payload.sdp);
      return true;
    }
    return false;
  }

  /** The running parent call with this CallSid, or the running call that dialled the leg with it (REST API updates). */
  running(sid: string): Route | undefined {
    for (const call of this.active) if (call.sid === sid) return { call };
    for (const call of [...this.active, ...this.lingering]) {
      const leg = call.dialledLeg(sid);
      if (leg) return { call, leg };
    }
    return undefined;
  }

  /**
   * The call with this CallSid while it is in progress (a parent call answered, a dialled leg
   * answered, an API-created call answered), as a recording sees it; undefined otherwise.
   */
  recordable(sid: string): RecordableCall | undefined {
    const route = this.running(sid);
    if (route?.leg) return route.leg.status === 'in-progress' && route.leg.media ? { media: route.leg.media, ended: route.leg.endedSignal } : undefined;
    if (route) return route.call.inProgress ? { media: route.call.media, ended: route.call.endedSignal } : undefined;
    const api = this.api.find(sid);
    return api && !api.ringing && !api.ended ? { media: api.media, ended: api.endedSignal } : undefined;
  }

  /**
   * A message of the REST API's UserDefinedMessages to the Voice SDK on the call `sid`, as a
   * signaling `message` frame (docs/voice-sdk-protocol.md) to the device that placed the call, or
   * to the device(s) it rings or was answered on. `inactive` when the call is not ringing or in
   * progress, `not-sdk` when no Voice SDK is at its end (a phone): nothing is sent then.
   */
  sendMessage(sid: string, content: unknown, voiceEventSid: string): 'sent' | 'inactive' | 'not-sdk' {
    const devices = this.messageDevices(sid);
    if (typeof devices === 'string') return devices;
    for (const device of devices) device.send('message', { callsid: sid, content, contenttype: 'application/json', messagetype: 'user-defined-message', voiceeventsid: voiceEventSid });
    const owner = this.log.owner(sid)?.call;
    const text = `user-defined message ${voiceEventSid} to the Voice SDK on ${sid}: ${JSON.stringify(content).slice(0, 200)}`;
    owner?.events.push({ at: now(), type: 'message', text, ...(owner.sid === sid ? {} : { callSid: sid }) });
    this.context.log(text);
    return 'sent';
  }

  private messageDevices(sid: string): Device[] | 'inactive' | 'not-sdk' {
    const isSdk = (address: string) => address.startsWith('client:');
    const parent = [...this.active].find((call) => call.sid === sid);
    if (parent) return !isSdk(parent.record.from) ? 'not-sdk' : parent.ended ? 'inactive' : [parent.device];
    const leg = this.running(sid)?.leg;
    if (leg) return !isSdk(leg.record.to) ? 'not-sdk' : leg.ended ? 'inactive' : [leg.device];
    const apiCall = this.api.find(sid);
    if (apiCall && !isSdk(apiCall.request.to)) return 'not-sdk';
    return apiCall?.liveDevices.length ? apiCall.liveDevices : 'inactive';
  }

  /** Ends every call without further webhooks. */
  stop(): void {
    this.stopping = true;
    this.callRecordings.stopAll();
    this.held.clear();
    this.api.stop();
    this.context.conferences.stop();
    for (const call of [...this.active, ...this.lingering]) call.abort();
  }

  private route(device: Device, payload: Payload): Route | undefined {
    const callsid = text(payload, 'callsid');
    if (!callsid) {
      device.send('error', { error: { code: 31100, message: 'Malformed message: callsid missing' } });
      return undefined;
    }
    return this.routes.get(`${device.id}:${callsid}`);
  }

  private start(call: ParentCall, device: Device, clientSid: string): void {
    this.active.add(call);
    this.log.add(call.record);
    this.routes.set(`${device.id}:${clientSid}`, { call });
    this.routes.set(`${device.id}:${call.sid}`, { call });
  }

  private finished(call: ParentCall): void {
    this.active.delete(call);
    this.held.release(call);
    if (call.hasRedirectedLegs) {
      this.lingering.add(call);
      void call.redirectedLegsDone().then(() => this.lingering.delete(call));
    }
    // A leg still running TwiML of its own (a REST API redirect) keeps its route until its device hangs up or goes.
    for (const [key, route] of this.routes) if (route.call === call && (!route.leg || route.leg.ended)) this.routes.delete(key);
  }

  /**
   * Twilio's Voice URL parameters (docs/voice-sdk-protocol.md): a phone (`phone_<digits>`) calls as a PSTN caller
   * from its number; a browser calls as `client:<identity>` with its custom params, and a token
   * without an identity as `client:Anonymous`, as Twilio names such callers.
   */
  private webhookParams(identity: string | undefined, payload: Payload): WebhookParams | undefined {
    const twilio = payload.twilio as Record<string, unknown> | undefined;
    const query = typeof twilio?.params === 'string' ? twilio.params : '';
    if (query.length > MAX_CUSTOM_PARAMS.bytes) return undefined;
    const custom = [...new URLSearchParams(query)];
    if (custom.length > MAX_CUSTOM_PARAMS.count) return undefined;
    const base: WebhookParams = {
      AccountSid: this.options.env.ACCOUNT_SID,
      ApiVersion: '2010-04-01',
      ApplicationSid: this.options.env.TWIML_APP_SID,
      Direction: 'inbound',
    };
    const phone = identity === undefined || this.options.team.includes(identity) ? undefined : numberOfPhone(identity);
    if (phone) {
      const dialled = custom.find(([name]) => name === 'To')?.[1] ?? '';
      const to = normaliseNumber(dialled) ?? dialled;
      const [fromCountry, toCountry] = [countryOf(phone) ?? '', countryOf(to) ?? ''];
      return { ...base, From: phone, Caller: phone, To: to, Called: to, FromCountry: fromCountry, CallerCountry: fromCountry, ToCountry: toCountry, CalledCountry: toCountry };
    }
    const from = `client:${identity ?? ANONYMOUS}`;
    const params: WebhookParams = { ...base, From: from, Caller: from, To: '', Called: '' };
    for (const [name, value] of custom) if (!params[name]) params[name] = value;
    return params;
  }
}
