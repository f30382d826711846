/**
 * A call that goes on with someone else (src/lib/team/call-presence.ts `notePeer`), against the
 * simulator's Sync through the real `twilio` client: the person's presence names the new party
 * and keeps the call's start; a call their presence does not hold is left alone, unwritten.
 */
import { LIVE_MAP, presenceKey } from '../../src/lib/store/team-layout';
import { notePeer, notePresence } from '../../src/lib/team/call-presence';
import { presenceRecord } from '../../src/lib/team/presence-record';
import { syncSimulatorPerFile } from '../support/sync-simulator';

let now = Date.parse('2026-06-01T08:00:00Z');
const { shared, freshStore } = syncSimulatorPerFile(() => now);

const LEG = `CA${'1'.repeat(32)}`;
const OTHER_LEG = `CA${'2'.repeat(32)}`;
const answered = (sid: string, from: string) => ({ sid, status: 'in-progress', from, to: 'client:bob', direction: 'outbound-api' });

test('the call names the caller now, keeps its start, and bob’s other call is untouched', async () => {
  const store = freshStore();
  await notePresence(store, { identity: 'bob', peer: 'alice' }, answered(LEG, 'client:alice'));
  await notePresence(store, { identity: 'bob', peer: 'carol' }, answered(OTHER_LEG, 'client:carol'));
  const since = Math.floor(now / 1000);
  now += 30_000;
  await notePeer(store, 'bob', LEG, '+12025550143');
  const record = presenceRecord((await store.readItem(LIVE_MAP, presenceKey('bob')))?.data);
  expect(record.calls).toEqual({ [LEG]: { since, with: '+12025550143' }, [OTHER_LEG]: { since, with: 'carol' } });
  await notePeer(store, 'bob', LEG, 'client:dave');
  expect(presenceRecord((await store.readItem(LIVE_MAP, presenceKey('bob')))?.data).calls?.[LEG]).toEqual({ since, with: 'dave' });
});

test('a call bob’s presence does not hold (ended, or its answer not noted), a party it names already, or no presence at all: nothing is written', async () => {
  const store = freshStore();
  const from = shared().served.length;
  await notePeer(store, 'bob', LEG, '+12025550143');
  await notePresence(store, { identity: 'bob', peer: 'alice' }, answered(OTHER_LEG, 'client:alice'));
  const written = shared().served.length;
  await notePeer(store, 'bob', LEG, '+12025550143');
  await notePeer(store, 'bob', OTHER_LEG, 'client:alice'); // the party it names already
  expect(
    shared()
      .served.slice(from, written)
      .filter((line) => line.startsWith('POST') && line.endsWith(`/Items/${presenceKey('bob')}`)),
  ).toEqual([]);
  expect(
    shared()
      .served.slice(written)
      .every((line) => line.startsWith('GET')),
  ).toBe(true);
  expect(presenceRecord((await store.readItem(LIVE_MAP, presenceKey('bob')))?.data).calls).toEqual({ [OTHER_LEG]: { since: Math.floor(now / 1000), with: 'alice' } });
  await expect(notePeer(undefined, 'bob', LEG, '+12025550143')).resolves.toBeUndefined();
});
