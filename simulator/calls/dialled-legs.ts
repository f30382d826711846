/**
 * Every dialled leg of a parent call: those the caller's `<Dial>`s ring and bridge, and those a
 * REST API update took out of their bridge, which run TwiML of their own, at any depth (a leg one
 * of them dialled may be redirected too). Redirected legs outlive the parent, as at Twilio, until
 * they hang up.
 */
import type { SimCall } from './call-log';
import type { ConferenceRooms } from './conference-rooms';
import { DialBridge, type DialNetwork, type DialSide } from './dial-bridge';
import type { RedirectSource } from './interruptible-control';
import { RedirectedLeg } from './leg-twiml';
import type { Leg } from './legs';
import type { MediaPlane } from '../media/media-plane';
import type { Device, DeviceRegistry } from '../signaling/devices';

export interface DialledLegsContext {
  /** The call's log entry: every leg goes there, and so do redirected legs' webhooks and notes. */
  record: SimCall;
  accountSid: string;
  authToken: string;
  webhookTimeoutMs?: number;
  registry: DeviceRegistry;
  media: MediaPlane;
  teamNumber: string;
  conferences: ConferenceRooms;
  /** Routes the frames of a new leg's device to the call. */
  track(leg: Leg): void;
  note(text: string, code?: number): void;
}

/** The dials of a parent call and the legs they rang. */
export class DialledLegs {
  /** The caller's `<Dial>`s of `<Client>`/`<Number>`. */
  readonly caller: DialBridge;
  /** Dialled legs a REST API update took out of their bridge. */
  private readonly redirected = new Map<Leg, RedirectedLeg>();
  /** Resolves `redirectedDone()` once the last redirected leg hung up. */
  private allDone?: () => void;

  constructor(
    private readonly context: DialledLegsContext,
    side: DialSide,
  ) {
    this.caller = new DialBridge(this.network(), side);
  }

  /**
   * The dialled leg with this CallSid while its `<Dial>` runs (ringing or bridged) or while it runs
   * TwiML of its own after a REST API redirect; grandchildren a redirected leg dialled included.
   */
  find(sid: string): Leg | undefined {
    return (
      this.bridges()
        .flatMap((bridge) => bridge.legs)
        .find((leg) => leg.sid === sid) ?? [...this.redirected.keys()].find((leg) => leg.sid === sid)
    );
  }

  /** A dialled leg answered with its SDP; false when no running dial takes it (the leg gets `hangup`). */
  answer(leg: Leg, sdp: string): boolean {
    return this.bridgeOf(leg)?.answer(leg, sdp) ?? false;
  }

  /**
   * A ringing leg is taken on `device` (the SDK's `connectToken`): the device it rang first gets
   * `cancel`, the new one's offer is answered by a new endpoint, and the leg answers its dial.
   */
  async takeOver(leg: Leg, device: Device, offerSdp: string): Promise<void> {
    leg.device.send('cancel', { callsid: leg.sid });
    const sdp = await leg.takeOn(device, this.context.media.leg(), offerSdp);
    if (!this.bridgeOf(leg)?.answer(leg)) return device.send('hangup', { callsid: leg.sid });
    device.send('answer', { callsid: leg.sid, sdp, reconnect: leg.reconnectToken });
  }

  /** A dialled leg declined, hung up or went away. */
  ended(leg: Leg, how: 'rejected' | 'hangup'): void {
    leg.markEnded(leg.status === 'in-progress' ? 'completed' : how === 'rejected' ? 'rejected' : 'canceled');
    this.update();
  }

  /** `Status=completed|canceled` on a dialled leg: the leg hangs up, or its invite is withdrawn. */
  endByApi(leg: Leg): void {
    if (leg.status === 'ringing') leg.cancel();
    else leg.hangup();
    this.update();
  }

  /** Every running dial re-examines its legs and its dialling side after a change. */
  update(): void {
    for (const bridge of this.bridges()) bridge.update();
  }

  /** True while a leg the REST API redirected still runs: the call's records may still change. */
  get hasRedirected(): boolean {
    return this.redirected.size > 0;
  }

  /** Resolves once no redirected leg runs any more. */
  redirectedDone(): Promise<void> {
    if (!this.redirected.size) return Promise.resolve();
    return new Promise((resolve) => (this.allDone = resolve));
  }

  /**
   * `Twiml` or `Url` on a dialled leg: a bridged leg leaves the bridge (its dialler goes on to its
   * `<Dial action>`) and runs the new TwiML itself on its own media; a leg already running TwiML
   * of its own switches to the new TwiML. False when the leg is neither.
   */
  redirect(leg: Leg, source: RedirectSource): boolean {
    const running = this.redirected.get(leg);
    if (running) {
      running.redirect(source);
      return true;
    }
    const bridge = this.bridgeOf(leg);
    if (!bridge?.release(leg)) return false;
    const { context } = this;
    context.note(`${leg.sid} redirected through the REST API; it left the bridge`);
    const parentSid = leg.record.parentSid ?? context.record.sid;
    const legContext = {
      call: context.record,
      parentSid,
      accountSid: context.accountSid,
      authToken: context.authToken,
      webhookTimeoutMs: context.webhookTimeoutMs,
      speech: context.media.speech,
      network: this.network(),
    };
    const redirected = new RedirectedLeg(leg, legContext);
    this.redirected.set(leg, redirected);
    void redirected.run(source).then(() => {
      this.redirected.delete(leg);
      if (!this.redirected.size) this.allDone?.();
    });
    return true;
  }

  /** Ends every dial at once and hangs up every redirected leg, e.g. when the simulator stops. */
  abort(): void {
    for (const bridge of this.bridges()) bridge.abort();
    for (const leg of this.redirected.keys()) leg.hangup();
  }

  /** What every dial of this call rings with: its legs are logged in this call and routed to it. */
  private network(): DialNetwork {
    const { context } = this;
    return {
      registry: context.registry,
      media: context.media,
      teamNumber: context.teamNumber,
      conferences: context.conferences,
      authToken: context.authToken,
      adopt: (leg: Leg, parentSid: string) => {
        if (parentSid !== context.record.sid) leg.record.parentSid = parentSid;
        context.record.legs.push(leg.record);
        context.track(leg);
      },
    };
  }

  /** The caller's dial and those of its redirected legs. */
  private bridges(): DialBridge[] {
    return [this.caller, ...[...this.redirected.values()].map((redirected) => redirected.bridge)];
  }

  /** The dial that rang `leg`, while it runs. */
  private bridgeOf(leg: Leg): DialBridge | undefined {
    return this.bridges().find((bridge) => bridge.legs.includes(leg));
  }
}
