/**
 * `<Dial>` from one side of a call, wherever that side is: the parent call Twilio answered, an
 * API-created call's answered leg, or a dialled leg a REST API update redirected (its `<Dial>`
 * rings grandchildren of the call, whose parent is that leg, as at Twilio). `<Conference>` mixes
 * the side into the conference. `<Client>`/`<Number>` ring one leg per device, play ringback to
 * the dialling side, run the winner's whisper `url`, then relay media between the dialling side
 * and the winner until the dial settles.
 */
import { webhookEntry, type SimWebhook } from './call-log';
import type { ConferenceRooms } from './conference-rooms';
import { dialEndedNote, DialRun, type DialOutcome } from './dial';
import { dialTargets } from './dial-targets';
import type { RedirectSlot } from './interruptible-control';
import type { Leg } from './legs';
import { runWhisper } from './whisper';
import type { Device, DeviceRegistry } from '../signaling/devices';
import type { LegMedia } from '../media/leg-media';
import type { MediaPlane } from '../media/media-plane';
import { ringbackTone } from '../media/ringback';
import type { TwimlNode } from '../twiml/twiml-document';
import type { TwimlDocument } from '../twiml/twiml-executor';
import { postWebhook, type WebhookParams } from '../twiml/webhooks';

/** What every dial shares: the devices it rings, where their media ends, the live conferences. */
export interface DialNetwork {
  registry: DeviceRegistry;
  media: MediaPlane;
  teamNumber: string;
  conferences: ConferenceRooms;
  /** Signs the dialled legs' status callbacks. */
  authToken: string;
  /** A new dialled leg whose parent is `parentSid`: log it in the call and route its device's frames. */
  adopt(leg: Leg, parentSid: string): void;
}

/**
 * The side of a call that dials, wherever that side is: the parent call, a dialled leg a REST API
 * update redirected, an API-created call's answered leg. Each of them is its own side.
 */
export interface DialSide {
  /** Its webhook parameters now (AccountSid, CallSid, From, To, CallStatus): the dialled legs' parent and caller. */
  params(): WebhookParams;
  /** Its own device, never rung by its own dial. */
  readonly device: Device;
  /** Its media: ringback plays there and the winner is bridged to it. */
  readonly media: LegMedia;
  /** Answers it when the bridge is up (or before a `<Conference>`); absent when it is answered already. */
  answer?(): Promise<void>;
  /** Lets ringback through as early media while the dial rings, the side counting as answered or not; absent when it is answered already. */
  ringback?(answered: boolean): Promise<void>;
  readonly ended: boolean;
  /** Resolves when it ends; a whisper stops then. */
  readonly endedSignal: Promise<void>;
  /** Its REST API redirects: one waiting stops the dial, or takes the side out of its conference. */
  readonly redirects: RedirectSlot;
  note(text: string, code?: number): void;
  /** Fetches a document for a dialled leg (its whisper, and the whisper's action or redirect). */
  fetch(kind: 'whisper' | 'action' | 'redirect', url: string, extra: WebhookParams): Promise<TwimlDocument | undefined>;
  /** Keeps a webhook posted for it (a conference's status callback) in its call's log. */
  logWebhook(webhook: SimWebhook): void;
}

/** `<Dial timeout>` as Twilio bounds it. */
const DIAL_TIMEOUT = { default: 30, min: 5, max: 600 };

/** The `<Dial>`s of one side of a call, one at a time, and the legs of the one running. */
export class DialBridge {
  private current?: DialRun;
  /** Ends the relay between the side and the leg that answered. */
  private unbridge?: () => void;

  constructor(
    private readonly network: DialNetwork,
    private readonly side: DialSide,
  ) {}

  /** The legs of the running dial (ringing or bridged). */
  get legs(): readonly Leg[] {
    return this.current?.legs ?? [];
  }

  /**
   * `<Dial>`: `<Conference>` answers the side and mixes it into the conference until it leaves;
   * `<Client>`/`<Number>` ring (see `ring`). Resolves with the outcome once the dial settles.
   */
  async dial(verb: TwimlNode, resolve: (url: string) => string | undefined, bridged: (winner: Leg) => void = () => undefined): Promise<DialOutcome> {
    const { side } = this;
    const noun = verb.children.find((child) => child.name === 'Conference');
    if (!noun) {
      const outcome = await this.ring(verb, resolve, bridged);
      side.note(dialEndedNote(outcome));
      return outcome;
    }
    await side.answer?.();
    return this.network.conferences.join({
      callSid: side.params().CallSid,
      media: side.media,
      noun,
      resolve,
      gone: Promise.race([side.endedSignal, side.redirects.arrival]),
      params: side.params(),
      note: (text, code) => side.note(text, code),
      logWebhook: (webhook) => side.logWebhook(webhook),
    });
  }

  /**
   * Rings every device of the verb's nouns and resolves with the outcome once the dial settles;
   * `bridged` hears the winner once media flows (e.g. to start `<Dial record>`).
   */
  private async ring(verb: TwimlNode, resolve: (url: string) => string | undefined, bridged: (winner: Leg) => void): Promise<DialOutcome> {
    const { side } = this;
    const requested = Number(verb.attrs.timeout ?? DIAL_TIMEOUT.default);
    const timeout = Number.isFinite(requested) ? Math.min(Math.max(requested, DIAL_TIMEOUT.min), DIAL_TIMEOUT.max) : DIAL_TIMEOUT.default;
    const { legs, onlyNumbers } = dialTargets(verb, {
      registry: this.network.registry,
      teamNumber: this.network.teamNumber,
      params: side.params(),
      callerDevice: side.device,
      resolve,
      note: (text, code) => side.note(text, code),
      postStatus: (url, params) => void postWebhook(url, params, this.network.authToken).then((result) => side.logWebhook(webhookEntry('leg-status', result))),
    });
    if (!legs.length) return { status: onlyNumbers ? 'failed' : 'no-answer' };
    // A caller learns it was answered when the bridge is up, with or without answerOnBridge
    // (Twilio's own SDK suite listens for the caller's accept after the callee's incoming);
    // until then ringback is early media. Without answerOnBridge the call counts as answered,
    // and is billed, from the dial on; with it, from the bridge.
    await side.ringback?.(verb.attrs.answerOnBridge !== 'true');
    // Each device gets an offer of its own endpoint, made for all of them at once.
    const offers = await Promise.all(legs.map(({ leg }) => leg.attachMedia(this.network.media.leg())));
    for (const [i, { leg, params }] of legs.entries()) {
      this.network.adopt(leg, side.params().CallSid);
      if (side.ended) leg.markEnded('canceled');
      else leg.ring(offers[i], params);
    }
    void side.media.play(ringbackTone(verb.attrs.ringTone), 0);
    // Created after the invites went out, so a side that already hung up cancels them at once.
    const run = new DialRun(
      legs.map((l) => l.leg),
      timeout,
      { bridge: (leg, sdp) => void this.connect(leg, sdp, () => bridged(leg)), parentEnded: () => side.ended || side.redirects.pending },
    );
    this.current = run;
    const outcome = await run.outcome;
    this.current = undefined;
    this.unbridge?.();
    this.unbridge = undefined;
    side.media.stopPlayback();
    return outcome;
  }

  /**
   * A ringing leg answered with its SDP (none when its media was negotiated already: a leg taken
   * on another device); false when it is not this dial's or too late (the leg gets `hangup`).
   */
  answer(leg: Leg, sdp?: string): boolean {
    return this.current?.answer(leg, sdp) ?? false;
  }

  /** Re-examines the running dial after a leg or the side changed. */
  update(): void {
    this.current?.update();
  }

  /** The bridged leg leaves the bridge (a REST API redirect of it); false when it is not bridged here. */
  release(leg: Leg): boolean {
    return this.current?.release(leg) ?? false;
  }

  /** Ends the running dial at once, e.g. when the simulator stops. */
  abort(): void {
    this.current?.abort();
  }

  /**
   * The winner answered: runs its whisper TwiML, if any, then relays side ↔ winner and answers
   * the side. A whisper that hangs up leaves the winner unconnected (the dial ends).
   */
  private async connect(winner: Leg, sdp: string | undefined, bridged: () => void): Promise<void> {
    if (sdp !== undefined) await winner.media!.endpoint.accept(sdp);
    if (winner.whisperUrl && !(await this.whisper(winner, winner.whisperUrl))) {
      winner.hangup();
      this.update();
      return;
    }
    if (winner.ended || this.side.ended) return;
    this.side.media.stopPlayback();
    this.unbridge = this.side.media.bridgeTo(winner.media!);
    bridged();
    await this.side.answer?.();
  }

  /** Fetches and runs the whisper TwiML on `leg`, with the leg's own webhook parameters. */
  private async whisper(leg: Leg, url: string): Promise<boolean> {
    const { side } = this;
    const legParams = { CallSid: leg.sid, ParentCallSid: side.params().CallSid, From: leg.record.from, To: leg.record.to, Direction: 'outbound-dial', CallStatus: 'in-progress' };
    const document = await side.fetch('whisper', url, legParams);
    if (!document || leg.ended) return false;
    return runWhisper(leg, document, {
      speech: this.network.media.speech,
      parentEnded: side.endedSignal,
      isParentEnded: () => side.ended,
      note: (text, code) => side.note(text, code),
      fetch: (kind, next, extra) => side.fetch(kind, next, { ...legParams, ...extra }),
    });
  }
}
