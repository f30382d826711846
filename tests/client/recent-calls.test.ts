import { addRecent, MAX_RECENT, RecentCalls, type RecentCall } from '../../src/client/calls/recent-calls';
import { MemoryStorage } from '../support/memory-storage';

const call = (at: number, overrides: Partial<RecentCall> = {}): RecentCall => ({ direction: 'out', peer: 'bob', at, outcome: 'answered', seconds: 3, ...overrides });

describe('addRecent', () => {
  it('keeps the newest 50, newest first', () => {
    let list: RecentCall[] = [];
    for (let i = 0; i < 60; i++) list = addRecent(list, call(i * 60_000, { peer: `+1415555${String(i).padStart(4, '0')}` }));
    expect(list).toHaveLength(MAX_RECENT);
    expect(list[0].at).toBe(59 * 60_000);
    expect(list.at(-1)!.at).toBe(10 * 60_000);
  });

  it('merges the tabs’ entries for one incoming call, the answering tab winning', () => {
    const missed = call(1000, { direction: 'in', peer: '+14155550123', outcome: 'missed', seconds: undefined });
    const answered = call(1500, { direction: 'in', peer: '+14155550123', outcome: 'answered', seconds: 42 });
    expect(addRecent([missed], answered)).toEqual([answered]);
    expect(addRecent([answered], missed)).toEqual([answered]);
    // A later call from the same number is a new entry; so is an outgoing call.
    expect(addRecent([answered], { ...missed, at: 30_000 })).toHaveLength(2);
    expect(addRecent([answered], call(1200, { peer: '+14155550123' }))).toHaveLength(2);
  });
});

describe('RecentCalls', () => {
  it('stores per identity and survives a corrupt entry', () => {
    const storage = new MemoryStorage();
    const alice = new RecentCalls(storage, 'alice');
    alice.add(call(1));
    expect(alice.list()).toEqual([call(1)]);
    expect(new RecentCalls(storage, 'bob').list()).toEqual([]);
    storage.setItem('switchboard.recent.alice', '{not json');
    expect(alice.list()).toEqual([]);
    storage.setItem('switchboard.recent.alice', JSON.stringify([call(2), { peer: 5 }, null]));
    expect(alice.list()).toEqual([call(2)]);
    alice.clear();
    expect(alice.list()).toEqual([]);
  });
});
