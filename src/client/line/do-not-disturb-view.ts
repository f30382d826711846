/** Shows Do not disturb: the header's toggle (aria-pressed) and the banner under it. */
import { byId } from '../page/dom';

/** `signedIn` false hides both. */
export function renderDoNotDisturb(on: boolean, signedIn: boolean): void {
  const toggle = byId<HTMLButtonElement>('dnd');
  toggle.hidden = !signedIn;
  toggle.setAttribute('aria-pressed', String(on));
  byId('dnd-banner').hidden = !(signedIn && on);
}
