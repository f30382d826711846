/** What the status badge says about the phone line, from the Device's registration state. */
export type Presence = 'offline' | 'connecting' | 'registered' | 'reconnecting' | 'do-not-disturb';

/**
 * `offline` when signed out; `connecting` until the first registration; afterwards any loss of
 * registration is `reconnecting`, because the SDK re-registers by itself once signaling is back.
 * Do not disturb unregisters on purpose: that is `do-not-disturb`, not a connection problem.
 */
export function presenceOf(deviceState: string, signedIn: boolean, everRegistered: boolean, doNotDisturb = false): Presence {
  if (!signedIn || deviceState === 'destroyed') return 'offline';
  if (doNotDisturb) return 'do-not-disturb';
  if (deviceState === 'registered') return 'registered';
  return everRegistered ? 'reconnecting' : 'connecting';
}
