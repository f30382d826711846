/**
 * The team's store (src/lib/store) against the simulator's Sync, through the real `twilio` client
 * and the simulator's interception proxy, as a Function reaches it: reads and writes with their
 * revisions and Sync's clock, read-modify-write with If-Match and its bounded retry on 412, TTLs,
 * and each way Sync can fail (429, 5xx, no answer, no such Service, no SYNC_SERVICE_SID) as one
 * typed StoreFailure. The Sync store's clock is the test's (no wall clock).
 */
import { readModifyWrite, WRITE_ROUNDS } from '../../src/lib/store/read-modify-write';
import { StoreFailure, storeFailureAnswer } from '../../src/lib/store/store-failure';
import { configuredStore, StoreConflict, TeamStore } from '../../src/lib/store/team-store';
import { syncSimulatorPerFile } from '../support/sync-simulator';

/** The Sync store's clock, moved by the tests. */
let now = Date.parse('2026-06-01T08:00:00Z');
const { shared, freshStore } = syncSimulatorPerFile(() => now);

/** The failure a promise rejects with. */
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => 'no failure',
    (error: unknown) => error,
  );

describe('reads and writes', () => {
  test('a Document: missing is undefined; created, read and updated with its revision, its dates on Sync’s clock', async () => {
    const store = freshStore();
    expect(await store.readDocument('sign-in.alice')).toBeUndefined();
    const created = await store.createDocument('sign-in.alice', { n: 1 }, 60);
    expect(created).toEqual({ data: { n: 1 }, revision: '0', updatedAt: now, seenAt: now });
    now += 5000;
    expect(await store.readDocument('sign-in.alice')).toEqual({ data: { n: 1 }, revision: '0', updatedAt: now - 5000, seenAt: now });
    const updated = await store.updateDocument('sign-in.alice', { n: 2 }, '0', 60);
    expect(updated).toEqual({ data: { n: 2 }, revision: '1', updatedAt: now, seenAt: now });
    await store.removeDocument('sign-in.alice');
    expect(await store.readDocument('sign-in.alice')).toBeUndefined();
    await store.removeDocument('sign-in.alice'); // already gone: fine
  });

  test('a stale If-Match, a name taken meanwhile, a Document gone meanwhile: StoreConflict, and nothing changes', async () => {
    const store = freshStore();
    await store.createDocument('doc', { n: 1 }, 0);
    await store.updateDocument('doc', { n: 2 }, '0', 0);
    expect(await failure(store.updateDocument('doc', { n: 99 }, '0', 0))).toBeInstanceOf(StoreConflict);
    expect(await failure(store.createDocument('doc', { n: 99 }, 0))).toBeInstanceOf(StoreConflict);
    expect((await store.readDocument('doc'))?.data).toEqual({ n: 2 });
    await store.removeDocument('doc');
    expect(await failure(store.updateDocument('doc', { n: 99 }, '1', 0))).toBeInstanceOf(StoreConflict);
    expect(await store.readDocument('doc')).toBeUndefined();
  });

  test('Map Items: the Map is made on the first Item; items are read, updated with If-Match, refused when stale', async () => {
    const sim = shared();
    const store = freshStore();
    expect(await store.readItem('team', 'person.bob')).toBeUndefined(); // no Map yet
    const item = await store.createItem('team', 'person.bob', { before: 100 }, 120);
    expect(item).toEqual({ data: { before: 100 }, revision: '0', updatedAt: now, seenAt: now });
    expect(sim.sync.maps(store.serviceSid).map((m) => m.unique_name)).toEqual(['team']);
    await store.createItem('team', 'person.carol', { before: 5 }, 120); // the Map is there now
    expect((await store.updateItem('team', 'person.bob', { before: 200 }, '0', 120)).data).toEqual({ before: 200 });
    expect(await failure(store.updateItem('team', 'person.bob', { before: 300 }, '0', 120))).toBeInstanceOf(StoreConflict);
    expect(await failure(store.createItem('team', 'person.bob', { before: 300 }, 120))).toBeInstanceOf(StoreConflict);
    expect((await store.readItem('team', 'person.bob'))?.data).toEqual({ before: 200 });
  });

  test('TTLs: what expired is gone, on Sync’s clock; a write with a TTL moves the expiry from then', async () => {
    const store = freshStore();
    await store.createDocument('short', { n: 1 }, 30);
    await store.createDocument('untouched', { n: 1 }, 30);
    await store.createItem('team', 'person.dave', { before: 1 }, 30);
    now += 20_000;
    await store.updateDocument('short', { n: 2 }, '0', 30); // now expires 30 s from here
    now += 20_000;
    expect((await store.readDocument('short'))?.data).toEqual({ n: 2 });
    expect(await store.readDocument('untouched')).toBeUndefined();
    expect(await store.readItem('team', 'person.dave')).toBeUndefined();
    now += 10_000;
    expect(await store.readDocument('short')).toBeUndefined();
  });

  test('one store makes its client once, at its first request: its requests share one client and its connection', async () => {
    const sim = shared();
    let made = 0;
    const store = TeamStore.of(() => (made++, sim.client()), sim.sync.createService({ friendly_name: 'Switchboard' }).sid);
    expect(made).toBe(0);
    await store.readItem('live', 'presence.erin');
    await store.createItem('live', 'presence.erin', { calls: {} }, 60);
    await store.readItem('live', 'presence.erin');
    expect(made).toBe(1);
  });
});

describe('read-modify-write', () => {
  /** One increment of `doc`'s counter as a Function does it: read, add one, write with If-Match. */
  const increment = (store: TeamStore) =>
    readModifyWrite(async () => {
      const current = await store.readDocument<{ n: number }>('counter');
      return current ? store.updateDocument('counter', { n: current.data.n + 1 }, current.revision, 0) : store.createDocument('counter', { n: 1 }, 0);
    });

  test('concurrent writers each retry on 412 until their change lands: none is lost', async () => {
    const sim = shared();
    const store = freshStore();
    const writers = 3;
    const done = await Promise.allSettled(Array.from({ length: writers }, () => increment(store)));
    const landed = done.filter((result) => result.status === 'fulfilled').length;
    // Every increment that reports success is in the counter, and those that gave up say so.
    expect(done.filter((result) => result.status === 'rejected').map((result) => result.reason)).toEqual(Array(writers - landed).fill(expect.objectContaining({ kind: 'contended' })));
    expect((await store.readDocument<{ n: number }>('counter'))?.data.n).toBe(landed);
    expect(landed).toBeGreaterThanOrEqual(2);
    // The refused writes were sent with the revision read, and Sync said 412.
    expect(sim.requests.some((r) => r.headers['If-Match'] !== undefined && r.status === 412)).toBe(true);
  });

  test('an object that changes under every round: after WRITE_ROUNDS rounds the caller hears "contended", nothing else', async () => {
    const store = freshStore();
    let rounds = 0;
    const outcome = await failure(
      readModifyWrite(() => {
        rounds++;
        return Promise.reject(new StoreConflict('412 54103'));
      }),
    );
    expect(rounds).toBe(WRITE_ROUNDS);
    expect(outcome).toEqual(expect.objectContaining({ kind: 'contended', retryAfterSeconds: 2 }));
    expect(await store.readDocument('counter')).toBeUndefined();
  });

  test('a failure that is not a conflict is not retried', async () => {
    let rounds = 0;
    const outcome = await failure(
      readModifyWrite(() => {
        rounds++;
        return Promise.reject(new StoreFailure('busy', '429 54009'));
      }),
    );
    expect([rounds, (outcome as StoreFailure).kind]).toEqual([1, 'busy']);
  });
});

describe('when Sync cannot help: one typed answer, which the page hears as 503 with Retry-After', () => {
  test('429 (54009): an object past its write budget is "busy" (10 s), and other objects are not', async () => {
    const store = freshStore(120_000); // the flood of many invocations, through one store
    await store.createDocument('flooded', { n: 0 }, 0);
    let revision = '0';
    let busy: unknown;
    // The clock stands still, so the budget of 200 writes does not refill.
    for (let i = 0; i < 250 && !busy; i++) {
      const outcome = await failure(store.updateDocument('flooded', { n: i }, revision, 0).then((written) => (revision = written.revision)));
      if (outcome instanceof StoreFailure) busy = outcome;
    }
    expect(busy).toEqual(expect.objectContaining({ kind: 'busy', retryAfterSeconds: 10 }));
    expect((busy as StoreFailure).detail).toMatch(/429 54009/);
    expect((await store.createDocument('other', { n: 1 }, 0)).data).toEqual({ n: 1 });
    expect(storeFailureAnswer(busy as StoreFailure)).toEqual({
      status: 503,
      headers: expect.objectContaining({ 'Retry-After': '10' }),
      body: { error: expect.objectContaining({ code: 'SB_STORE_UNAVAILABLE' }) },
    });
    now += 10_000; // 20 a second come back
    expect((await store.updateDocument('flooded', { n: -1 }, revision, 0)).data).toEqual({ n: -1 });
  });

  test('5xx (Sync down) is "down" (5 s); no answer before the deadline is "timeout" (5 s)', async () => {
    const sim = shared();
    const store = freshStore();
    sim.sync.available = false;
    try {
      expect(await failure(store.readDocument('x'))).toEqual(expect.objectContaining({ kind: 'down', retryAfterSeconds: 5 }));
      expect(await failure(store.createItem('team', 'person.x', { before: 1 }, 60))).toEqual(expect.objectContaining({ kind: 'down' }));
    } finally {
      sim.sync.available = true;
    }
    const late = TeamStore.of(() => sim.client(), store.serviceSid, 0);
    expect(await failure(late.readDocument('x'))).toEqual(expect.objectContaining({ kind: 'timeout', retryAfterSeconds: 5 }));
  });

  test('a SYNC_SERVICE_SID Sync does not know is "no-service" on reads and writes, never taken for a missing object', async () => {
    const sim = shared();
    const store = TeamStore.of(() => sim.client(), `IS${'0'.repeat(32)}`);
    for (const outcome of [await failure(store.readDocument('sign-in.alice')), await failure(store.readItem('team', 'person.alice')), await failure(store.createDocument('d', {}, 0))]) {
      expect(outcome).toEqual(expect.objectContaining({ kind: 'no-service' }));
    }
    expect(storeFailureAnswer(new StoreFailure('no-service')).body).toEqual({ error: expect.objectContaining({ code: 'SB_SYNC_SERVICE' }) });
  });

  test('no SYNC_SERVICE_SID: no store is opened, and what needs one says SB_STORE_MISSING', () => {
    const open = jest.fn();
    expect(configuredStore(undefined, open)).toBeUndefined();
    expect(open).not.toHaveBeenCalled();
    const answer = storeFailureAnswer(new StoreFailure('not-configured'));
    expect([answer.status, answer.headers['Retry-After'], (answer.body as { error: { code: string } }).error.code]).toEqual([503, undefined, 'SB_STORE_MISSING']);
  });

  test('a client that cannot even be made (a malformed credential) is "down", not a crash', async () => {
    const store = new TeamStore(`IS${'1'.repeat(32)}`, () => {
      throw new Error('username is required');
    });
    expect(await failure(store.readItem('team', 'person.alice'))).toEqual(expect.objectContaining({ kind: 'down' }));
  });
});
