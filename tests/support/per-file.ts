/**
 * Something a test file starts once (`beforeAll`) and stops after its last test (`afterAll`), such
 * as the simulator: the returned function gives it to the tests.
 */
export function perFile<T extends object>(start: () => Promise<T>, stop: (started: T) => Promise<void>): () => T {
  let started: T | undefined;
  beforeAll(async () => {
    started = await start();
  }, 60_000);
  afterAll(async () => {
    if (started) await stop(started);
  });
  return () => {
    if (!started) throw new Error('started in beforeAll: use it inside tests');
    return started;
  };
}
