/**
 * "Sign out everywhere" (`POST /sign-out-everywhere`, src/lib/contract/sign-out-everywhere.ts): asks
 * first, then ends every session of the signed-in person, this browser's included. A chunk of its
 * own, loaded on the click: nothing of it weighs on the page before registration.
 */
import type { ErrorReply } from '../../lib/contract/errors';
import type { SignedOutEverywhere } from '../../lib/contract/sign-out-everywhere';
import { confirmAction } from '../page/confirm-dialog';
import { PageError } from '../page/errors';
import type { Translate } from '../page/i18n';
import { bearerAuthorization, refusal } from './session';

/**
 * True once every session of the person holding `token` is over; false when they chose not to.
 * Rejects with a PageError: SB_STORE_MISSING, SB_STORE_UNAVAILABLE (with when to try again),
 * a session refusal, or SB_NETWORK.
 */
export async function signOutEverywhere(token: string, t: Translate, fetcher: typeof fetch = fetch): Promise<boolean> {
  if (!(await confirmAction(t('signOut.everywhereConfirm'), t('signOut.everywhere'), t('signOut.cancel')))) return false;
  let response: Response;
  try {
    response = await fetcher('/sign-out-everywhere', {
      method: 'POST',
      headers: { Authorization: bearerAuthorization(token), 'X-Requested-With': 'XMLHttpRequest' },
      cache: 'no-store',
      credentials: 'omit',
    });
  } catch {
    throw new PageError('SB_NETWORK');
  }
  const body = (await response.json().catch(() => undefined)) as Partial<SignedOutEverywhere & ErrorReply> | undefined;
  if (response.ok && typeof body?.signedOutBefore === 'string') return true;
  throw refusal(response, body);
}
