/** `POST /sign-out-everywhere` (src/lib/contract/sign-out-everywhere.ts): a teammate ends all of their own sessions. */
import type { SignedOutEverywhere } from '../contract/sign-out-everywhere';
import { jsonAnswer, type HttpAnswer } from '../runtime/http-answer';
import { logEvent } from '../runtime/serverless';
import { StoreFailure, storeFailureAnswer } from '../store/store-failure';
import type { TeamStore } from '../store/team-store';
import { revokeSessions, untilRevocationHolds } from './session-revocation';

/** Revokes every session of `identity` up to now (`store`: none when SYNC_SERVICE_SID is not set). */
export async function signOutEverywhere(identity: string, store: TeamStore | undefined, now: () => number = Date.now): Promise<HttpAnswer> {
  if (!store) return storeFailureAnswer(new StoreFailure('not-configured'));
  let before: number;
  try {
    before = await revokeSessions(store, identity, now());
  } catch (error) {
    if (!(error instanceof StoreFailure)) throw error;
    logEvent('sign-out-everywhere-failed', { identity, ...error.toLog() });
    return storeFailureAnswer(error);
  }
  await untilRevocationHolds(before, now);
  const signedOutBefore = new Date(before * 1000).toISOString();
  logEvent('sessions-revoked', { identity, by: identity, before: signedOutBefore });
  return jsonAnswer({ identity, signedOutBefore } satisfies SignedOutEverywhere);
}
