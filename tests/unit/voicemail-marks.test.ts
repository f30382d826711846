/**
 * The team's voicemail marks (src/lib/voicemail/voicemail-marks.ts) against the simulator's Sync,
 * through the real `twilio` client as a Function reaches it: per-person played marks that several
 * writers add at once without losing one, handled with the first mark kept, a deletion that takes
 * the marks and leaves the trace the history reads, and key ranges that find a time span's Items
 * however many others the Map holds. The Sync store's clock is the test's.
 */
import { messageKey, VOICEMAIL_MAP } from '../../src/lib/store/team-layout';
import { TeamStore } from '../../src/lib/store/team-store';
import type { MessageRecord } from '../../src/lib/voicemail/voicemail-box';
import { deletedVoicemailsIn, markDeleted, markHandled, markPlayed, readMarks, withMarks } from '../../src/lib/voicemail/voicemail-marks';
import { syncSimulatorPerFile } from '../support/sync-simulator';

let now = Date.parse('2026-06-01T08:00:00Z');
const { shared, freshStore } = syncSimulatorPerFile(() => now);

/** Another Function instance on the same Service. */
function freshStoreOn(store: TeamStore): TeamStore {
  return TeamStore.of(() => shared().client(), store.serviceSid);
}

const hex = (n: number) => n.toString(16).padStart(32, '0');
/** Message `n`, left `minutesAgo` before the Sync clock's now. */
const message = (n: number, minutesAgo = 0): MessageRecord => ({
  id: `RE${hex(n)}`,
  callId: `CA${hex(n)}`,
  from: { number: '+14155550123' },
  at: new Date(now - minutesAgo * 60_000).toISOString(),
  seconds: 7,
});

test('played is per person; plays from several instances at once are all kept (If-Match)', async () => {
  const store = freshStore();
  const m = message(1);
  const results = await Promise.all(['alice', 'bob', 'carol', 'alice'].map((who) => markPlayed(freshStoreOn(store), m, who)));
  expect(results.every((result) => result.value === true)).toBe(true);
  const marks = (await readMarks(store, [m])).get(m.id);
  expect([...(marks?.played ?? [])].sort()).toEqual(['alice', 'bob', 'carol']);
  expect(withMarks(m, marks, 'bob').played).toBe(true);
  expect(withMarks(m, marks, 'dave').played).toBe(false);
  expect(await markPlayed(store, m, 'bob')).toEqual({ changed: false, value: true });
});

test('handled: who and when by Sync’s clock; a second mark keeps the first; anyone undoes it', async () => {
  const store = freshStore();
  const m = message(2);
  expect(await markHandled(store, m, 'bob', true)).toEqual({ changed: true, value: { by: 'bob', at: new Date(now).toISOString() } });
  now += 60_000;
  expect(await markHandled(store, m, 'alice', true)).toEqual({ changed: false, value: { by: 'bob', at: new Date(now - 60_000).toISOString() } });
  expect(withMarks(m, (await readMarks(store, [m])).get(m.id), 'carol').handled?.by).toBe('bob');
  expect(await markHandled(store, m, 'alice', false)).toEqual({ changed: true, value: null });
  expect(withMarks(m, (await readMarks(store, [m])).get(m.id), 'carol')).not.toHaveProperty('handled');
});

test('a deletion takes the marks with it, takes no more marks, and leaves the trace the history finds by call', async () => {
  const store = freshStore();
  const m = message(3, 5);
  await markPlayed(store, m, 'alice');
  await markHandled(store, m, 'bob', true);
  await markDeleted(store, m, 'carol');
  expect((await readMarks(store, [m])).get(m.id)).toBeUndefined();
  expect(await markPlayed(store, m, 'bob')).toEqual({ changed: false });
  expect(await markHandled(store, m, 'bob', true)).toEqual({ changed: false });
  const item = shared().sync.item(store.serviceSid, VOICEMAIL_MAP, messageKey(Math.floor(Date.parse(m.at) / 1000), m.id));
  expect(item.data).toEqual({ call: m.callId, seconds: 7, played: [], deleted: { by: 'carol', at: Math.floor(now / 1000) } });
  const deleted = deletedVoicemailsIn(store)!;
  expect([...(await deleted(now - 10 * 60_000, now))]).toEqual([[m.callId, { id: m.id, seconds: 7 }]]);
  // A span that ends before the message began knows nothing of it.
  expect((await deleted(now - 60 * 60_000, now - 6 * 60_000)).size).toBe(0);
});

test('ranges by time: the newest messages’ marks and a span’s deletions, past a page of 100 Items and among older ones', async () => {
  const base = freshStore();
  const store = () => freshStoreOn(base);
  // 150 marked messages a minute apart, the oldest ten deleted, and an old one outside every span.
  const messages = Array.from({ length: 150 }, (_, i) => message(100 + i, i));
  // Each write as a Function instance of its own (each has its deadline), the clock moving so Sync's budget refills.
  for (const m of messages) {
    await markPlayed(store(), m, 'alice');
    now += 100;
  }
  for (const m of messages.slice(140)) await markDeleted(store(), m, 'bob');
  const old = message(999, 24 * 60);
  await markPlayed(store(), old, 'alice');
  const marks = await readMarks(store(), messages.slice(0, 140));
  expect(marks.size).toBe(140);
  expect((await readMarks(store(), [old])).get(old.id)?.played).toEqual(['alice']);
  const gone = await deletedVoicemailsIn(store())!(now - 150 * 60_000, now);
  expect([...gone.keys()].sort()).toEqual(
    messages
      .slice(140)
      .map((m) => m.callId)
      .sort(),
  );
});

test('the history’s reader goes on without the store: a failure is no deletion known, never an error', async () => {
  const store = freshStore();
  await markDeleted(store, message(4), 'alice');
  shared().sync.available = false;
  try {
    expect((await deletedVoicemailsIn(store)!(now - 60_000, now)).size).toBe(0);
  } finally {
    shared().sync.available = true;
  }
  expect(deletedVoicemailsIn(undefined)).toBeUndefined();
});
