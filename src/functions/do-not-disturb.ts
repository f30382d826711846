/**
 * POST /do-not-disturb — switches the signed-in person's do-not-disturb in the team's store
 * (src/lib/contract/do-not-disturb.ts). Bearer session; needs SYNC_SERVICE_SID.
 */
import type { DoNotDisturbState } from '../lib/contract/do-not-disturb';
import { dataFunction } from '../lib/endpoints/data-function';
import { param } from '../lib/runtime/event';
import { errorAnswer, jsonAnswer } from '../lib/runtime/http-answer';
import { logEvent } from '../lib/runtime/serverless';
import { StoreFailure, storeFailureAnswer } from '../lib/store/store-failure';
import { switchDoNotDisturb } from '../lib/team/do-not-disturb';

export const handler = dataFunction(async ({ identity, params, store }) => {
  const on = param(params, 'on');
  if (on !== 'true' && on !== 'false') return errorAnswer(400, 'SB_BAD_REQUEST');
  if (!store) return storeFailureAnswer(new StoreFailure('not-configured'));
  try {
    await switchDoNotDisturb(store, identity, on === 'true');
  } catch (error) {
    if (!(error instanceof StoreFailure)) throw error;
    return storeFailureAnswer(error);
  }
  logEvent('do-not-disturb', { identity, on: on === 'true' });
  return jsonAnswer({ dnd: on === 'true' } satisfies DoNotDisturbState);
});
