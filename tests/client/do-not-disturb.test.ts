import { DoNotDisturb } from '../../src/client/line/do-not-disturb';
import { MemoryStorage } from '../support/memory-storage';

describe('DoNotDisturb', () => {
  it('is off at first, remembered per teammate in this browser, and off again when switched off', () => {
    const storage = new MemoryStorage();
    expect(new DoNotDisturb(storage, 'alice').on).toBe(false);
    new DoNotDisturb(storage, 'alice').set(true);
    // A reload (a new page, the same storage) finds it on; bob, signed in here later, does not.
    expect(new DoNotDisturb(storage, 'alice').on).toBe(true);
    expect(new DoNotDisturb(storage, 'bob').on).toBe(false);
    new DoNotDisturb(storage, 'alice').set(false);
    expect(new DoNotDisturb(storage, 'alice').on).toBe(false);
    expect(storage.length).toBe(0);
  });

  it('recognises the storage events of its own setting only (other tabs follow them)', () => {
    const dnd = new DoNotDisturb(new MemoryStorage(), 'alice');
    expect(dnd.concerns({ key: 'switchboard.dnd.alice' } as StorageEvent)).toBe(true);
    expect(dnd.concerns({ key: 'switchboard.dnd.bob' } as StorageEvent)).toBe(false);
    expect(dnd.concerns({ key: null } as StorageEvent)).toBe(false);
  });
});
