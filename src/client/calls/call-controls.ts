/**
 * Hold, transfer and consult in the call panel (README "Hold and transfer"): the buttons that fit
 * the call's state as this teammate sees it (the one consulted, or one put on hold, has none: the
 * call is the other teammate's to change), the state in words with the hold time, a target picked
 * from the team or typed as a number. Every button is one /call-control request whose answer is a
 * reading of the call (call-parties.ts); what the other parties do arrives as the Functions' call
 * messages, read by calls-chunk.ts into the same parties.
 */
import type { Call } from '@twilio/voice-sdk';
import type { CallState, ControlAction } from '../../lib/contract/call-control';
import { controlCall } from '../api/call-control';
import { button, byId, clock, make } from '../page/dom';
import type { Translate } from '../page/i18n';
import type { TransferChoice } from '../dialling/transfer-choices';
import type { CallParties } from './call-parties';

export interface CallControlsHost {
  t: Translate;
  /** A phone number or teammate as the page shows it. */
  name(peer: string): string;
  /** The session's current access token, if signed in. */
  token(): string | undefined;
  /** Teammates one may transfer to (not oneself, nobody offline or on do-not-disturb), and whether each is on a call. */
  teammates(): readonly TransferChoice[];
  announce(text: string): void;
  showError(error: unknown): void;
  /** A reading changed the call's parties: draw the panel again. */
  changed(): void;
}

/** The actions that have a button (`status` is for other clients). */
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
/** States in which this teammate holds the caller, with the hold time shown. */
const HOLDING: ReadonlySet<CallState> = new Set(['held', 'consulting']);

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
  private parties: CallParties | undefined;
  /** When this teammate put the caller on hold (0 when not held). */
  private heldSince = 0;
  private target = '';
  private busy = false;
  /** The buttons drawn now (redrawn only when they change, so keyboard focus stays). */
  private drawn = '';
  private ticker: ReturnType<typeof setInterval> | undefined;

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

  /** Shows the controls for `call` and its parties until it ends. */
  attach(call: Call, parties: CallParties): void {
    this.call = call;
    this.parties = parties;
    this.heldSince = 0;
    this.target = '';
    this.targetInput.value = '';
    this.teamList.replaceChildren(
      ...this.host.teammates().map(({ identity, busy }) => Object.assign(make('option'), { value: identity, label: busy ? `${identity} (${this.host.t('history.busy')})` : identity })),
    );
    this.root.hidden = false;
    this.render();
    this.ticker = setInterval(() => this.showStatus(), 1000);
    for (const end of ['disconnect', 'cancel', 'reject'] as const) call.once(end, () => this.detach(call));
  }

  /** The state in words, as the status line shows it ('' when there is nothing to add). */
  statusText(): string {
    const parties = this.parties;
    if (!parties) return '';
    const time = this.heldSince ? clock((Date.now() - this.heldSince) / 1000) : '';
    const consulted = parties.consulted;
    const [held] = parties.held.map((peer) => this.host.name(peer));
    switch (parties.state) {
      case 'consulting':
        return this.host.t(consulted?.answered ? 'control.consulting' : 'control.consultRinging', { target: consulted?.name ?? this.target, time });
      case 'consulted':
        return this.host.t('control.consulted', { target: consulted?.name ?? '', caller: held ?? '' });
      case 'onHold':
        return this.host.t('control.onHold', { peer: parties.with.map((peer) => this.host.name(peer)).join(', ') });
      default:
        return this.host.t(`control.${parties.state}`, { target: this.host.name(this.target), time });
    }
  }

  /** Draws the controls for the parties' state now (after a reading, or in the page's new language). */
  render(): void {
    const parties = this.parties;
    if (!parties) return;
    const holding = HOLDING.has(parties.state);
    if (holding && !this.heldSince) this.heldSince = Date.now();
    if (!holding) this.heldSince = 0;
    this.heading.textContent = this.host.t('control.group');
    this.targetLabel.textContent = this.host.t('control.target');
    const actions = BUTTONS[parties.state];
    this.targetRow.hidden = !actions.some((action) => WITH_TARGET.has(action));
    const drawn = `${actions.join()}|${this.host.t('control.hold')}`;
    if (drawn !== this.drawn) {
      this.drawn = drawn;
      this.buttons.replaceChildren(...actions.map((action) => this.button(action)));
    }
    for (const control of this.buttons.querySelectorAll('button')) control.disabled = this.busy;
    this.buttons.hidden = !actions.length;
    this.showStatus();
  }

  private button(action: ButtonAction): HTMLButtonElement {
    const control = button(this.host.t(`control.${action}`), action === 'complete' ? 'accept' : 'quiet');
    control.id = `control-${action}`;
    if (action === 'resume') control.setAttribute('aria-pressed', 'true');
    if (action === 'hold') control.setAttribute('aria-pressed', 'false');
    control.addEventListener('click', () => void this.run(action));
    return control;
  }

  private detach(call: Call): void {
    if (this.call !== call) return;
    this.call = undefined;
    this.parties = undefined;
    this.drawn = '';
    clearInterval(this.ticker);
    this.root.hidden = true;
  }

  private showStatus(): void {
    const text = this.statusText();
    this.status.textContent = text;
    this.status.hidden = !text;
  }

  private async run(action: ButtonAction): Promise<void> {
    const { call, parties } = this;
    const token = this.host.token();
    const callSid = call?.parameters.CallSid;
    if (!call || !parties || !token || !callSid || this.busy) return;
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
      parties.apply(reply);
      this.host.changed();
      this.host.announce(this.statusText() || this.host.t(action === 'resume' ? 'control.resume' : 'control.hold'));
    } catch (error) {
      this.host.showError(error);
    } finally {
      this.busy = false;
      if (this.call === call) this.render();
    }
  }
}
