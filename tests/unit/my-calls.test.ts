/**
 * The history's Mine view: which entries are a teammate's own. Each case is a call as the team's
 * history tells it (src/lib/contract/calls.ts), and whose call it is, said in words.
 */
import type { HistoryEntry } from '../../src/lib/contract/calls';
import { isMyCall } from '../../src/lib/history/my-calls';

const at = '2026-12-08T00:00:00.000Z';
const PHONE = '+14155550123';

const cases: Array<[string, HistoryEntry, readonly string[]]> = [
  ['alice placed a call to a phone', { id: 'CA1', at, direction: 'out', party: { number: PHONE }, by: 'alice', outcome: 'answered', seconds: 40 }, ['alice']],
  ['alice called a phone nobody answered', { id: 'CA2', at, direction: 'out', party: { number: PHONE }, by: 'alice', outcome: 'missed', seconds: 0 }, ['alice']],
  ['alice called bob, who answered', { id: 'CA3', at, direction: 'team', party: { identity: 'bob' }, by: 'alice', answeredBy: 'bob', outcome: 'answered', seconds: 12 }, ['alice', 'bob']],
  ['alice called bob, who did not answer: still a call to bob', { id: 'CA4', at, direction: 'team', party: { identity: 'bob' }, by: 'alice', outcome: 'missed', seconds: 0 }, ['alice', 'bob']],
  ['a phone called the team and bob answered (alice and carol rang too)', { id: 'CA5', at, direction: 'in', party: { number: PHONE }, answeredBy: 'bob', outcome: 'answered', seconds: 30 }, ['bob']],
  [
    'a phone called the team, alice answered and handed it to carol, who handed it to a phone',
    { id: 'CA6', at, direction: 'in', party: { number: PHONE }, answeredBy: 'alice', transfers: ['carol', '+14155550199'], outcome: 'answered', seconds: 90 },
    ['alice', 'carol'],
  ],
  ['alice called a phone and handed it to bob', { id: 'CA7', at, direction: 'out', party: { number: PHONE }, by: 'alice', transfers: ['bob'], outcome: 'answered', seconds: 50 }, ['alice', 'bob']],
  ['a phone called the team and nobody answered', { id: 'CA8', at, direction: 'in', party: { number: PHONE }, outcome: 'missed', seconds: 0 }, []],
  ['a phone left a voicemail', { id: 'CA9', at, direction: 'in', party: { number: PHONE }, outcome: 'voicemail', seconds: 0, voicemail: { id: 'RE1', seconds: 4 } }, []],
  ['the API called a phone from the team number', { id: 'CA10', at, direction: 'out', party: { number: PHONE }, outcome: 'answered', seconds: 5 }, []],
];

describe.each(cases)('%s', (_, entry, owners) => {
  it.each(['alice', 'bob', 'carol'])(`is %s's own call or not`, (identity) => {
    expect(isMyCall(entry, identity)).toBe(owners.includes(identity));
  });
});

it('is nobody else`s: a teammate whose name is only part of the one who answered', () => {
  const entry: HistoryEntry = { id: 'CA11', at, direction: 'in', party: { number: PHONE }, answeredBy: 'alice2', outcome: 'answered', seconds: 9 };
  expect(['alice', 'alice2'].map((who) => isMyCall(entry, who))).toEqual([false, true]);
});
