/** A time limit on work that waits for Twilio: Twilio cuts a Function at 10 s, so every wait is bounded well before. */

/** The work did not finish in time (it may still finish later; its result is then ignored). */
export class DeadlineError extends Error {}

/** `work`'s result, or a DeadlineError once `ms` have passed (at once for `ms` ≤ 0). */
export function withDeadline<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DeadlineError(`no answer within ${Math.max(0, Math.round(ms))} ms`)), Math.max(0, ms));
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}
