/** What the status badge says about the phone line, from the Device's registration state. */
export type Presence = 'offline' | 'connecting' | 'registered' | 'reconnecting';

/**
 * `offline` when signed out; `connecting` until the first registration; afterwards any loss of
 * registration is `reconnecting`, because the SDK re-registers by itself once signaling is back.
 */
export function presenceOf(deviceState: string, signedIn: boolean, everRegistered: boolean): Presence {
  if (!signedIn || deviceState === 'destroyed') return 'offline';
  if (deviceState === 'registered') return 'registered';
  return everRegistered ? 'reconnecting' : 'connecting';
}
