import { PlayedMessages } from '../../src/client/voicemail/played-messages';
import type { Voicemail } from '../../src/lib/contract/voicemail';
import { VoicemailBox } from '../../src/client/voicemail/voicemail-box';
import { MemoryStorage } from '../support/memory-storage';

const message = (id: string, minute: number): Voicemail => ({ id, callId: `CA${id}`, from: { number: '+14155550123' }, at: new Date(Date.UTC(2026, 10, 27, 10, minute)).toISOString(), seconds: 3 });

describe('VoicemailBox', () => {
  it('lists newest first and announces only messages that arrive after the first answer', () => {
    const box = new VoicemailBox(new PlayedMessages(new MemoryStorage(), 'alice'));
    expect(box.update([message('RE1', 1), message('RE2', 2)])).toEqual([]);
    expect(box.messages.map((m) => m.id)).toEqual(['RE2', 'RE1']);
    const fresh = box.update([message('RE3', 3), message('RE2', 2), message('RE1', 1)]);
    expect(fresh.map((m) => m.id)).toEqual(['RE3']);
    expect(box.update([message('RE3', 3)])).toEqual([]);
  });

  it('counts unplayed messages per person, shared by that person’s tabs', () => {
    const storage = new MemoryStorage();
    const alice = new VoicemailBox(new PlayedMessages(storage, 'alice'));
    alice.update([message('RE1', 1), message('RE2', 2)]);
    expect(alice.unplayed()).toBe(2);
    alice.markPlayed('RE1');
    alice.markPlayed('RE1');
    expect([alice.unplayed(), alice.isNew('RE1'), alice.isNew('RE2')]).toEqual([1, false, true]);

    const aliceOtherTab = new VoicemailBox(new PlayedMessages(storage, 'alice'));
    aliceOtherTab.update([message('RE1', 1), message('RE2', 2)]);
    expect(aliceOtherTab.unplayed()).toBe(1);
    const bob = new VoicemailBox(new PlayedMessages(storage, 'bob'));
    bob.update([message('RE1', 1), message('RE2', 2)]);
    expect(bob.unplayed()).toBe(2);
  });

  it('forgets played ids of messages the server no longer has, and removes a deleted one at once', () => {
    const storage = new MemoryStorage();
    const box = new VoicemailBox(new PlayedMessages(storage, 'alice'));
    box.update([message('RE1', 1), message('RE2', 2)]);
    box.markPlayed('RE1');
    box.markPlayed('RE2');
    box.update([message('RE2', 2)]);
    expect(JSON.parse(storage.getItem('switchboard.played.alice')!)).toEqual(['RE2']);
    box.remove('RE2');
    expect([box.messages.length, box.unplayed()]).toEqual([0, 0]);
  });

  it('survives unreadable storage: everything counts as unplayed', () => {
    const storage = new MemoryStorage();
    storage.setItem('switchboard.played.alice', '{not json');
    const box = new VoicemailBox(new PlayedMessages(storage, 'alice'));
    box.update([message('RE1', 1)]);
    expect(box.unplayed()).toBe(1);
    storage.setItem('switchboard.played.alice', JSON.stringify(['RE1', 7, null]));
    expect(box.unplayed()).toBe(0);
  });
});
