/**
 * What follows a call's caller going on or off hold besides its conference (operations.ts,
 * handover.ts, conference-status.ts): the call's recording pauses and resumes (src/lib/recording).
 */
import { logEvent } from '../runtime/serverless';
import type { Party } from './party';

/** Told of every hold change; absent while calls are not recorded. */
export interface HoldFollowers {
  held(side: Pick<Party, 'leg' | 'root'>): Promise<void>;
  unheld(side: Pick<Party, 'leg' | 'root'>): Promise<void>;
}

/** Tells `followers` of a hold change; their failure is logged, never the hold's. */
export async function follow(followers: HoldFollowers | undefined, change: keyof HoldFollowers, side: Pick<Party, 'leg' | 'root'>): Promise<void> {
  try {
    await followers?.[change](side);
  } catch (error) {
    logEvent('hold-follower-error', { change, callSid: side.leg.sid, message: String((error as Error)?.message ?? error).slice(0, 300) });
  }
}
