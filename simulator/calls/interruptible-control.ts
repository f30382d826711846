/**
 * A REST API redirect (`Twiml`/`Url` on a running call) stops the running TwiML document and
 * starts another. The executor stops when its call has ended, so it runs on this view of the call,
 * which counts as ended (and fetches nothing more) while a redirect waits.
 */
import type { CallControl } from '../twiml/twiml-executor';

/** `control` as the executor should see it while `interrupted()` may become true. */
export function interruptible(control: CallControl, interrupted: () => boolean): CallControl {
  return {
    get ended() {
      return control.ended || interrupted();
    },
    answer: () => control.answer(),
    say: (text) => control.say(text),
    note: (text, code) => control.note(text, code),
    pause: (seconds) => control.pause(seconds),
    dial: (verb) => control.dial(verb),
    fetch: (kind, url, extra) => (interrupted() ? Promise.resolve(undefined) : control.fetch(kind, url, extra)),
  };
}

/** Where redirected TwiML comes from. */
export type RedirectSource = { twiml: string } | { url: string };
