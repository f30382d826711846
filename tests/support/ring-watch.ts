/**
 * Whether a page rang: the ringtones the Voice SDK started and whether the incoming-call banner
 * was ever shown, however briefly. Install `watchRinging` with `context.addInitScript`.
 */
import type { Page } from 'playwright-core';

/** What `watchRinging` saw since the page loaded. */
export interface RingingSeen {
  /** Ringtones started: the SDK's incoming sound is its only looping one. */
  ringtones: number;
  /** True once the incoming-call banner was visible. */
  banner: boolean;
}

/** Runs in the page before its scripts: counts looping sounds started and watches the banner. */
export function watchRinging(): void {
  const seen: RingingSeen = { ringtones: 0, banner: false };
  (window as unknown as { ringingSeen: RingingSeen }).ringingSeen = seen;
  // The SDK plays through an AudioContext when it has one, else through an <audio> element.
  // eslint-disable-next-line @typescript-eslint/unbound-method -- kept to be called on the patched node, with it as `this`
  const start = AudioBufferSourceNode.prototype.start;
  AudioBufferSourceNode.prototype.start = function (this: AudioBufferSourceNode, ...args: Parameters<typeof start>) {
    if (this.loop) seen.ringtones++;
    return start.apply(this, args);
  };
  // eslint-disable-next-line @typescript-eslint/unbound-method -- kept to be called on the patched element, with it as `this`
  const play = HTMLMediaElement.prototype.play;
  HTMLMediaElement.prototype.play = function (this: HTMLMediaElement) {
    if (this.loop && !this.muted) seen.ringtones++;
    return play.call(this);
  };
  new MutationObserver(() => {
    if (document.getElementById('incoming')?.hidden === false) seen.banner = true;
  }).observe(document, { attributes: true, attributeFilter: ['hidden'], subtree: true });
}

/** What `page` (with `watchRinging` installed) saw so far. */
export function ringingSeen(page: Page): Promise<RingingSeen> {
  return page.evaluate(() => ({ ...(window as unknown as { ringingSeen: RingingSeen }).ringingSeen }));
}
