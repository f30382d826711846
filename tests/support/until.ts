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
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, every));
  }
}

/**
 * Resolves once the clock is in a later whole second than `ms`: Twilio's call times are whole
 * seconds, so a call's records tell two moments apart only then (e.g. a transfer outliving a leg).
 */
export async function laterSecondThan(ms: number): Promise<void> {
  await until(() => Math.floor(Date.now() / 1000) > Math.floor(ms / 1000), `a second later than ${new Date(ms).toISOString()}`, 2000, 20);
}
