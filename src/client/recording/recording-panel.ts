/**
 * The recording part of the call panel (README "Call recording"): a clear indicator while the
 * call is recorded ("● Recording", or paused), the same on every teammate's page on the call, and
 * the controls RECORD_CALLS allows: Record, Pause, Resume and Stop on demand; Pause and Resume
 * when every call is recorded. The page learns of every change, its own or a teammate's, a hold
 * or a transfer, from the messages the Functions send to its call (the Voice SDK's
 * `messageReceived`), and asks the state once when its call connects (a call transferred to it
 * may be recorded already).
 */
import type { Call } from '@twilio/voice-sdk';
import type { RecordCalls, RecordingAction, RecordingState } from '../../lib/contract/recording';
import { isRecordingNews } from '../../lib/contract/call-messages';
import { recordingAction } from '../api/recordings';
import type { RecordsTransport } from '../api/team-records';
import { button, byId, make } from '../page/dom';
import type { Language } from '../page/i18n';
import { recordingWord, type RecordingWordKey } from './recording-words';

export interface RecordingPanelHost {
  language(): Language;
  /** RECORD_CALLS (never `off`: the panel is not loaded then). */
  readonly mode: Exclude<RecordCalls, 'off'>;
  transport: RecordsTransport;
  announce(text: string): void;
  showError(error: unknown): void;
}

/** The buttons each state shows, per mode (`always` records every call: it cannot be stopped). */
const BUTTONS: Record<Exclude<RecordCalls, 'off'>, Record<RecordingState['status'], readonly RecordingAction[]>> = {
  'on-demand': { off: ['start'], recording: ['pause', 'stop'], paused: ['resume', 'stop'] },
  always: { off: ['start'], recording: ['pause'], paused: ['resume'] },
};
const WORD: Record<Exclude<RecordingAction, 'status'>, RecordingWordKey> = { start: 'start', pause: 'pause', resume: 'resume', stop: 'stop' };

export class RecordingPanel {
  private readonly root = byId('call-recording');
  private readonly heading = make('h3', '', 'visually-hidden');
  private readonly indicator = make('p', '', 'recording-indicator');
  private readonly buttons = make('div', '', 'row');
  private call: Call | undefined;
  private state: RecordingState = { status: 'off', at: 0 };
  private busy = false;

  constructor(private readonly host: RecordingPanelHost) {
    this.heading.id = 'call-recording-heading';
    this.root.setAttribute('role', 'group');
    this.root.setAttribute('aria-labelledby', this.heading.id);
    this.indicator.setAttribute('role', 'status');
    // Styled here rather than in app.css, which every first load fetches (the CSP allows CSSOM styles).
    Object.assign(this.indicator.style, { fontWeight: '700', margin: '.3rem 0' });
    this.root.append(this.heading, this.indicator, this.buttons);
  }

  /** Shows the recording of `call` until it ends; `connected` when it is answered already. */
  attach(call: Call, connected: boolean): void {
    this.call = call;
    this.state = { status: 'off', at: 0 };
    this.render();
    this.root.hidden = false;
    call.on('messageReceived', ({ content }: { content: unknown }) => {
      if (isRecordingNews(content) && this.call === call) this.show(content);
    });
    if (connected) void this.ask(call, 'status');
    else call.once('accept', () => void this.ask(call, 'status'));
    for (const end of ['disconnect', 'cancel', 'reject'] as const) call.once(end, () => this.detach(call));
  }

  /** Rewrites the words after a language switch. */
  relabel(): void {
    if (this.call) this.render();
  }

  private detach(call: Call): void {
    if (this.call !== call) return;
    this.call = undefined;
    this.root.hidden = true;
  }

  /**
   * Shows `state` unless a newer one was shown (messages and answers come from several Functions,
   * in any order); a change is announced to screen readers.
   */
  private show(state: RecordingState): void {
    if (state.at < this.state.at) return;
    const was = this.state.status;
    this.state = state;
    this.render();
    if (was === state.status) return;
    const key: RecordingWordKey = state.status === 'recording' ? 'started' : state.status === 'paused' ? 'paused' : 'stopped';
    this.host.announce(recordingWord(this.host.language(), key));
  }

  private render(): void {
    const language = this.host.language();
    const { status, by } = this.state;
    this.heading.textContent = recordingWord(language, 'group');
    this.indicator.hidden = status === 'off';
    this.indicator.dataset.status = status;
    this.indicator.style.color = status === 'paused' ? 'var(--muted)' : 'var(--danger)';
    this.indicator.textContent =
      status === 'off' ? '' : status === 'paused' ? recordingWord(language, 'paused') : by ? recordingWord(language, 'recordingBy', { name: by }) : recordingWord(language, 'recording');
    this.buttons.replaceChildren(
      ...BUTTONS[this.host.mode][status].map((action) => {
        const control = button(recordingWord(language, WORD[action as Exclude<RecordingAction, 'status'>]), action === 'stop' ? 'danger' : 'quiet');
        control.id = `recording-${action}`;
        control.disabled = this.busy;
        control.addEventListener('click', () => void this.run(action));
        return control;
      }),
    );
  }

  private async run(action: RecordingAction): Promise<void> {
    const call = this.call;
    if (!call || this.busy) return;
    this.busy = true;
    this.render();
    try {
      await this.ask(call, action, true);
    } finally {
      this.busy = false;
      if (this.call === call) this.render();
    }
  }

  /** Asks the Functions for `action` on `call`'s recording and shows the answer. */
  private async ask(call: Call, action: RecordingAction, reportErrors = false): Promise<void> {
    const callSid = call.parameters.CallSid;
    if (!callSid) return;
    try {
      const state = await recordingAction(this.host.transport, callSid, action);
      if (this.call === call) this.show(state);
    } catch (error) {
      if (reportErrors) this.host.showError(error);
    }
  }
}
