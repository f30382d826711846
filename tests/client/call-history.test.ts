import { callBackTarget, CallHistory } from '../../src/client/history/call-history';
import { chooseView, chosenView } from '../../src/client/history/history-choice';
import { MemoryStorage } from '../support/memory-storage';
import type { HistoryEntry } from '../../src/lib/contract/calls';

const entry = (n: number, overrides: Partial<HistoryEntry> = {}): HistoryEntry => ({
  id: `CA${n}`,
  at: new Date(Date.UTC(2026, 10, 27, 0, n)).toISOString(),
  direction: 'in',
  party: { number: '+14155550123' },
  outcome: 'missed',
  seconds: 0,
  ...overrides,
});
/** Calls `from` down to `to` (newest first). */
const calls = (from: number, to: number) => Array.from({ length: from - to + 1 }, (_, i) => entry(from - i));
const ids = (history: CallHistory) => history.entries.map((e) => e.id);

describe('CallHistory', () => {
  it('pages back with next, each call once', () => {
    const history = new CallHistory();
    history.refresh({ entries: calls(200, 151), next: 'c150' });
    expect([history.ready, history.entries.length, history.next]).toEqual([true, 50, 'c150']);
    // A page that overlaps the one before (a new call shifted everything) adds only what is new.
    history.append({ entries: calls(151, 102), next: 'c101' });
    expect(ids(history)).toEqual(calls(200, 102).map((e) => e.id));
    history.append({ entries: calls(101, 100), next: null });
    expect([history.entries.length, history.next]).toEqual([101, null]);
  });

  it('refreshes the newest page without losing the older pages or their cursor', () => {
    const history = new CallHistory();
    history.refresh({ entries: calls(100, 51), next: 'c50' });
    history.append({ entries: calls(50, 1), next: 'c0' });
    history.refresh({ entries: [entry(101), ...calls(100, 52).map((e) => (e.id === 'CA100' ? { ...e, outcome: 'answered' as const } : e))], next: 'c51' });
    expect(ids(history)).toEqual(calls(101, 1).map((e) => e.id));
    expect(history.entries[1].outcome).toBe('answered');
    expect(history.next).toBe('c0');
  });

  it('keeps what it holds when new calls push it off the first page, and marks a deleted voicemail deleted', () => {
    const history = new CallHistory();
    history.refresh({ entries: calls(3, 1), next: null });
    history.refresh({ entries: [entry(5, { outcome: 'voicemail', voicemail: { id: 'RE5', seconds: 3 } }), ...calls(4, 3)], next: 'c2' });
    // CA2 and CA1 are still held, so nothing older is left to load.
    expect([history.next, ...ids(history)]).toEqual([null, 'CA5', 'CA4', 'CA3', 'CA2', 'CA1']);
    history.dropVoicemail('RE5');
    expect(history.entries.map((e) => e.voicemail)).toEqual([{ id: 'RE5', seconds: 3, deleted: true }, undefined, undefined, undefined, undefined]);
    expect(history.entries[0].outcome).toBe('voicemail');
    history.refresh({ entries: calls(5, 1), next: 'c0' });
    expect(history.next).toBe('c0');
  });
});

describe('callBackTarget', () => {
  it('dials the outside number, or the other teammate', () => {
    expect(callBackTarget(entry(1), 'alice')).toBe('+14155550123');
    expect(callBackTarget(entry(1, { direction: 'out', by: 'alice', party: { number: '+14155550199' } }), 'bob')).toBe('+14155550199');
    const team = entry(1, { direction: 'team', by: 'bob', party: { identity: 'alice' } });
    expect(callBackTarget(team, 'alice')).toBe('bob');
    expect(callBackTarget(team, 'carol')).toBe('alice');
    expect(callBackTarget(entry(1, { party: {} }), 'alice')).toBeUndefined();
  });
});

describe('the view each person chose (All or Mine)', () => {
  it('starts with All, and keeps each person`s own choice in this browser', () => {
    const storage = new MemoryStorage();
    expect(chosenView(storage, 'bob')).toBe('all');
    chooseView(storage, 'bob', 'mine');
    expect([chosenView(storage, 'bob'), chosenView(storage, 'carol')]).toEqual(['mine', 'all']);
    chooseView(storage, 'bob', 'all');
    expect(chosenView(storage, 'bob')).toBe('all');
  });

  it('is All when storage is refused or holds something else, and choosing then throws nothing', () => {
    const refusing = Object.assign(new MemoryStorage(), {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
    });
    expect(() => chooseView(refusing, 'bob', 'mine')).not.toThrow();
    expect(chosenView(refusing, 'bob')).toBe('all');
    const odd = new MemoryStorage();
    odd.setItem('switchboard.historyView.bob', 'everything');
    expect(chosenView(odd, 'bob')).toBe('all');
  });
});
