/**
 * Why the team's store could not do what was asked, as one typed value the caller decides on:
 * refuse with 503 and Retry-After (a sign-in, "Sign out everywhere"), or go on without it (a
 * session check, so calls keep working). Nothing was changed when a store operation fails, except
 * that a write Sync received after its deadline may still land (every write is safe to land late).
 */
import { errorAnswer, type HttpAnswer } from '../runtime/http-answer';

export type StoreFailureKind =
  /** SYNC_SERVICE_SID is not set: the deployment has no store. */
  | 'not-configured'
  /** Sync does not know SYNC_SERVICE_SID (a Service of another account, or deleted). */
  | 'no-service'
  /** Sync refused for its rate limit on that object (429, 54009). */
  | 'busy'
  /** Sync refused the account's credentials (401, 403). */
  | 'denied'
  /** Sync failed (5xx), could not be reached, or refused the request for another reason. */
  | 'down'
  /** No answer before the deadline. */
  | 'timeout'
  /** Others kept changing the object: every `If-Match` retry was stale. */
  | 'contended';

/** Seconds the page waits before trying again: Sync's burst window refills a busy object within 10 s. */
const RETRY_AFTER: Record<StoreFailureKind, number | undefined> = { 'not-configured': undefined, 'no-service': undefined, busy: 10, denied: 5, down: 5, timeout: 5, contended: 2 };

/** A store operation that could not be done; `detail` (Sync's status and code) is for the Function's log only. */
export class StoreFailure extends Error {
  constructor(
    readonly kind: StoreFailureKind,
    readonly detail = '',
  ) {
    super(`the team's store: ${kind}${detail ? ` (${detail})` : ''}`);
    this.name = 'StoreFailure';
  }

  /** Seconds before trying again helps, or undefined when only a change of configuration does. */
  get retryAfterSeconds(): number | undefined {
    return RETRY_AFTER[this.kind];
  }

  /** Log fields: never a value of the store, only what failed. */
  toLog(): Record<string, string> {
    return { store: this.kind, ...(this.detail ? { detail: this.detail } : {}) };
  }
}

/**
 * The page's answer: 503 SB_STORE_UNAVAILABLE with Retry-After while Sync is busy or down;
 * 503 SB_STORE_MISSING (no SYNC_SERVICE_SID) or SB_SYNC_SERVICE (a wrong one) when only
 * whoever runs Switchboard can help.
 */
export function storeFailureAnswer(failure: StoreFailure): HttpAnswer {
  if (failure.kind === 'not-configured') return errorAnswer(503, 'SB_STORE_MISSING');
  if (failure.kind === 'no-service') return errorAnswer(503, 'SB_SYNC_SERVICE');
  return errorAnswer(503, 'SB_STORE_UNAVAILABLE', { 'Retry-After': String(failure.retryAfterSeconds) });
}
