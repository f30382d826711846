/**
 * A REST API redirect (`Twiml`/`Url` on a running call) stops the running TwiML document and
 * starts another. The executor stops when its call has ended, so it runs on a view of the call
 * that counts as ended (and fetches nothing more) while a redirect waits; the verb that is playing
 * stops at once because its audio waits on `RedirectSlot.arrival`.
 */
import type { CallControl } from '../twiml/twiml-executor';

/** Where redirected TwiML comes from. */
export type RedirectSource = { twiml: string } | { url: string };

/** The redirect a REST API update asked for, until the interrupted document has stopped. */
export class RedirectSlot {
  private source?: RedirectSource;
  private arrived!: () => void;
  private arrivedSignal = this.renew();

  /** True while a redirect waits. */
  get pending(): boolean {
    return this.source !== undefined;
  }

  /** Resolves when the next redirect arrives (a document's verbs race it). */
  get arrival(): Promise<void> {
    return this.arrivedSignal;
  }

  /** Asks for `source` to replace the running document (a second request replaces the first). */
  request(source: RedirectSource): void {
    this.source = source;
    this.arrived();
  }

  /** The waiting redirect, if any; the slot is empty again afterwards. */
  take(): RedirectSource | undefined {
    const source = this.source;
    this.source = undefined;
    if (source) this.arrivedSignal = this.renew();
    return source;
  }

  private renew(): Promise<void> {
    return new Promise((resolve) => (this.arrived = resolve));
  }
}

/** `control` as the executor should see it while `interrupted()` may become true. */
export function interruptible(control: CallControl, interrupted: () => boolean): CallControl {
  return {
    get ended() {
      return control.ended || interrupted();
    },
    answer: () => control.answer(),
    earlyMedia: () => control.earlyMedia(),
    say: (verb) => control.say(verb),
    play: (verb, url) => control.play(verb, url),
    pause: (verb) => control.pause(verb),
    gather: (verb, resolve) => control.gather(verb, resolve),
    recordMessage: (verb, resolve) => control.recordMessage(verb, resolve),
    note: (text, code) => control.note(text, code),
    dial: (verb, resolve) => control.dial(verb, resolve),
    fetch: (kind, url, extra) => (interrupted() ? Promise.resolve(undefined) : control.fetch(kind, url, extra)),
  };
}
