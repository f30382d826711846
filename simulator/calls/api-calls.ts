/**
 * The calls the REST API creates: a queue that starts them at the account's calls-per-second
 * limit (1 per second by default, docs/twilio-limits.md) and the routing of their legs' frames.
 */
import { ApiCall, type ApiCallContext, type ApiCallObserver, type ApiCallRequest } from './api-call';
import type { SimCall } from './call-log';
import type { Leg } from './legs';
import { phoneIdentity } from './phone-numbers';
import type { Device, DeviceRegistry } from '../signaling/devices';
import type { MediaPlane } from '../media/media-plane';
import type { ConferenceRooms } from './conference-rooms';

/** Twilio's default: one API-created call (or participant) starts per second. */
export const CALLS_PER_SECOND = 1;

export interface ApiCallsOptions {
  registry: DeviceRegistry;
  media: MediaPlane;
  conferences: ConferenceRooms;
  /** The number a `<Dial>` of an API call's TwiML may show. */
  teamNumber: string;
  accountSid: string;
  authToken: string;
  webhookTimeoutMs?: number;
  /** Adds the new call's record to the call log. */
  logCall(record: SimCall): void;
  stopping(): boolean;
  log(line: string): void;
}

/** API-created calls: queued, started one per 1/CALLS_PER_SECOND s, and the frames of their legs. */
export class ApiCalls {
  private readonly queue: ApiCall[] = [];
  private readonly running = new Set<ApiCall>();
  /** `<device id>:<callsid>` → the API call and leg that callsid names on that device. */
  private readonly routes = new Map<string, { call: ApiCall; leg: Leg }>();
  private lastStart = 0;
  private timer?: NodeJS.Timeout;
  private readonly context: ApiCallContext;

  constructor(private readonly options: ApiCallsOptions) {
    this.context = {
      accountSid: options.accountSid,
      authToken: options.authToken,
      webhookTimeoutMs: options.webhookTimeoutMs,
      media: options.media,
      registry: options.registry,
      teamNumber: options.teamNumber,
      conferences: options.conferences,
      devicesFor: (to) => options.registry.reachable(to.startsWith('client:') ? to.slice('client:'.length) : phoneIdentity(to)),
      track: (leg, call) => this.routes.set(`${leg.device.id}:${leg.sid}`, { call, leg }),
      finished: (call) => this.forget(call),
      stopping: () => options.stopping(),
      log: (line) => options.log(line),
    };
  }

  /** Queues a new call; it starts within a second per call queued before it. `observer` hears its statuses. */
  create(request: ApiCallRequest, observer?: ApiCallObserver): SimCall {
    const call = new ApiCall(this.context, request, observer);
    this.options.logCall(call.record);
    this.queue.push(call);
    this.schedule();
    return call.record;
  }

  /** The queued or running API call with this CallSid. */
  find(sid: string): ApiCall | undefined {
    return [...this.queue, ...this.running].find((call) => call.sid === sid);
  }

  /** Ends an API call (`Status=completed|canceled`); a queued one leaves the queue as canceled. */
  hangup(call: ApiCall): void {
    call.hangupByApi();
    const queued = this.queue.indexOf(call);
    if (queued >= 0) {
      this.queue.splice(queued, 1);
      void call.run();
    }
  }

  /**
   * Handles a device's `answer`, `reject` or `hangup` when it names a leg of an API call; false
   * when the frame is someone else's.
   */
  frame(device: Device, type: 'answer' | 'reject' | 'hangup', callsid: string | undefined, sdp?: string): boolean {
    const route = this.routes.get(`${device.id}:${callsid}`);
    if (!route) return false;
    if (type === 'answer') route.call.legAnswered(route.leg, sdp ?? '');
    else route.call.legEnded(route.leg, type === 'reject' ? 'rejected' : 'hangup');
    return true;
  }

  /** Digits a device sent as a `dtmf` frame on a leg of an API call; false when the leg is someone else's. */
  digits(device: Device, callsid: string | undefined, digits: string): boolean {
    const route = this.routes.get(`${device.id}:${callsid}`);
    route?.leg.media?.heardDigits(digits);
    return route !== undefined;
  }

  /** The device's socket closed: its API call legs end as if it hung up. */
  deviceGone(device: Device): void {
    for (const [key, { call, leg }] of this.routes) if (key.startsWith(`${device.id}:`)) call.legEnded(leg, 'hangup');
  }

  /** Drops the queue and ends every running call (the simulator stops). */
  stop(): void {
    clearTimeout(this.timer);
    this.queue.splice(0);
    for (const call of this.running) call.hangupByApi();
  }

  private schedule(): void {
    if (this.timer || !this.queue.length) return;
    const wait = Math.max(0, this.lastStart + 1000 / CALLS_PER_SECOND - Date.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      const call = this.queue.shift();
      if (call) {
        this.lastStart = Date.now();
        this.running.add(call);
        void call.run();
      }
      this.schedule();
    }, wait);
  }

  private forget(call: ApiCall): void {
    this.running.delete(call);
    for (const [key, route] of this.routes) if (route.call === call) this.routes.delete(key);
  }
}
