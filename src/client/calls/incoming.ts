/**
 * Ringing calls: the banner with the caller and the ring group's parameters, Accept / Reject,
 * a system notification when the tab is hidden, and the banner's disappearance when the caller
 * gives up, a teammate answers, or another tab of ours answers.
 */
import type { Call } from '@twilio/voice-sdk';
import type { IncomingCallParameter } from '../../lib/contract/call-parameters';
import { byId } from '../page/dom';
import type { MessageKey, Translate } from '../page/i18n';
import { notifyIfHidden } from '../page/notify';
import { detailRows, renderDetails } from './call-details';
import type { CallStart } from './call-parties';

/** Who is calling, as shown and as dialled back. */
export interface Caller {
  /** A teammate identity or a phone number: what "call back" dials. */
  peer: string;
  teammate: boolean;
  /** `<Parameter>`s of the ring group (callerNumber, callerName, callerLocation, menuKey, ringGroup) or of a transfer or consultation (transferredBy, consultedBy). */
  details: ReadonlyMap<string, string>;
}

/** Reads the caller of an incoming call: `client:alice` is a teammate, else the ring group's callerNumber. */
export function callerOf(from: string | undefined, parameters: ReadonlyMap<string, string>): Caller {
  const details = new Map(parameters);
  if (from?.startsWith('client:')) return { peer: from.slice('client:'.length), teammate: true, details };
  return { peer: parameters.get('callerNumber' satisfies IncomingCallParameter) || from || '?', teammate: false, details };
}

/** What an answered call starts with: whom it is with, the caller it is about (a consultation's or transfer's callerNumber), who consults. */
export function startOf(caller: Caller): CallStart {
  const { details } = caller;
  return { peer: caller.peer, caller: details.get('callerNumber') || caller.peer, consultedBy: details.get('consultedBy') };
}

/** What the incoming banner needs from the page. */
export interface IncomingHost {
  t: Translate;
  /** A phone number or teammate as the page shows it. */
  name(peer: string): string;
  announce(text: string): void;
  /** The person accepted `call`. */
  accepted(call: Call, caller: Caller): void;
  /** A call stopped ringing here without being answered here, nor in another tab of this person's. */
  finished(): void;
}

interface Ringing {
  call: Call;
  caller: Caller;
  notification?: Notification;
}

/** The incoming-call banner and the calls ringing on it, first come first shown. */
export class Incoming {
  private readonly queue: Ringing[] = [];

  constructor(private readonly host: IncomingHost) {
    byId('accept').addEventListener('click', () => this.accept());
    byId('reject').addEventListener('click', () => this.reject());
  }

  /** A new call rings: show it (after any already ringing) and tell a hidden tab's person. */
  ring(call: Call): void {
    const caller = callerOf(call.parameters.From, call.customParameters);
    const ringing: Ringing = { call, caller };
    this.queue.push(ringing);
    const stop = () => this.remove(ringing);
    for (const end of ['cancel', 'disconnect', 'error', 'reject'] as const) call.once(end, stop);
    const peer = this.host.name(caller.peer);
    ringing.notification = notifyIfHidden(this.host.t('incoming.heading'), this.host.t('notify.body', { peer }), { tag: 'switchboard-incoming', requireInteraction: true });
    this.host.announce(this.host.t('incoming.from', { peer }));
    this.render();
  }

  /** Another tab of ours answered a call from `peer`: stop ringing it here. */
  answeredElsewhere(peer: string): void {
    for (const ringing of this.queue.filter((r) => r.caller.peer === peer)) {
      ringing.call.ignore();
      this.remove(ringing, true);
    }
  }

  /** Stops every ringing call here, e.g. when this person places a call or signs out. */
  ignoreAll(): void {
    for (const ringing of [...this.queue]) {
      ringing.call.ignore();
      this.remove(ringing);
    }
  }

  /** Declines every call ringing here (Do not disturb switched on): each caller's leg ends busy. */
  rejectAll(): void {
    for (const ringing of [...this.queue]) ringing.call.reject();
  }

  private accept(): void {
    const ringing = this.queue[0];
    if (!ringing) return;
    this.drop(ringing);
    ringing.call.accept();
    this.host.accepted(ringing.call, ringing.caller);
  }

  private reject(): void {
    this.queue[0]?.call.reject();
  }

  /** Takes a call off the banner and says so; `elsewhere`: another tab of this person answered it (it goes on there). */
  private remove(ringing: Ringing, elsewhere = false): void {
    if (!this.drop(ringing)) return;
    if (!elsewhere) this.host.finished();
    const message: MessageKey = elsewhere ? 'incoming.elsewhere' : 'incoming.cancelled';
    this.host.announce(this.host.t(message, { peer: this.host.name(ringing.caller.peer) }));
  }

  /** Takes a call off the banner; false when it was not on it. */
  private drop(ringing: Ringing): boolean {
    const index = this.queue.indexOf(ringing);
    if (index < 0) return false;
    this.queue.splice(index, 1);
    ringing.notification?.close();
    this.render();
    return true;
  }

  /** Draws the first ringing call (again after a language or number-format change). */
  render(): void {
    const banner = byId('incoming');
    const current = this.queue[0];
    banner.hidden = !current;
    if (!current) return;
    const { caller } = current;
    byId('incoming-caller').textContent = caller.teammate ? `${caller.peer} (${this.host.t('incoming.teammate')})` : this.host.name(caller.peer);
    renderDetails(byId('incoming-details'), detailRows(caller.details, this.host));
  }
}
