import type { Voicemail } from '../../src/lib/contract/voicemail';
import { VoicemailBox } from '../../src/client/voicemail/voicemail-box';

const message = (id: string, minute: number, marks: Partial<Pick<Voicemail, 'played' | 'handled'>> = {}): Voicemail => ({
  id,
  callId: `CA${id}`,
  from: { number: '+14155550123' },
  at: new Date(Date.UTC(2026, 10, 27, 10, minute)).toISOString(),
  seconds: 3,
  played: false,
  ...marks,
});
const list = (...messages: Voicemail[]) => ({ messages, marks: true });

describe('VoicemailBox', () => {
  it('lists newest first and announces only messages that arrive after the first answer', () => {
    const box = new VoicemailBox();
    expect(box.update(list(message('RE1', 1), message('RE2', 2)))).toEqual([]);
    expect(box.messages.map((m) => m.id)).toEqual(['RE2', 'RE1']);
    const fresh = box.update(list(message('RE3', 3), message('RE2', 2), message('RE1', 1)));
    expect(fresh.map((m) => m.id)).toEqual(['RE3']);
    expect(box.update(list(message('RE3', 3)))).toEqual([]);
  });

  it('counts what the server says I have not played, and a play here at once, until an answer agrees', () => {
    const box = new VoicemailBox();
    box.update(list(message('RE1', 1), message('RE2', 2, { played: true })));
    expect([box.unplayed(), box.isNew('RE1'), box.isNew('RE2')]).toEqual([1, true, false]);
    box.markPlayed('RE1');
    expect([box.unplayed(), box.isNew('RE1')]).toEqual([0, false]);
    // An answer asked before the play was recorded does not make it new again.
    box.update(list(message('RE1', 1), message('RE2', 2, { played: true })));
    expect(box.isNew('RE1')).toBe(false);
    // Once the server says so, the page holds nothing of its own: if the mark were gone, the message would be new.
    box.update(list(message('RE1', 1, { played: true })));
    box.update(list(message('RE1', 1)));
    expect(box.isNew('RE1')).toBe(true);
  });

  it('a play the server did not record is new again', () => {
    const box = new VoicemailBox();
    box.update(list(message('RE1', 1)));
    box.markPlayed('RE1');
    box.notPlayed('RE1');
    expect(box.unplayed()).toBe(1);
  });

  it('without marks kept by the server nothing is new; a handled mark changes as the server answered; a deleted message goes at once', () => {
    const box = new VoicemailBox();
    box.update({ messages: [message('RE1', 1)], marks: false });
    expect([box.marks, box.unplayed(), box.isNew('RE1')]).toEqual([false, 0, false]);
    box.update(list(message('RE1', 1), message('RE2', 2)));
    const mark = { by: 'bob', at: '2026-11-27T10:05:00.000Z' };
    box.setHandled('RE1', mark);
    expect(box.messages.find((m) => m.id === 'RE1')?.handled).toEqual(mark);
    box.setHandled('RE1', null);
    expect(box.messages.find((m) => m.id === 'RE1')).not.toHaveProperty('handled');
    box.remove('RE2');
    expect([box.messages.length, box.unplayed()]).toEqual([1, 1]);
  });
});
