/**
 * The call in progress: who, which direction, state and timer, mute, DTMF, hang up, quality
 * warnings and reconnects in words, the two level meters; reports how the call ended.
 */
import type { Call } from '@twilio/voice-sdk';
import { byId, clock } from '../page/dom';
import { isMessageKey, type MessageKey, type Translate } from '../page/i18n';
import type { Direction, Outcome } from './recent-calls';

/** What the call panel needs from the page. */
export interface CallViewHost {
  t: Translate;
  announce(text: string): void;
  /** The call is over; `seconds` talked when answered. */
  ended(outcome: Outcome, seconds: number): void;
}

const DTMF = /^[0-9*#w]$/;
/** One tone (160 ms) plus the SDK's gap: a digit sent sooner would replace the one still queued. */
const DTMF_SPACING_MS = 250;

/** The Dial card while a call is on. */
export class CallView {
  private call: Call | undefined;
  private peer = '';
  private answeredAt = 0;
  private digits = '';
  private timer: ReturnType<typeof setInterval> | undefined;
  private failed = false;
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
    byId('call-digits').textContent = this.host.t('call.digits', { digits: this.digits });
    return true;
  }

  /** Takes over the screen for `call` until it ends. */
  show(call: Call, direction: Direction, peer: string): void {
    this.call = call;
    this.peer = peer;
    this.answeredAt = 0;
    this.digits = '';
    this.unsent = '';
    this.failed = false;
    byId('call-direction').textContent = this.host.t(direction === 'in' ? 'call.in' : 'call.out');
    byId('call-peer').textContent = peer;
    byId('call-digits').textContent = '';
    byId('call-timer').textContent = '';
    byId('call-warning').hidden = true;
    this.toggle(true);
    this.setState(direction === 'in' ? 'call.connected' : 'call.calling');

    call.on('ringing', () => this.setState('call.ringing'));
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
    call.on('warning-cleared', () => {
      byId('call-warning').hidden = true;
      this.host.announce(this.host.t('warning.cleared'));
    });
    call.on('reconnecting', () => this.warn('call.reconnecting'));
    call.on('reconnected', () => {
      byId('call-warning').hidden = true;
      this.host.announce(this.host.t('call.reconnected'));
    });
    // The Device reports the error itself (main.ts); here it only decides how the call is logged.
    call.on('error', () => (this.failed = true));
    for (const end of ['disconnect', 'cancel', 'reject'] as const) call.once(end, () => this.finish(call));
    if (direction === 'in') this.answered();
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
    this.setState('call.connected');
    this.timer = setInterval(() => this.tick(), 1000);
    this.tick();
  }

  private tick(): void {
    byId('call-timer').textContent = clock((Date.now() - this.answeredAt) / 1000);
  }

  private warn(key: MessageKey): void {
    const text = this.host.t(key);
    const warning = byId('call-warning');
    warning.textContent = text;
    warning.hidden = false;
    this.host.announce(text);
  }

  private setState(key: MessageKey): void {
    const text = this.host.t(key, { peer: this.peer });
    byId('call-state').textContent = text;
    this.host.announce(text);
  }

  private finish(call: Call): void {
    if (this.call !== call) return;
    clearInterval(this.timer);
    const seconds = this.answeredAt ? Math.round((Date.now() - this.answeredAt) / 1000) : 0;
    const outcome: Outcome = this.answeredAt ? 'answered' : this.failed ? 'failed' : 'unanswered';
    this.host.announce(this.host.t('call.ended', { peer: this.peer }));
    this.call = undefined;
    this.toggle(false);
    byId<HTMLMeterElement>('mic-level').value = 0;
    byId<HTMLMeterElement>('speaker-level').value = 0;
    this.host.ended(outcome, seconds);
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

