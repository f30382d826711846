/** What the status badge says about the phone line, from the Device's registration state. */
export type Presence = 'offline' | 'connecting' | 'registered' | 'reconnecting' | 'do-not-disturb';

/**
 * `offline` when signed out; `connecting` until the first registration; afterwards any loss of
 * registration is `reconnecting`, because the SDK re-registers by itself once signaling is back.
 * Do not disturb keeps the line registered (it declines calls, which needs the line): registered
 * with it on is `do-not-disturb`; a lost line is shown as lost, whatever the setting.
 */
export function presenceOf(deviceState: string, signedIn: boolean, everRegistered: boolean, doNotDisturb = false): Presence {
  if (!signedIn || deviceState === 'destroyed') return 'offline';
  if (deviceState === 'registered') return doNotDisturb ? 'do-not-disturb' : 'registered';
  return everRegistered ? 'reconnecting' : 'connecting';
}

/** True when the line is registered, whether it rings or Do not disturb declines its calls. */
export function lineIsUp(presence: Presence): boolean {
  return presence === 'registered' || presence === 'do-not-disturb';
}
