/**
 * The lazily loaded chunk with everything of a call: the ringing banner, the call panel and its
 * hold and transfer controls, and their words. main.ts imports it once the line is registered
 * (calls ring only then), so none of it weighs on the page up to `registered`; a call placed
 * before that waits for it.
 */
import type { Call } from '@twilio/voice-sdk';
import { isPartiesNews } from '../lib/contract/call-messages';
import { CallControls } from './calls/call-controls';
import { CallParties, type Reading } from './calls/call-parties';
import { CallView, type Direction } from './calls/call-view';
import { CALL_WORDS } from './calls/call-words';
import { Incoming, startOf, type Caller } from './calls/incoming';
import type { TransferChoice } from './dialling/transfer-choices';
import { addWords, type Language, type Translate } from './page/i18n';

/** What the calls need from the page. */
export interface CallsHost {
  t: Translate;
  language(): Language;
  /** A phone number or teammate as the page shows it. */
  name(peer: string): string;
  announce(text: string): void;
  showError(error: unknown): void;
  /** The session's current access token, if signed in. */
  token(): string | undefined;
  /** Teammates one may transfer to (not oneself, nobody offline or on do-not-disturb), and whether each is on a call. */
  teammates(): readonly TransferChoice[];
  /** This tab answered a call from `peer` (its other tabs stop ringing). */
  answered(peer: string): void;
  /** A call is over here, or stopped ringing here (the team's history will hold it). */
  ended(): void;
  /** A call went on screen (the recording part, when loaded, follows it). */
  shown(call: Call): void;
}

/** The calls of the page. */
export interface Calls {
  /** True while a call is on screen. */
  readonly busy: boolean;
  /** The call on screen, if any. */
  readonly call: Call | undefined;
  /** A call rings here. */
  ring(call: Call): void;
  /** This person placed `call` to `to` (a teammate or an E.164 number). */
  placed(call: Call, to: string): void;
  /** A keypad press: DTMF on a connected call; false when there is none. */
  sendDigit(digit: string): boolean;
  /** Draws again (another language, numbers now formatted). */
  redraw(): void;
  /** Stops every call ringing here (a call is placed, or sign-out). */
  ignoreAll(): void;
  /** Declines every call ringing here (Do not disturb). */
  rejectAll(): void;
  /** Another tab of this person answered a call from `peer`. */
  answeredElsewhere(peer: string): void;
}

/** The banner, the panel and the controls, wired to one call at a time. */
class CallDesk implements Calls {
  private readonly incoming: Incoming;
  private readonly view: CallView;
  private readonly controls: CallControls;
  /** The call on screen. */
  private active: Call | undefined;

  constructor(private readonly host: CallsHost) {
    this.incoming = new Incoming({
      ...host,
      accepted: (call, caller) => {
        host.answered(caller.peer);
        this.show(call, 'in', caller);
      },
      finished: () => host.ended(),
    });
    this.view = new CallView({
      ...host,
      ended: () => {
        this.active = undefined;
        host.ended();
      },
    });
    this.controls = new CallControls({ ...host, changed: () => this.view.update() });
  }

  get busy(): boolean {
    return this.view.busy;
  }

  get call(): Call | undefined {
    return this.active;
  }

  ring(call: Call): void {
    this.incoming.ring(call);
  }

  placed(call: Call, to: string): void {
    this.show(call, 'out', { peer: to, teammate: false, details: new Map() });
  }

  sendDigit(digit: string): boolean {
    return this.view.sendDigit(digit);
  }

  redraw(): void {
    this.incoming.render();
    this.view.update();
    this.controls.render();
  }

  ignoreAll(): void {
    this.incoming.ignoreAll();
  }

  rejectAll(): void {
    this.incoming.rejectAll();
  }

  answeredElsewhere(peer: string): void {
    this.incoming.answeredElsewhere(peer);
  }

  private show(call: Call, direction: Direction, caller: Caller): void {
    const parties = new CallParties(startOf(caller));
    this.active = call;
    this.view.show(call, direction, parties, caller.details);
    this.controls.attach(call, parties);
    this.host.shown(call);
    // What the other parties did, told by the Functions on this call's own leg.
    call.on('messageReceived', ({ content }: { content: unknown }) => {
      if (this.active === call && isPartiesNews(content)) this.read(parties, content);
    });
  }

  /** A reading of the call told by the Functions: draw it, and say what changed. */
  private read(parties: CallParties, reading: Reading): void {
    const before = { state: parties.state, said: this.view.stateText() };
    if (!parties.apply(reading)) return;
    this.view.update();
    this.controls.render();
    if (before.state === 'transferring' && parties.state !== 'transferring') this.host.announce(this.host.t('control.back'));
    else if (before.state !== parties.state || before.said !== this.view.stateText()) this.host.announce([this.view.stateText(), this.controls.statusText()].filter(Boolean).join('. '));
  }
}

/** Starts the calls of the page (once: the banner and panel are the page's own). */
export function startCalls(host: CallsHost): Calls {
  addWords(CALL_WORDS, document, host.language());
  return new CallDesk(host);
}
