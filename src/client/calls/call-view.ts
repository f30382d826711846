/**
 * The call in progress: whom it is with now (call-parties.ts), which direction, state and timer,
 * the details it came with (the caller, who handed it on, the menu choice) for as long as it
 * lasts, mute, DTMF, hang up, quality warnings and reconnects in words, the two level meters;
 * reports how the call ended.
 */
import type { Call } from '@twilio/voice-sdk';
import { byId, clock } from '../page/dom';
import { isMessageKey, type Language, type MessageKey, type Translate } from '../page/i18n';
import { detailRows, renderDetails } from './call-details';
import type { CallParties } from './call-parties';

/** Who called: 'in' someone called us, 'out' we called. */
export type Direction = 'in' | 'out';

/** What the call panel needs from the page. */
export interface CallViewHost {
  t: Translate;
  language(): Language;
  /** A phone number or teammate as the page shows it. */
  name(peer: string): string;
  announce(text: string): void;
  /** The call is over. */
  ended(): void;
}

const DTMF = /^[0-9*#w]$/;
/** One tone (160 ms) plus the SDK's gap: a digit sent sooner would replace the one still queued. */
const DTMF_SPACING_MS = 250;

/** What the state line says: placing the call, it rings, or it is on. */
type Progress = 'call.calling' | 'call.ringing' | 'call.connected';

/** The Dial card while a call is on. */
export class CallView {
  private call: Call | undefined;
  private parties: CallParties | undefined;
  private details: ReadonlyMap<string, string> = new Map();
  private direction: Direction = 'out';
  private progress: Progress = 'call.calling';
  private warning: MessageKey | undefined;
  private answeredAt = 0;
  private digits = '';
  private timer: ReturnType<typeof setInterval> | undefined;
  private unsent = '';
  private sending: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly host: CallViewHost) {
    byId('hang-up').addEventListener('click', () => this.call?.disconnect());
    byId('mute').addEventListener('click', () => this.call?.mute(!this.call.isMuted()));
  }

  /** True while a call is shown. */
  get busy(): boolean {
    return this.call !== undefined;
  }

  /** Sends a keypad press as DTMF; false when there is no connected call to send it on. */
  sendDigit(digit: string): boolean {
    if (!this.call || !this.answeredAt || !DTMF.test(digit)) return false;
    this.unsent += digit;
    if (!this.sending) this.sendNextDigit();
    this.digits += digit;
    this.update();
    return true;
  }

  /** Takes over the screen for `call` until it ends; `details` are what it came with. */
  show(call: Call, direction: Direction, parties: CallParties, details: ReadonlyMap<string, string>): void {
    Object.assign(this, { call, parties, details, direction, answeredAt: 0, digits: '', unsent: '', warning: undefined });
    byId('call-timer').textContent = '';
    this.toggle(true);
    this.setProgress(direction === 'in' ? 'call.connected' : 'call.calling');

    call.on('ringing', () => this.setProgress('call.ringing'));
    call.on('accept', () => this.answered());
    call.on('mute', (muted: boolean) => {
      byId('mute').setAttribute('aria-pressed', String(muted));
      this.host.announce(this.host.t(muted ? 'call.muted' : 'call.unmuted'));
    });
    call.on('volume', (input: number, output: number) => {
      byId<HTMLMeterElement>('mic-level').value = input;
      byId<HTMLMeterElement>('speaker-level').value = output;
    });
    call.on('warning', (name: string) => {
      const key = `warning.${name}`;
      this.warn(isMessageKey(key) ? key : 'warning.generic');
    });
    call.on('warning-cleared', () => this.clearWarning('warning.cleared'));
    call.on('reconnecting', () => this.warn('call.reconnecting'));
    call.on('reconnected', () => this.clearWarning('call.reconnected'));
    for (const end of ['disconnect', 'cancel', 'reject'] as const) call.once(end, () => this.finish(call));
    if (direction === 'in') this.answered();
  }

  /** The state line as it reads now (for announcements). */
  stateText(): string {
    return this.host.t(this.progress, { peer: this.withText() });
  }

  /** Draws the panel again: after a reading of the call's parties, a language switch or numbers becoming formatted. */
  update(): void {
    if (!this.parties) return;
    byId('call-direction').textContent = this.host.t(this.direction === 'in' ? 'call.in' : 'call.out');
    byId('call-peer').textContent = this.withText();
    byId('call-state').textContent = this.stateText();
    renderDetails(byId('call-details'), detailRows(this.details, { ...this.host, consulterLeft: this.parties.consulterLeft }));
    const warning = byId('call-warning');
    warning.hidden = !this.warning;
    warning.textContent = this.warning ? this.host.t(this.warning) : '';
    byId('call-digits').textContent = this.digits ? this.host.t('call.digits', { digits: this.digits }) : '';
  }

  /** Whom the call is with now, as one phrase ("alice and +1 415 555 0123"). */
  private withText(): string {
    const names = (this.parties?.with ?? []).map((peer) => this.host.name(peer));
    return new Intl.ListFormat(this.host.language(), { type: 'conjunction' }).format(names);
  }

  /** Sends queued digits one by one: the SDK's tone sender drops a digit replaced before it played. */
  private sendNextDigit(): void {
    const digit = this.unsent[0];
    this.sending = undefined;
    if (!digit || !this.call) return;
    this.unsent = this.unsent.slice(1);
    this.call.sendDigits(digit);
    this.sending = setTimeout(() => this.sendNextDigit(), DTMF_SPACING_MS);
  }

  private answered(): void {
    if (this.answeredAt) return;
    this.answeredAt = Date.now();
    this.setProgress('call.connected');
    this.timer = setInterval(() => this.tick(), 1000);
    this.tick();
  }

  private tick(): void {
    byId('call-timer').textContent = clock((Date.now() - this.answeredAt) / 1000);
  }

  private warn(key: MessageKey): void {
    this.warning = key;
    this.update();
    this.host.announce(this.host.t(key));
  }

  private clearWarning(said: MessageKey): void {
    this.warning = undefined;
    this.update();
    this.host.announce(this.host.t(said));
  }

  private setProgress(progress: Progress): void {
    this.progress = progress;
    this.update();
    this.host.announce(this.stateText());
  }

  private finish(call: Call): void {
    if (this.call !== call) return;
    clearInterval(this.timer);
    this.host.announce(this.host.t('call.ended', { peer: this.withText() }));
    this.call = undefined;
    this.parties = undefined;
    this.toggle(false);
    byId<HTMLMeterElement>('mic-level').value = 0;
    byId<HTMLMeterElement>('speaker-level').value = 0;
    this.host.ended();
  }

  private toggle(inCall: boolean): void {
    byId('call-panel').hidden = !inCall;
    byId('idle-controls').hidden = inCall;
    byId('call').hidden = inCall;
    byId('mute').hidden = !inCall;
    byId('hang-up').hidden = !inCall;
    byId('mute').setAttribute('aria-pressed', 'false');
    // Keyboard users keep their place when what they pressed was just hidden. Not onto a button:
    // the Enter that placed the call is still being delivered and would press it.
    const focused = document.activeElement as HTMLElement | null;
    if (!focused || focused === document.body || focused.closest('[hidden]')) byId(inCall ? 'call-panel' : 'number').focus();
  }
}
