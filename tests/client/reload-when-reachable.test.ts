/** Bringing back a chunk that failed to load: a reload once the page's address answers, never in a call, never in a loop. */
import { reloadWhenReachable, type ReloadHost } from '../../src/client/page/reload-when-reachable';

/** A host whose network is down for `downProbes` probes and whose page is in a call for `busyChecks` checks. */
function host(options: { downProbes?: number; busyChecks?: number; reloadedAt?: number; now?: number } = {}) {
  const items = new Map<string, string>(options.reloadedAt === undefined ? [] : [['switchboard.reloadedAt', String(options.reloadedAt)]]);
  let down = options.downProbes ?? 0;
  let busy = options.busyChecks ?? 0;
  const seen = { probes: 0, waits: 0, reloads: 0 };
  const fake: ReloadHost = {
    storage: { getItem: (key: string) => items.get(key) ?? null, setItem: (key: string, value: string) => void items.set(key, value) } as Storage,
    reachable: () => (seen.probes++, Promise.resolve(down-- <= 0)),
    reload: () => void seen.reloads++,
    mayReload: () => busy-- <= 0,
    now: () => options.now ?? 1_000_000,
    wait: () => (seen.waits++, Promise.resolve()),
  };
  return { fake, seen, items };
}

it('waits until the page’s address answers, then reloads once and notes when', async () => {
  const { fake, seen, items } = host({ downProbes: 3 });
  await reloadWhenReachable(fake);
  expect(seen).toEqual({ probes: 4, waits: 3, reloads: 1 });
  expect(items.get('switchboard.reloadedAt')).toBe('1000000');
});

it('never reloads in the middle of a call: it waits for the call to end', async () => {
  const { fake, seen } = host({ busyChecks: 2 });
  await reloadWhenReachable(fake);
  expect(seen).toEqual({ probes: 1, waits: 2, reloads: 1 });
});

it('asked again while it waits, it still reloads once', async () => {
  const { fake, seen } = host({ downProbes: 2 });
  await Promise.all([reloadWhenReachable(fake), reloadWhenReachable(fake)]);
  expect(seen.reloads).toBe(1);
});

it('does not reload again within five minutes of the last time (a part that never loads is no loop)', async () => {
  const recent = host({ reloadedAt: 1_000_000 - 4 * 60_000 });
  await reloadWhenReachable(recent.fake);
  expect(recent.seen.reloads).toBe(0);
  const older = host({ reloadedAt: 1_000_000 - 6 * 60_000 });
  await reloadWhenReachable(older.fake);
  expect(older.seen.reloads).toBe(1);
});
