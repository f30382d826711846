/**
 * When failed passcodes make a name wait (README "Sign-in throttling"), as a pure function of the
 * failures' times: 5 failures within 15 minutes start a wait of a minute; each failure after a wait
 * doubles the next one, up to 15 minutes; a streak is over 15 minutes after its last wait ended
 * with no failure since. Attempts during a wait are refused before the passcode is checked, so
 * they never count. Times are whole seconds of Sync's clock (sign-in-throttle.ts).
 */

/** Failures within WINDOW_SECONDS that start a wait. */
export const FAILURE_LIMIT = 5;
export const WINDOW_SECONDS = 15 * 60;
export const FIRST_WAIT_SECONDS = 60;
export const MAX_WAIT_SECONDS = 15 * 60;
/** After this long without a failure a name's count no longer matters (its Document's TTL). */
export const FORGET_AFTER_SECONDS = MAX_WAIT_SECONDS + WINDOW_SECONDS;

/** The failures of one name that still matter. */
export interface FailureCount {
  /** Times of failures that count towards a first wait, oldest first (fewer than FAILURE_LIMIT). */
  readonly recent: readonly number[];
  /** The last wait given (seconds), 0 when the streak has had none. */
  readonly wait: number;
  /** When that wait ends (epoch seconds), 0 when none. */
  readonly waitEnds: number;
}

export const NO_FAILURES: FailureCount = { recent: [], wait: 0, waitEnds: 0 };

/** The count after one more failure at `at`. */
export function afterFailure(count: FailureCount, at: number): FailureCount {
  const streakOver = count.wait > 0 && at >= count.waitEnds + WINDOW_SECONDS;
  const current = streakOver ? NO_FAILURES : count;
  if (current.wait > 0) {
    const wait = Math.min(MAX_WAIT_SECONDS, current.wait * 2);
    return { recent: [], wait, waitEnds: at + wait };
  }
  const recent = [...current.recent.filter((time) => time > at - WINDOW_SECONDS), at];
  if (recent.length < FAILURE_LIMIT) return { recent, wait: 0, waitEnds: 0 };
  return { recent: [], wait: FIRST_WAIT_SECONDS, waitEnds: at + FIRST_WAIT_SECONDS };
}

/** Seconds until the name may try again at `now`; 0 when it may now. */
export function waitLeft(count: FailureCount, now: number): number {
  return Math.max(0, count.waitEnds - now);
}

const isTime = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value) && value >= 0;

/** True for a count as this module writes it (what Sync gives back is checked, never trusted). */
export function isFailureCount(value: unknown): value is FailureCount {
  const count = value as Partial<FailureCount> | null;
  return (
    typeof count === 'object' && count !== null && Array.isArray(count.recent) && count.recent.length < FAILURE_LIMIT && count.recent.every(isTime) && isTime(count.wait) && isTime(count.waitEnds)
  );
}
