/**
 * Who the call panel says a call is with, for each party of each path of hold, transfer and
 * consult (src/client/calls/call-parties.ts): readings of the conference, as /call-control answers
 * and the Functions' call messages give them, newest first.
 */
import type { ControlParty } from '../../src/lib/contract/call-control';
import { CallParties } from '../../src/client/calls/call-parties';

const PHONE = '+14155550123';
const party = (label: string, hold = false, status = 'connected'): ControlParty => ({ label, hold, status });
/** A message of the Functions, read at `at`. */
const news = (at: number, parties: ControlParty[], hold = false) => ({ at, parties, hold });
/** What the panel shows: the state, whom the call is with, on hold. */
const shown = (parties: CallParties) => ({ state: parties.state, with: parties.with, held: parties.held });

describe('alice, who answered a phone call', () => {
  it('holds the caller, consults bob, who answers, and merges: the panel follows each reading', () => {
    const alice = new CallParties({ peer: PHONE, caller: PHONE });
    expect(shown(alice)).toEqual({ state: 'talking', with: [PHONE], held: [] });
    alice.apply({ at: 1, state: 'consulting', parties: [party('caller', true), party('bob', false, 'ringing')] });
    expect(shown(alice)).toEqual({ state: 'consulting', with: [PHONE], held: [PHONE] });
    expect(alice.consulted).toEqual({ name: 'bob', answered: false });
    alice.apply(news(2, [party('caller', true), party('bob')]));
    expect(shown(alice)).toEqual({ state: 'consulting', with: ['bob'], held: [PHONE] });
    expect(alice.consulted).toEqual({ name: 'bob', answered: true });
    alice.apply({ at: 3, state: 'merged', parties: [party('caller'), party('bob')] });
    expect(shown(alice)).toEqual({ state: 'merged', with: [PHONE, 'bob'], held: [] });
    // bob hangs up: alice is with the caller again.
    alice.apply(news(4, [party('caller')]));
    expect(shown(alice)).toEqual({ state: 'talking', with: [PHONE], held: [] });
  });

  it('transfers the caller, who is away ringing bob until bob does not answer and they come back', () => {
    const alice = new CallParties({ peer: PHONE, caller: PHONE });
    alice.apply({ at: 1, state: 'transferring', parties: [] });
    alice.apply(news(2, []));
    expect(shown(alice)).toEqual({ state: 'transferring', with: [PHONE], held: [] });
    alice.apply(news(3, [party('caller')]));
    expect(shown(alice)).toEqual({ state: 'talking', with: [PHONE], held: [] });
  });

  it('keeps the newer reading: a message read before her own answer changes nothing', () => {
    const alice = new CallParties({ peer: PHONE, caller: PHONE });
    expect(alice.apply({ at: 10, state: 'held', parties: [party('caller', true)] })).toBe(true);
    expect(alice.apply(news(9, [party('caller')]))).toBe(false);
    expect(alice.state).toBe('held');
  });
});

describe('bob, whom alice consults about the caller', () => {
  const consulted = () => {
    const bob = new CallParties({ peer: 'alice', caller: PHONE, consultedBy: 'alice' });
    bob.apply(news(1, [party('caller', true), party('alice')]));
    return bob;
  };

  it('talks with alice while the caller waits', () => {
    const bob = consulted();
    expect(shown(bob)).toEqual({ state: 'consulted', with: ['alice'], held: [PHONE] });
    expect(bob.consulted).toEqual({ name: 'alice', answered: true });
    expect(bob.consulterLeft).toBe(false);
  });

  it('after Complete is with the caller, whom his log names; alice handed the call on', () => {
    const bob = consulted();
    bob.apply(news(2, [party('caller')]));
    expect(shown(bob)).toEqual({ state: 'talking', with: [PHONE], held: [] });
    expect(bob.consulterLeft).toBe(true);
  });

  it('after Merge, once alice hangs up, is with the caller', () => {
    const bob = consulted();
    bob.apply(news(2, [party('caller'), party('alice')]));
    expect(shown(bob)).toEqual({ state: 'merged', with: [PHONE, 'alice'], held: [] });
    bob.apply(news(3, [party('caller')]));
    expect(shown(bob)).toEqual({ state: 'talking', with: [PHONE], held: [] });
  });

  it('after Cancel, with nobody left on the conference, names alice: he never spoke with the caller', () => {
    const bob = consulted();
    bob.apply(news(2, []));
    expect(shown(bob)).toEqual({ state: 'talking', with: ['alice'], held: [] });
  });

  it('alice hung up before Complete: the caller came off hold for him', () => {
    const bob = consulted();
    bob.apply(news(2, [party('caller')]));
    expect(shown(bob).with).toEqual([PHONE]);
  });
});

describe('a call between teammates', () => {
  it('alice, whom bob puts on hold, sees it', () => {
    const alice = new CallParties({ peer: 'bob', caller: 'bob' });
    alice.apply(news(1, [party('bob')], true));
    expect(shown(alice)).toEqual({ state: 'onHold', with: ['bob'], held: [] });
  });
});
