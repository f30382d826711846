/**
 * A microphone a test controls, for pages run with `context.addInitScript(fakeMicrophone)`: a
 * WebAudio tone whose volume `window.setTalking(on)` switches, so what is said is known.
 */

/** Replaces the microphone with a tone whose volume `window.setTalking(on)` switches. */
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
  navigator.mediaDevices.getUserMedia = async () => new MediaStream([destination.stream.getAudioTracks()[0].clone()]);
}
