/**
 * Microphone, speaker and ringtone selection through the SDK's AudioHelper. Speaker and ringtone
 * need `setSinkId`; where the browser lacks it they are hidden, not shown broken.
 */
import type { Device } from '@twilio/voice-sdk';
import { byId, make } from '../page/dom';
import type { CoreKey, Translate } from '../page/i18n';

type AudioHelper = NonNullable<Device['audio']>;

/** The Audio card's three device lists, kept in step with what the browser reports, in the page's language. */
export class AudioDevices {
  constructor(
    private readonly audio: AudioHelper,
    private readonly t: Translate,
    private readonly showError: (error: unknown) => void,
  ) {
    byId('output-selection').hidden = !audio.isOutputSelectionSupported;
    byId<HTMLSelectElement>('microphone').onchange = (event) => {
      const id = (event.target as HTMLSelectElement).value;
      (id ? audio.setInputDevice(id) : audio.unsetInputDevice()).catch(showError);
    };
    byId<HTMLSelectElement>('speaker').onchange = (event) => this.setOutput(audio.speakerDevices, event);
    byId<HTMLSelectElement>('ringtone').onchange = (event) => this.setOutput(audio.ringtoneDevices, event);
    audio.on('deviceChange', () => this.render());
    this.render();
  }

  /** Fills the three lists with what the browser reports now (again after a language switch). */
  render(): void {
    const fill = (id: string, kind: CoreKey, devices: Map<string, MediaDeviceInfo>, selected = '') => {
      const select = byId<HTMLSelectElement>(id);
      const options = [...devices.values()]
        .filter((d) => d.deviceId !== 'default')
        .map((d, i) => {
          // Unnamed until the person allows the microphone: "Microphone 1", in the page's language.
          const option = make('option', d.label || `${this.t(kind)} ${i + 1}`);
          option.value = d.deviceId;
          return option;
        });
      const fallback = make('option', this.t('audio.default'));
      fallback.value = '';
      select.replaceChildren(fallback, ...options);
      // The browser's own 'default' entry is our "System default" option.
      select.value = options.some((option) => option.value === selected) ? selected : '';
    };
    fill('microphone', 'audio.microphone', this.audio.availableInputDevices, this.audio.inputDevice?.deviceId);
    fill('speaker', 'audio.speaker', this.audio.availableOutputDevices, [...this.audio.speakerDevices.get()][0]?.deviceId);
    fill('ringtone', 'audio.ringtone', this.audio.availableOutputDevices, [...this.audio.ringtoneDevices.get()][0]?.deviceId);
  }

  private setOutput(collection: AudioHelper['speakerDevices'], event: Event): void {
    const id = (event.target as HTMLSelectElement).value || 'default';
    collection.set(id).catch(this.showError);
  }
}
