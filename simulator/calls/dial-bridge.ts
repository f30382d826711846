/**
 * `<Dial>` of `<Client>`/`<Number>` nouns from one side of a call, wherever that side is: the
 * parent call Twilio answered, or a dialled leg a REST API update redirected (its `<Dial>` rings
 * grandchildren of the call, whose parent is that leg, as at Twilio). Rings one leg per device,
 * plays ringback to the dialling side, runs the winner's whisper `url`, then relays media between
 * the dialling side and the winner until the dial settles.
 */
import type { ConferenceJoin } from './conference-room';
import type { ConferenceRooms } from './conference-rooms';
import { dialEndedNote, DialRun, type DialOutcome } from './dial';
import { dialTargets } from './dial-targets';
import type { Leg } from './legs';
import { runWhisper } from './whisper';
import type { Device, DeviceRegistry } from '../signaling/devices';
import type { LegMedia } from '../media/leg-media';
import type { MediaPlane } from '../media/media-plane';
import { ringbackTone } from '../media/ringback';
import type { TwimlNode } from '../twiml/twiml-document';
import type { TwimlDocument } from '../twiml/twiml-executor';
import type { WebhookParams } from '../twiml/webhooks';

/** What every dial shares: the devices it rings and where their media ends. */
export interface DialNetwork {
  registry: DeviceRegistry;
  media: MediaPlane;
  teamNumber: string;
  /** A new dialled leg whose parent is `parentSid`: log it in the call and route its device's frames. */
  adopt(leg: Leg, parentSid: string): void;
}

/** The side of the call that dials. */
export interface DialSide {
  /** Its webhook parameters (AccountSid, CallSid, From): the dialled legs' parent and caller. */
  params: WebhookParams;
  /** Its own device, never rung by its own dial. */
  device: Device;
  /** Its media: ringback plays there and the winner is bridged to it. */
  media: LegMedia;
  /** Answers it (before ringing, or on bridge with `answerOnBridge`). */
  answer(): Promise<void>;
  /** Lets ringback through as early media (`answerOnBridge`). */
  earlyMedia(): Promise<void>;
  /** Resolves when it ends; a whisper stops then. */
  ended: Promise<void>;
  isEnded(): boolean;
  /** True once the dial must stop: the side ended or its TwiML was redirected. */
  stopped(): boolean;
  note(text: string, code?: number): void;
  /** Fetches a document for a dialled leg (its whisper, and the whisper's action or redirect). */
  fetch(kind: 'whisper' | 'action' | 'redirect', url: string, extra: WebhookParams): Promise<TwimlDocument | undefined>;
}

/**
 * `<Dial>` on a leg with no caller behind it (a redirected dialled leg, an API-created call):
 * `<Conference>` mixes the leg into the conference; `<Client>`/`<Number>` ring through the leg's `bridge`.
 */
export async function dialFromLeg(verb: TwimlNode, join: Omit<ConferenceJoin, 'noun'>, conferences: ConferenceRooms, bridge: DialBridge): Promise<DialOutcome> {
  const noun = verb.children.find((child) => child.name === 'Conference');
  if (noun) return conferences.join({ ...join, noun });
  const outcome = await bridge.ring(verb, join.resolve);
  join.note(dialEndedNote(outcome));
  return outcome;
}

/** The dialling side of a leg that is answered already: nothing to answer, and its ringback needs no early media. */
export function answeredLegSide(leg: Leg, side: Omit<DialSide, 'device' | 'media' | 'answer' | 'earlyMedia'>): DialSide {
  return { ...side, device: leg.device, media: leg.media!, answer: async () => undefined, earlyMedia: async () => undefined };
}

/** `<Dial timeout>` as Twilio bounds it. */
const DIAL_TIMEOUT = { default: 30, min: 5, max: 600 };

/** The `<Dial>`s of one side of a call, one at a time, and the legs of the one running. */
export class DialBridge {
  private current?: DialRun;
  /** Ends the relay between the side and the leg that answered. */
  private unbridge?: () => void;

  constructor(private readonly network: DialNetwork, private readonly side: DialSide) {}

  /** The legs of the running dial (ringing or bridged). */
  get legs(): readonly Leg[] {
    return this.current?.legs ?? [];
  }

  /**
   * Rings every device of the verb's nouns and resolves with the outcome once the dial settles;
   * `bridged` hears the winner once media flows (e.g. to start `<Dial record>`).
   */
  async ring(verb: TwimlNode, resolve: (url: string) => string | undefined, bridged: (winner: Leg) => void = () => undefined): Promise<DialOutcome> {
    const { side } = this;
    const requested = Number(verb.attrs.timeout ?? DIAL_TIMEOUT.default);
    const timeout = Number.isFinite(requested) ? Math.min(Math.max(requested, DIAL_TIMEOUT.min), DIAL_TIMEOUT.max) : DIAL_TIMEOUT.default;
    const { legs, onlyNumbers } = dialTargets(verb, {
      registry: this.network.registry,
      teamNumber: this.network.teamNumber,
      params: side.params,
      callerDevice: side.device,
      resolve,
      note: side.note,
    });
    if (!legs.length) return { status: onlyNumbers ? 'failed' : 'no-answer' };
    // Without answerOnBridge Twilio answers the caller first; with it, ringback is early media.
    if (verb.attrs.answerOnBridge !== 'true') await side.answer();
    else await side.earlyMedia();
    // Each device gets an offer of its own endpoint, made for all of them at once.
    const offers = await Promise.all(legs.map(({ leg }) => leg.attachMedia(this.network.media.leg())));
    for (const [i, { leg, params }] of legs.entries()) {
      this.network.adopt(leg, side.params.CallSid);
      if (side.isEnded()) leg.markEnded('canceled');
      else leg.ring(offers[i], params);
    }
    void side.media.play(ringbackTone(verb.attrs.ringTone), 0);
    // Created after the invites went out, so a side that already hung up cancels them at once.
    const run = new DialRun(
      legs.map((l) => l.leg),
      timeout,
      { bridge: (leg, sdp) => void this.connect(leg, sdp, () => bridged(leg)), parentEnded: () => side.stopped() },
    );
    this.current = run;
    const outcome = await run.outcome;
    this.current = undefined;
    this.unbridge?.();
    this.unbridge = undefined;
    side.media.stopPlayback();
    return outcome;
  }

  /** A ringing leg answered with its SDP; false when it is not this dial's or too late (the leg gets `hangup`). */
  answer(leg: Leg, sdp: string): boolean {
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
  private async connect(winner: Leg, sdp: string, bridged: () => void): Promise<void> {
    await winner.media!.endpoint.accept(sdp);
    if (winner.whisperUrl && !(await this.whisper(winner, winner.whisperUrl))) {
      winner.hangup();
      this.update();
      return;
    }
    if (winner.ended || this.side.isEnded()) return;
    this.side.media.stopPlayback();
    this.unbridge = this.side.media.bridgeTo(winner.media!);
    bridged();
    await this.side.answer();
  }

  /** Fetches and runs the whisper TwiML on `leg`, with the leg's own webhook parameters. */
  private async whisper(leg: Leg, url: string): Promise<boolean> {
    const legParams = { CallSid: leg.sid, ParentCallSid: this.side.params.CallSid, From: leg.record.from, To: leg.record.to, Direction: 'outbound-dial', CallStatus: 'in-progress' };
    const document = await this.side.fetch('whisper', url, legParams);
    if (!document || leg.ended) return false;
    return runWhisper(leg, document, {
      speech: this.network.media.speech,
      parentEnded: this.side.ended,
      isParentEnded: () => this.side.isEnded(),
      note: this.side.note,
      fetch: (kind, next, extra) => this.side.fetch(kind, next, { ...legParams, ...extra }),
    });
  }
}
