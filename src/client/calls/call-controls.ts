/**
 * Hold, transfer and consult in the call panel (README "Hold and transfer"): the buttons that fit the call's state,
 * the held state with its time, a target picked from the team or typed as a number. Every button
 * is one /call-control request; while a transfer or consultation is under way the state is asked
 * again every few seconds, so the panel follows what the other parties do (bob answers, the target
 * does not answer and the caller comes back).
 */
import type { Call } from '@twilio/voice-sdk';
import type { CallState, ControlAction, ControlReply } from '../../lib/contract/call-control';
import { controlCall } from '../api/call-control';
import { button, byId, clock, make } from '../page/dom';
import type { Translate } from '../page/i18n';

export interface CallControlsHost {
  t: Translate;
  /** The session's current access token, if signed in. */
  token(): string | undefined;
  /** Teammates one may transfer to (not oneself). */
  teammates(): readonly string[];
  announce(text: string): void;
  showError(error: unknown): void;
}

/** How often the state is asked again while others are expected to act. */
const POLL_MS = 2000;

/** The actions that have a button (`status` is only asked by the poll). */
type ButtonAction = Exclude<ControlAction, 'status'>;

/** Which buttons each state shows. */
const BUTTONS: Record<CallState, readonly ButtonAction[]> = {
  talking: ['hold', 'transfer', 'consult'],
  held: ['resume', 'transfer', 'consult'],
  consulting: ['complete', 'cancel', 'merge'],
  // The one consulted, or held by a teammate: the call is the other teammate's to change.
  consulted: [],
  onHold: [],
  merged: [],
  transferring: [],
  transferred: [],
};
const WITH_TARGET: ReadonlySet<ControlAction> = new Set(['transfer', 'consult']);

/** The hold and transfer controls of the call on screen. */
export class CallControls {
  private readonly root = byId('call-controls');
  private readonly heading = make('h3', '', 'visually-hidden');
  private readonly status = make('p', '', 'control-state');
  private readonly buttons = make('div', '', 'row');
  private readonly targetRow = make('div', '', 'control-target');
  private readonly targetLabel = make('label');
  private readonly targetInput = make('input');
  private readonly teamList = make('datalist');
  private call: Call | undefined;
  private state: CallState = 'talking';
  /** When the caller was put on hold (0 when not held). */
  private heldSince = 0;
  private target = '';
  /** The consulted teammate answered (else their phone still rings). */
  private consultedConnected = false;
  private busy = false;
  private ticker: ReturnType<typeof setInterval> | undefined;
  private poller: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly host: CallControlsHost) {
    this.heading.id = 'call-controls-heading';
    this.root.setAttribute('aria-labelledby', this.heading.id);
    this.targetInput.id = 'transfer-target';
    this.targetInput.autocomplete = 'off';
    this.targetInput.setAttribute('list', (this.teamList.id = 'transfer-team'));
    this.targetLabel.htmlFor = this.targetInput.id;
    this.targetRow.append(this.targetLabel, this.targetInput, this.teamList);
    this.root.append(this.heading, this.status, this.targetRow, this.buttons);
  }

  /** Shows the controls for `call` until it ends. */
  attach(call: Call): void {
    this.call = call;
    this.set('talking');
    this.target = '';
    this.targetInput.value = '';
    this.teamList.replaceChildren(...this.host.teammates().map((identity) => Object.assign(make('option'), { value: identity })));
    this.root.hidden = false;
    this.ticker = setInterval(() => this.showStatus(), 1000);
    for (const end of ['disconnect', 'cancel', 'reject'] as const) call.once(end, () => this.detach(call));
  }

  /** Rewrites the words after a language switch. */
  relabel(): void {
    if (this.call) this.render();
  }

  private detach(call: Call): void {
    if (this.call !== call) return;
    this.call = undefined;
    clearInterval(this.ticker);
    clearTimeout(this.poller);
    this.root.hidden = true;
  }

  private set(state: CallState): void {
    const wasHeld = this.heldSince !== 0;
    const holds = state === 'held' || state === 'consulting';
    if (holds && !wasHeld) this.heldSince = Date.now();
    if (!holds) this.heldSince = 0;
    this.state = state;
    this.render();
  }

  private render(): void {
    this.heading.textContent = this.host.t('control.group');
    this.targetLabel.textContent = this.host.t('control.target');
    this.targetRow.hidden = !BUTTONS[this.state].some((action) => WITH_TARGET.has(action));
    this.buttons.replaceChildren(
      ...BUTTONS[this.state].map((action) => {
        const control = button(this.host.t(`control.${action}`), action === 'complete' ? 'accept' : 'quiet');
        control.id = `control-${action}`;
        control.disabled = this.busy;
        if (action === 'resume') control.setAttribute('aria-pressed', 'true');
        if (action === 'hold') control.setAttribute('aria-pressed', 'false');
        control.addEventListener('click', () => void this.run(action));
        return control;
      }),
    );
    this.showStatus();
  }

  private statusText(): string {
    const time = this.heldSince ? clock((Date.now() - this.heldSince) / 1000) : '';
    if (this.state === 'consulting') return this.host.t(this.consultedConnected ? 'control.consulting' : 'control.consultRinging', { target: this.target, time });
    return this.host.t(`control.${this.state}`, { target: this.target, time });
  }

  private showStatus(): void {
    this.status.textContent = this.statusText();
  }

  private async run(action: ButtonAction): Promise<void> {
    const call = this.call;
    const token = this.host.token();
    const callSid = call?.parameters.CallSid;
    if (!call || !token || !callSid || this.busy) return;
    let target: string | undefined;
    if (WITH_TARGET.has(action)) {
      target = this.targetInput.value.trim();
      if (!target) {
        this.host.announce(this.host.t('control.noTarget'));
        this.targetInput.focus();
        return;
      }
    }
    this.busy = true;
    this.render();
    try {
      const reply = await controlCall(token, callSid, action, target);
      if (this.call !== call) return;
      if (target) this.target = target;
      this.apply(reply);
      this.host.announce(this.statusText() || this.host.t(action === 'resume' ? 'control.resume' : 'control.hold'));
    } catch (error) {
      this.host.showError(error);
    } finally {
      this.busy = false;
      if (this.call === call) this.render();
    }
  }

  private apply(reply: ControlReply): void {
    const consulted = reply.parties.find((p) => !p.hold && p.label === this.target);
    this.consultedConnected = consulted?.status === 'connected';
    this.set(reply.state);
    clearTimeout(this.poller);
    if (reply.state === 'transferring' || reply.state === 'consulting') this.poller = setTimeout(() => void this.poll(), POLL_MS);
  }

  /** Follows a transfer or consultation under way; announces when the caller came back. */
  private async poll(): Promise<void> {
    const call = this.call;
    const token = this.host.token();
    const callSid = call?.parameters.CallSid;
    if (!call || !token || !callSid) return;
    const before = this.state;
    try {
      const reply = await controlCall(token, callSid, 'status');
      if (this.call !== call) return;
      // A transfer under way shows as `talking` with nobody else until the caller comes back.
      const waiting = before === 'transferring' && !reply.parties.some((p) => p.status === 'connected');
      this.apply(waiting ? { ...reply, state: 'transferring' } : reply);
      if (before === 'transferring' && this.state !== 'transferring') this.host.announce(this.host.t('control.back'));
    } catch {
      this.poller = setTimeout(() => void this.poll(), POLL_MS);
    }
  }
}
