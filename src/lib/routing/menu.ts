/** The menu of routing.json: a one-digit `<Gather>` around the prompt; with no key Twilio falls through to the `<Redirect>`. */
import VoiceResponse from 'twilio/lib/twiml/VoiceResponse';
import { xmlText } from '../voice/twiml';
import type { Routing } from './file';
import { menuPath } from './paths';

/** Seconds Twilio waits for a key after the prompt (its default, said explicitly). */
export const MENU_WAIT_SECONDS = 5;

/**
 * The `play`-th playing of the prompt; the key (or no key) goes to `/routing/menu-<play>`. A
 * `notice` (the recording notice, on the first play) is said before the prompt, outside the
 * `<Gather>`, so no key can skip it.
 */
export function menuPrompt(menu: NonNullable<Routing['menu']>, play: number, notice?: string): VoiceResponse {
  const response = new VoiceResponse();
  if (notice) response.say(xmlText(notice));
  const action = menuPath(play);
  response.gather({ numDigits: 1, action, method: 'POST', timeout: MENU_WAIT_SECONDS }).say(xmlText(menu.prompt));
  response.redirect({ method: 'POST' }, action);
  return response;
}
