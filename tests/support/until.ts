/** Waiting for a condition instead of sleeping: the one polling loop the tests share. */

/**
 * Resolves with the first truthy value `read()` returns; throws naming `what` once `timeout` ms
 * have passed. Polls every `every` ms: 100 suits reads from a browser, cheap reads of the
 * simulator's own state can poll faster.
 */
export async function until<T>(read: () => T | Promise<T>, what: string, timeout = 10_000, every = 100): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = await read();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, every));
  }
}
