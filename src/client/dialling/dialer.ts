/**
 * The number field and keypad: typed or pasted numbers are formatted as you type and checked
 * against the team's dialling policy before a call starts; teammates can be typed by name.
 * Keypad presses during a call are DTMF instead.
 */
import { byId, make } from '../page/dom';
import { PageError } from '../page/errors';
import type { NumberPolicy } from './number-policy';
import { resolveTarget } from './target';

/** An E.164 number, as the Functions and the call records give numbers. */
const E164 = /^\+[1-9]\d{1,14}$/;

const KEYS: [string, string][] = [
  ['1', ''],
  ['2', 'ABC'],
  ['3', 'DEF'],
  ['4', 'GHI'],
  ['5', 'JKL'],
  ['6', 'MNO'],
  ['7', 'PQRS'],
  ['8', 'TUV'],
  ['9', 'WXYZ'],
  ['*', ''],
  ['0', ''],
  ['#', ''],
];

/** What the dialer needs from the page. */
export interface DialerHost {
  /** The team and policy of the signed-in person. */
  context(): { team: readonly string[]; allowedCountries: readonly string[]; teamNumber: string };
  /** Sends a DTMF digit if a call is connected; false otherwise. */
  sendDigit(digit: string): boolean;
  call(to: string): void;
  showError(error: unknown): void;
}

/** The number field, keypad and Call button. */
export class Dialer {
  private readonly input = byId<HTMLInputElement>('number');
  private policy: Promise<NumberPolicy> | undefined;
  private loaded: NumberPolicy | undefined;

  constructor(private readonly host: DialerHost) {
    const keypad = byId('keypad');
    for (const [digit, letters] of KEYS) {
      const key = make('button');
      key.type = 'button';
      key.dataset.digit = digit;
      key.append(make('span', digit), make('small', letters));
      key.lastElementChild!.setAttribute('aria-hidden', 'true');
      keypad.append(key);
    }
    keypad.addEventListener('click', (event) => {
      const digit = (event.target as HTMLElement).closest<HTMLElement>('[data-digit]')?.dataset.digit;
      if (digit && !this.host.sendDigit(digit)) this.type(digit);
    });
    byId('backspace').addEventListener('click', () => {
      this.input.value = this.input.value.slice(0, -1);
      this.format();
      this.input.focus();
    });
    this.input.addEventListener('input', () => this.format());
    this.input.addEventListener('keydown', (event) => {
      if (event.key === 'Enter') void this.dial();
    });
    byId('call').addEventListener('click', () => void this.dial());
  }

  /** Starts loading the policy chunk (after registration, so it never delays the phone). */
  preload(): Promise<NumberPolicy> {
    const { allowedCountries, teamNumber } = this.host.context();
    this.policy ??= import('./number-policy-loader.js').then(async ({ loadNumberPolicy }) => (this.loaded = await loadNumberPolicy(allowedCountries, teamNumber)));
    return this.policy;
  }

  /** Puts `text` in the field, e.g. a teammate, or a call of the history to call back. */
  fill(text: string): void {
    this.input.value = text;
    this.format();
  }

  /**
   * How the page shows a number, in every view: `+1 415 555 0123` once the policy chunk is here
   * (the page redraws then), E.164 as it is before; a teammate's identity (anything but an E.164
   * number) as it is.
   */
  display(peer: string): string {
    return this.loaded && E164.test(peer) ? this.loaded.formatAsYouType(peer) : peer;
  }

  /** The country an E.164 number is from (ISO code), once the policy chunk is there and can tell. */
  placeOf(e164: string): string | undefined {
    return this.loaded?.placeOf(e164);
  }

  /** Calls what is in the field. */
  async dial(): Promise<void> {
    const text = this.input.value;
    if (!text.trim()) {
      this.input.focus();
      return;
    }
    let policy: NumberPolicy;
    try {
      policy = await this.preload();
    } catch {
      this.policy = undefined;
      this.host.showError(new PageError('SB_NETWORK'));
      return;
    }
    const { team, allowedCountries, teamNumber } = this.host.context();
    const target = resolveTarget(text, team, allowedCountries, teamNumber, policy);
    if (!target) return;
    if (target.kind === 'refused') {
      this.host.showError(new PageError(target.code));
      this.input.focus();
      return;
    }
    this.host.call(target.to);
  }

  private type(digit: string): void {
    this.input.value += digit;
    this.format();
  }

  /** Reformats a number being typed at the end of the field; names and mid-text edits are left alone. */
  private format(): void {
    const policy = this.loaded;
    const { value, selectionStart } = this.input;
    if (!policy || !policy.looksLikePhoneNumber(value) || (selectionStart !== null && selectionStart < value.length && document.activeElement === this.input)) return;
    const country = policy.countryOf(this.host.context().teamNumber);
    this.input.value = policy.formatAsYouType(value, country);
  }
}
