/**
 * POST /sign-out-everywhere — ends every session of the signed-in teammate, in every browser, this
 * one included (src/lib/contract/sign-out-everywhere.ts). Bearer session; needs SYNC_SERVICE_SID.
 */
import { signOutEverywhere } from '../lib/auth/sign-out-everywhere';
import { dataFunction } from '../lib/endpoints/data-function';

export const handler = dataFunction(({ identity, store }) => signOutEverywhere(identity, store));
