/**
 * A microphone the test controls: a 300 Hz tone whose volume `setTalking(page, on)` switches, so
 * a recording's length is known. Install `fakeMicrophone` with `context.addInitScript`.
 */
import type { Page } from 'playwright-core';

/** Runs in the page: replaces getUserMedia with the tone, silent until `window.setTalking(true)`. */
export function fakeMicrophone(): void {
  const context = new AudioContext();
  const oscillator = context.createOscillator();
  const gain = context.createGain();
  const destination = context.createMediaStreamDestination();
  gain.gain.value = 0;
  oscillator.frequency.value = 300;
  oscillator.connect(gain).connect(destination);
  oscillator.start();
  (window as unknown as { setTalking: (on: boolean) => void }).setTalking = (on) => {
    void context.resume();
    gain.gain.value = on ? 0.5 : 0;
  };
  navigator.mediaDevices.getUserMedia = () => Promise.resolve(new MediaStream([destination.stream.getAudioTracks()[0].clone()]));
}

/** Switches the tone of `page`'s fake microphone on or off. */
export function setTalking(page: Page, on: boolean): Promise<void> {
  return page.evaluate((value) => (window as unknown as { setTalking: (on: boolean) => void }).setTalking(value), on);
}
