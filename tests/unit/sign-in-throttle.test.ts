/**
 * Sign-in throttling: the rules as a pure function of failure times (throttle-rules.ts), then the
 * count kept per name in the simulator's Sync through the real `twilio` client
 * (sign-in-throttle.ts). Time is the Sync store's clock, which the tests move: no wall clock.
 */
import { SyncStore } from '../../simulator/rest/sync-store';
import { throttledSignIn, type SignInOutcome } from '../../src/lib/auth/sign-in-throttle';
import { afterFailure, FAILURE_LIMIT, FIRST_WAIT_SECONDS, MAX_WAIT_SECONDS, NO_FAILURES, waitLeft, WINDOW_SECONDS, type FailureCount } from '../../src/lib/auth/throttle-rules';
import { TeamStore } from '../../src/lib/store/team-store';
import { perFile } from '../support/per-file';
import { RestSimulator } from '../support/rest-simulator';

describe('the rules', () => {
  /** The count after failures at `times` (seconds), one after the other. */
  const failures = (...times: number[]): FailureCount => times.reduce(afterFailure, NO_FAILURES);

  test('5 failures within 15 minutes start a wait of a minute, from the 5th', () => {
    const count = failures(0, 60, 120, 180, 240);
    expect(waitLeft(failures(0, 60, 120, 180), 240)).toBe(0);
    expect(waitLeft(count, 240)).toBe(60);
    expect(waitLeft(count, 299)).toBe(1);
    expect(waitLeft(count, 300)).toBe(0);
  });

  test('the window slides: failures older than 15 minutes no longer count', () => {
    // The 1st failure is exactly 15 minutes before the 5th: out of the window.
    expect(waitLeft(failures(0, 300, 600, 800, WINDOW_SECONDS), WINDOW_SECONDS)).toBe(0);
    expect(waitLeft(failures(1, 300, 600, 800, WINDOW_SECONDS), WINDOW_SECONDS)).toBe(60);
  });

  test('each failure after a wait doubles the next one, up to 15 minutes', () => {
    let count = failures(0, 1, 2, 3, 4);
    const waits = [count.wait];
    for (let i = 0; i < 6; i++) {
      count = afterFailure(count, count.waitEnds); // the moment the wait is over
      waits.push(count.wait);
    }
    expect(waits).toEqual([60, 120, 240, 480, 900, 900, 900]);
    expect(Math.max(...waits)).toBe(MAX_WAIT_SECONDS);
  });

  test('15 minutes after a wait ended with no failure since, the streak is over and the count starts afresh', () => {
    const locked = failures(0, 1, 2, 3, 4); // waits until 64
    expect(afterFailure(locked, 64 + WINDOW_SECONDS - 1).wait).toBe(2 * FIRST_WAIT_SECONDS);
    const fresh = afterFailure(locked, 64 + WINDOW_SECONDS);
    expect(fresh).toEqual({ recent: [64 + WINDOW_SECONDS], wait: 0, waitEnds: 0 });
  });

  test('a count never grows past what it needs: fewer than FAILURE_LIMIT failure times', () => {
    let count = NO_FAILURES;
    for (let t = 0; t < 10_000; t += 97) count = afterFailure(count, Math.max(t, count.waitEnds));
    expect(count.recent.length).toBeLessThan(FAILURE_LIMIT);
  });
});

describe('counted in Sync', () => {
  /** The Sync store's clock (ms), moved by the tests. */
  let now = Date.parse('2026-06-01T08:00:00Z');
  const shared = perFile(
    () => RestSimulator.start({ sync: new SyncStore({ now: () => now }) }),
    (sim) => sim.stop(),
  );
  let serviceSid: string;
  let logged: string[];

  beforeEach(() => {
    serviceSid = shared().sync.createService({ friendly_name: 'Switchboard' }).sid;
    logged = [];
    jest.spyOn(console, 'log').mockImplementation((line: string) => void logged.push(line));
  });
  afterEach(() => jest.restoreAllMocks());

  /** One passcode sign-in of `identity`, through a store opened for it (as one Function invocation). */
  async function attempt(identity: string, right: boolean): Promise<SignInOutcome & { checked: boolean }> {
    let checked = false;
    const store = TeamStore.of(() => shared().client(), serviceSid);
    const outcome = await throttledSignIn(store, identity, () => ((checked = true), Promise.resolve(right)), identity !== 'mallory');
    return { ...outcome, checked };
  }
  const wrong = (identity: string) => attempt(identity, false);

  test('the 5th wrong passcode starts a wait; during it even the right passcode is refused, unchecked; after it the right one works and clears the count', async () => {
    for (let i = 1; i < FAILURE_LIMIT; i++) {
      expect(await wrong('alice')).toEqual({ kind: 'wrong', checked: true });
      now += 10_000;
    }
    expect(await wrong('alice')).toEqual({ kind: 'wait', seconds: 60, checked: true });
    now += 30_000;
    expect(await attempt('alice', true)).toEqual({ kind: 'wait', seconds: 30, checked: false });
    expect(await wrong('alice')).toEqual({ kind: 'wait', seconds: 30, checked: false });
    now += 30_000;
    expect(await attempt('alice', true)).toEqual({ kind: 'signed-in', checked: true });
    expect(shared().sync.documents(serviceSid)).toEqual([]);
    // The count starts afresh: one wrong passcode is just wrong again.
    expect(await wrong('alice')).toEqual({ kind: 'wrong', checked: true });
  });

  test('each further wrong passcode doubles the wait, up to 15 minutes; other names are not touched', async () => {
    for (let i = 0; i < FAILURE_LIMIT; i++) await wrong('bob');
    const waits: number[] = [];
    let outcome = await wrong('bob');
    expect(outcome.kind).toBe('wait'); // still within the first minute: unchecked
    for (let i = 0; i < 6; i++) {
      now += (outcome as { seconds: number }).seconds * 1000;
      outcome = await wrong('bob');
      waits.push((outcome as { seconds: number }).seconds);
    }
    expect(waits).toEqual([120, 240, 480, 900, 900, 900]);
    expect(await attempt('carol', true)).toEqual({ kind: 'signed-in', checked: true });
    expect(
      shared()
        .sync.documents(serviceSid)
        .map((d) => d.unique_name),
    ).toEqual(['sign-in.bob']);
  });

  test('an unknown name is counted exactly like a teammate’s, and its wait is logged like theirs, with no passcode', async () => {
    const outcomes = { teammate: [] as string[], stranger: [] as string[] };
    for (let i = 0; i < FAILURE_LIMIT + 1; i++) {
      outcomes.teammate.push(JSON.stringify(await wrong('dave')));
      outcomes.stranger.push(JSON.stringify(await wrong('mallory')));
    }
    expect(outcomes.stranger).toEqual(outcomes.teammate);
    const lines = logged.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toEqual([
      { event: 'sign-in-throttled', identity: 'dave', onTeam: true, waitSeconds: 60, until: new Date(now + 60_000).toISOString() },
      { event: 'sign-in-throttled', identity: 'mallory', onTeam: false, waitSeconds: 60, until: new Date(now + 60_000).toISOString() },
    ]);
  });

  test('a sign-in whose count cannot be read or written is "unavailable", right passcode or wrong: nothing is learnt, nothing decided', async () => {
    const sim = shared();
    await wrong('erin');
    sim.sync.available = false;
    try {
      expect(await attempt('erin', true)).toEqual({ kind: 'unavailable', failure: expect.objectContaining({ kind: 'down' }), checked: false });
      expect(await attempt('frank', true)).toEqual({ kind: 'unavailable', failure: expect.objectContaining({ kind: 'down' }), checked: false });
    } finally {
      sim.sync.available = true;
    }
    // Readable but not writable: the passcode is checked, then neither answer is given.
    const document = sim.sync.document(serviceSid, 'sign-in.erin');
    let revision = String(document.revision);
    for (let i = 0; i < 300; i++) {
      try {
        revision = String(sim.sync.updateDocument(serviceSid, 'sign-in.erin', { data: document.data, ifMatch: revision }).revision);
      } catch {
        break; // past its write budget: Sync refuses (429)
      }
    }
    for (const right of [true, false]) expect(await attempt('erin', right)).toEqual({ kind: 'unavailable', failure: expect.objectContaining({ kind: 'busy' }), checked: true });
  });

  test('concurrent wrong guesses: each is refused, every failure is counted, and the 5th starts the wait', async () => {
    const outcomes = await Promise.all(Array.from({ length: FAILURE_LIMIT }, () => wrong('gina')));
    expect(outcomes.filter((o) => o.kind === 'signed-in')).toEqual([]);
    expect(outcomes.filter((o) => o.kind === 'unavailable').map((o) => (o as { failure: { kind: string } }).failure.kind)).toEqual(
      outcomes.filter((o) => o.kind === 'unavailable').map(() => 'contended'),
    );
    // Some may have given up after their rounds (unavailable); every one answered was counted.
    const answered = outcomes.filter((o) => o.kind !== 'unavailable').length;
    expect(answered).toBeGreaterThanOrEqual(2);
    const next = await wrong('gina');
    expect(next.kind).toBe(answered + 1 >= FAILURE_LIMIT ? 'wait' : 'wrong');
  });
});
