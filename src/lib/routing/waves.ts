/** Ringing a group (or everyone) in waves of at most 10 (Twilio's `<Dial>` limit), each for RING_TIMEOUT. */
import type VoiceResponse from 'twilio/lib/twiml/VoiceResponse';
import type { IncomingCallDetails } from '../contract/call-parameters';
import { DIAL_COMPLETE_PATH, ringGroup } from '../voice/twiml';
import type { Announcements } from '../voice/recording-notice';
import { MAX_WAVES, WAVE_SIZE, wavePath } from './paths';

/** `members` cut into waves of at most WAVE_SIZE, in order; members past MAX_WAVES waves are left out. */
export function wavesOf(members: readonly string[]): string[][] {
  const waves: string[][] = [];
  for (let start = 0; start < members.length && waves.length < MAX_WAVES; start += WAVE_SIZE) waves.push(members.slice(start, start + WAVE_SIZE));
  return waves;
}

/**
 * `<Dial>` of wave `wave` (1-based) of `target`: its action rings the next wave, and after the
 * last one goes to /dial-complete (FORWARD_TO, then voicemail). Undefined when there is no such wave.
 */
export function ringWave(target: string, members: readonly string[], wave: number, caller: IncomingCallDetails, timeout: number, announce: Announcements = {}): VoiceResponse | undefined {
  const waves = wavesOf(members);
  const these = waves[wave - 1];
  if (!these) return undefined;
  return ringGroup(these, caller, timeout, wave < waves.length ? wavePath(target, wave + 1) : DIAL_COMPLETE_PATH, announce);
}
