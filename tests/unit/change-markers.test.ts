/**
 * The voicemail and history markers (src/lib/team/change-markers.ts) against the simulator's Sync,
 * through the real `twilio` client: each marker moves on its own, a mark is one blind write (no
 * read, no If-Match), calls ending at once all move it without retrying, and a Sync that refuses
 * is logged, never the webhook's failure. The Sync store's clock is the test's.
 */
import { LIVE_MAP } from '../../src/lib/store/team-layout';
import type { TeamStore } from '../../src/lib/store/team-store';
import { changeTags, markChanged } from '../../src/lib/team/change-markers';
import { syncSimulatorPerFile } from '../support/sync-simulator';

let now = Date.parse('2026-06-01T08:00:00Z');
const { shared, freshStore } = syncSimulatorPerFile(() => now);

async function tags(store: TeamStore) {
  const live = await store.listItems<unknown>(LIVE_MAP);
  return changeTags(new Map(live.items.map((item) => [item.key, item])));
}

/** What the store's Service was asked from the `index`-th served request on, as `METHOD path-after-the-Service`. */
const askedSince = (store: TeamStore, index: number) =>
  shared()
    .served.slice(index)
    .filter((line) => line.includes(store.serviceSid))
    .map((line) => line.replace(/ sync\.twilio\.com \/v1\/Services\/IS\w+/, ' '));

beforeEach(() => {
  now += 60_000; // past every write budget of the test before
});

test('no marker yet: both tags are "0"; the first mark makes the live Map; each mark moves only its own tag, to a new value every time', async () => {
  const store = freshStore();
  expect(await tags(store)).toEqual({ voicemail: '0', history: '0' });
  await markChanged(store, ['history']);
  const first = await tags(store);
  expect(first.voicemail).toBe('0');
  expect(first.history).not.toBe('0');
  await markChanged(store, ['voicemail', 'history']);
  const second = await tags(store);
  expect(second.voicemail).not.toBe('0');
  expect(second.history).not.toBe(first.history);
  await markChanged(store, ['voicemail']);
  const third = await tags(store);
  expect([third.voicemail === second.voicemail, third.history]).toEqual([false, second.history]);
});

test('once made, a mark is one write and no read: a call’s end costs Sync one request', async () => {
  const store = freshStore();
  await markChanged(store, ['history']);
  const from = shared().served.length;
  await markChanged(store, ['history']);
  expect(askedSince(store, from)).toEqual(['POST /Maps/live/Items/changes.history']);
});

test('calls ending at once all move the marker, each with one write, none retried or skipped', async () => {
  const store = freshStore();
  await markChanged(store, ['history']);
  const before = (await tags(store)).history;
  const from = shared().served.length;
  const logged = jest.spyOn(console, 'log').mockImplementation(() => undefined);
  try {
    await Promise.all(Array.from({ length: 8 }, () => markChanged(store, ['history'])));
    expect(logged).not.toHaveBeenCalled();
  } finally {
    logged.mockRestore();
  }
  expect(askedSince(store, from)).toEqual(Array(8).fill('POST /Maps/live/Items/changes.history'));
  expect((await tags(store)).history).not.toBe(before);
});

test('a Sync past its write budget (429) costs the mark, logged, and never fails the caller', async () => {
  const store = freshStore(120_000); // the flood of many invocations, through one store (past its own deadline otherwise)
  const logged = jest.spyOn(console, 'log').mockImplementation(() => undefined);
  try {
    // The `live` Map is one object, and the clock stands still: marks until Sync refuses one.
    for (let i = 0; i < 250 && !logged.mock.calls.length; i++) await markChanged(store, ['history']);
    expect(logged.mock.calls.map(([line]) => JSON.parse(String(line)) as unknown)).toEqual([
      { event: 'change-marker-skipped', changed: 'history', store: 'busy', detail: expect.stringMatching(/^overwrite live\/changes\.history: 429 54009$/) as unknown },
    ]);
  } finally {
    logged.mockRestore();
  }
  now += 1000;
  expect((await tags(store)).history).not.toBe('0');
});
