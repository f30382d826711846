/**
 * Call history and voicemail recognition from REST-shaped records: Call and Recording resources
 * as the `twilio` client gives them (camelCase, Dates), built here the way Twilio fills them.
 */
import { callFamilies } from '../../src/lib/records/call-family';
import { historyEntry } from '../../src/lib/history/history-entry';
import { decodeCursor, encodeCursor } from '../../src/lib/history/history-cursor';
import type { CallRecord, RecordingRecord } from '../../src/lib/records/rest-records';
import { isVoicemail, voicemailOf } from '../../src/lib/voicemail/voicemail-box';

const TEAM_NUMBER = '+14155550100';
const CALLER = '+12025550143';
let next = 0;
const sid = (prefix: string) => `${prefix}${(++next).toString(16).padStart(32, '0')}`;
const at = (second: number) => new Date(Date.UTC(2026, 10, 27, 9, 0, second));

function call(fields: Partial<CallRecord>): CallRecord {
  return {
    sid: sid('CA'),
    parentCallSid: null,
    from: CALLER,
    to: TEAM_NUMBER,
    status: 'completed',
    direction: 'inbound',
    startTime: at(0),
    endTime: at(30),
    duration: '0',
    callerName: null,
    ...fields,
  };
}
const leg = (parent: CallRecord, to: string, status: string, duration = '0') => call({ parentCallSid: parent.sid, from: parent.from, to, status, direction: 'outbound-dial', duration });
/** A leg of `parent` that rang from `ring`, was answered at `answer` and ended at `end` (seconds). */
const talked = (parent: CallRecord, to: string, ring: number, answer: number, end: number) => ({ ...leg(parent, to, 'completed', String(end - answer)), startTime: at(ring), endTime: at(end) });
/** The call the Participants API placed when `by` consulted `to` (the page's consult), answered at `answer`. */
const consultation = (by: string, to: string, ring: number, answer: number, end: number) =>
  call({ from: `client:${by}`, to: `client:${to}`, direction: 'outbound-api', startTime: at(ring), endTime: at(end), duration: String(end - answer) });
/** The entry of `parent` among all these records, grouped as the history groups them. */
const entryOf = (parent: CallRecord, ...records: CallRecord[]) => historyEntry(parent, callFamilies([parent, ...records]).get(parent.sid) ?? [], TEAM_NUMBER);
function recording(callSid: string, fields: Partial<RecordingRecord> = {}): RecordingRecord {
  return { sid: sid('RE'), callSid, source: 'RecordVerb', status: 'completed', startTime: at(20), dateCreated: at(27), duration: '7', ...fields };
}

describe('inbound calls to the team number', () => {
  const parent = call({ callerName: 'ACME CORP' });

  it('answered: by the teammate whose leg was answered, for as long as that leg talked; the others` legs were canceled', () => {
    const legs = [leg(parent, 'client:alice', 'canceled'), leg(parent, 'client:bob', 'completed', '42'), leg(parent, 'client:carol', 'canceled')];
    expect(historyEntry(parent, legs, TEAM_NUMBER)).toEqual({
      id: parent.sid,
      at: '2026-11-27T09:00:00.000Z',
      direction: 'in',
      party: { number: CALLER, name: 'ACME CORP' },
      answeredBy: 'bob',
      outcome: 'answered',
      seconds: 42,
    });
  });

  it('cold transfers: answered by the first teammate, then each transfer target in order, talking for all of them', () => {
    // alice answers at 1; carol does not answer a transfer; bob does at 26 (alice leaves), then hands it to a number at 46.
    const noAnswer = { ...leg(parent, 'client:carol', 'no-answer'), startTime: at(12), endTime: at(20) };
    const legs = [talked(parent, 'client:bob', 20, 26, 46), noAnswer, talked(parent, 'client:alice', 1, 1, 26), talked(parent, '+14155550134', 40, 46, 51)];
    expect(historyEntry(parent, legs, TEAM_NUMBER)).toMatchObject({ answeredBy: 'alice', transfers: ['bob', '+14155550134'], outcome: 'answered', seconds: 50 });
  });

  it('answered by FORWARD_TO: answered, by nobody on the team', () => {
    const legs = [leg(parent, 'client:alice', 'no-answer'), leg(parent, '+14155550199', 'completed', '12')];
    const entry = historyEntry(parent, legs, TEAM_NUMBER);
    expect(entry).toMatchObject({ outcome: 'answered', seconds: 12 });
    expect(entry).not.toHaveProperty('answeredBy');
  });

  it('voicemail when a message was left, with its id and length', () => {
    const entry = historyEntry(parent, [leg(parent, 'client:alice', 'no-answer')], TEAM_NUMBER, { id: 'RE1', seconds: 7 });
    expect(entry).toMatchObject({ outcome: 'voicemail', seconds: 0, voicemail: { id: 'RE1', seconds: 7 } });
  });

  it.each([
    ['every teammate rejected', ['busy', 'busy'], 'busy'],
    ['every leg failed', ['failed', 'failed'], 'failed'],
    ['nobody answered', ['no-answer', 'no-answer'], 'missed'],
    ['the caller hung up while it rang', ['canceled', 'canceled'], 'missed'],
    ['some busy, some unanswered', ['busy', 'no-answer'], 'missed'],
  ])('%s → %s', (_, statuses, outcome) => {
    expect(
      historyEntry(
        parent,
        statuses.map((s, i) => leg(parent, `client:t${i}`, s)),
        TEAM_NUMBER,
      )?.outcome,
    ).toBe(outcome);
  });

  it('a call that dialled nobody takes its own status', () => {
    expect(historyEntry(call({ status: 'busy' }), [], TEAM_NUMBER)?.outcome).toBe('busy');
    expect(historyEntry(call({ status: 'completed' }), [], TEAM_NUMBER)?.outcome).toBe('missed');
  });

  it('leaves out calls still ringing or going on, legs, and calls to other numbers', () => {
    expect(historyEntry(call({ status: 'ringing', endTime: null }), [], TEAM_NUMBER)).toBeUndefined();
    expect(historyEntry(call({ status: 'in-progress', endTime: null }), [], TEAM_NUMBER)).toBeUndefined();
    expect(historyEntry(leg(parent, 'client:alice', 'completed'), [], TEAM_NUMBER)).toBeUndefined();
    expect(historyEntry(call({ to: '+14155550111' }), [], TEAM_NUMBER)).toBeUndefined();
  });
});

describe('warm transfers: the consultation is part of the call it was about', () => {
  const parent = call({ startTime: at(0), endTime: at(90) });
  const alice = talked(parent, 'client:alice', 0, 2, 40);
  // Other calls of alice's and a teammate's call going on meanwhile, to be told apart.
  const before = call({ startTime: at(-60), endTime: at(-5) });
  const others = [before, talked(before, 'client:alice', -60, -58, -5), call({ from: 'client:carol', to: '', startTime: at(10), endTime: at(50) })];

  it('completed: bob stayed with the caller after alice left, so it went to bob; talk time runs to bob`s end', () => {
    const bob = consultation('alice', 'bob', 20, 25, 90);
    expect(entryOf(parent, alice, bob, ...others)).toMatchObject({ direction: 'in', answeredBy: 'alice', transfers: ['bob'], outcome: 'answered', seconds: 88 });
  });

  it('cancelled (bob left before alice): no transfer, and no entry of its own', () => {
    const bob = consultation('alice', 'bob', 20, 25, 30);
    const entry = entryOf(parent, alice, bob, ...others);
    expect(entry).toMatchObject({ answeredBy: 'alice', seconds: 38 });
    expect(entry).not.toHaveProperty('transfers');
    expect(historyEntry(bob, [], TEAM_NUMBER)).toBeUndefined();
    expect([...callFamilies([parent, alice, bob, ...others]).entries()].filter(([, family]) => family.includes(bob)).map(([root]) => root)).toEqual([parent.sid]);
  });

  it('merged, then alice left: a transfer to bob; merged, then bob left: none', () => {
    expect(entryOf(parent, talked(parent, 'client:alice', 0, 2, 60), consultation('alice', 'bob', 20, 25, 90), ...others)).toMatchObject({ transfers: ['bob'], seconds: 88 });
    expect(entryOf(parent, talked(parent, 'client:alice', 0, 2, 60), consultation('alice', 'bob', 20, 25, 50), ...others)).not.toHaveProperty('transfers');
  });

  it('bob, consulted, consults carol in turn and completes: transferred to bob, then carol', () => {
    expect(entryOf(parent, alice, consultation('alice', 'bob', 20, 25, 70), consultation('bob', 'carol', 50, 55, 90), ...others)).toMatchObject({ transfers: ['bob', 'carol'], seconds: 88 });
  });

  it('a consultation nobody answered is no transfer, even ringing on after alice left', () => {
    const unanswered = { ...consultation('alice', 'bob', 20, 20, 45), status: 'no-answer', duration: '0' };
    expect(entryOf(parent, alice, unanswered, ...others)).not.toHaveProperty('transfers');
  });

  it('on a call alice placed to a phone: out, transferred to bob, for as long as the phone talked', () => {
    const placed = call({ from: 'client:alice', to: '', startTime: at(0), endTime: at(40) });
    const phone = talked(placed, '+14155550134', 0, 3, 90);
    expect(entryOf(placed, phone, consultation('alice', 'bob', 20, 25, 90), ...others)).toMatchObject({ direction: 'out', by: 'alice', transfers: ['bob'], seconds: 87 });
  });
});

describe('calls teammates placed', () => {
  it('cold transfer of a call to a phone: the phone`s leg dialled the target (a leg of the leg)', () => {
    const placed = call({ from: 'client:alice', to: '', startTime: at(0), endTime: at(40) });
    const phone = talked(placed, '+14155550134', 0, 5, 80);
    const toBob = talked(phone, 'client:bob', 30, 35, 80);
    expect(entryOf(placed, phone, toBob)).toMatchObject({ direction: 'out', party: { number: '+14155550134' }, by: 'alice', transfers: ['bob'], outcome: 'answered', seconds: 75 });
    const toNumber = talked(phone, '+14155550177', 30, 35, 80);
    expect(entryOf(placed, phone, toNumber)).toMatchObject({ transfers: ['+14155550177'] });
    // The target's leg is never an entry of its own.
    expect(historyEntry(toBob, [], TEAM_NUMBER)).toBeUndefined();
  });

  it('cold transfer of a call between teammates: bob hands alice to carol, or alice hands bob to carol', () => {
    const placed = call({ from: 'client:alice', to: '', startTime: at(0), endTime: at(60) });
    const bob = talked(placed, 'client:bob', 0, 2, 30);
    expect(entryOf(placed, bob, talked(placed, 'client:carol', 20, 30, 60))).toMatchObject({ direction: 'team', answeredBy: 'bob', transfers: ['carol'], seconds: 58 });
    const bobStays = talked(placed, 'client:bob', 0, 2, 60);
    expect(entryOf(placed, bobStays, talked(bobStays, 'client:carol', 20, 30, 60))).toMatchObject({ direction: 'team', answeredBy: 'bob', transfers: ['carol'], seconds: 58 });
  });

  it('to a phone: out, by the teammate, the number from the leg, answered for the leg`s length', () => {
    const parent = call({ from: 'client:alice', to: '' });
    expect(historyEntry(parent, [leg(parent, '+14155550134', 'completed', '65')], TEAM_NUMBER)).toEqual({
      id: parent.sid,
      at: '2026-11-27T09:00:00.000Z',
      direction: 'out',
      party: { number: '+14155550134' },
      by: 'alice',
      outcome: 'answered',
      seconds: 65,
    });
  });

  it('to a teammate: team, answered by the callee, or missed / busy', () => {
    const parent = call({ from: 'client:alice', to: '' });
    expect(historyEntry(parent, [leg(parent, 'client:bob', 'completed', '9')], TEAM_NUMBER)).toMatchObject({
      direction: 'team',
      party: { identity: 'bob' },
      by: 'alice',
      answeredBy: 'bob',
      outcome: 'answered',
      seconds: 9,
    });
    expect(historyEntry(parent, [leg(parent, 'client:bob', 'no-answer')], TEAM_NUMBER)).toMatchObject({ direction: 'team', outcome: 'missed', seconds: 0 });
    expect(historyEntry(parent, [leg(parent, 'client:bob', 'busy')], TEAM_NUMBER)).toMatchObject({ outcome: 'busy' });
  });

  it('to the team number itself (trying the line): out, by the teammate, never a phone calling in', () => {
    const parent = call({ from: 'client:alice', to: TEAM_NUMBER });
    expect(historyEntry(parent, [leg(parent, TEAM_NUMBER, 'completed', '12')], TEAM_NUMBER)).toEqual({
      id: parent.sid,
      at: '2026-11-27T09:00:00.000Z',
      direction: 'out',
      party: { number: TEAM_NUMBER },
      by: 'alice',
      outcome: 'answered',
      seconds: 12,
    });
  });

  it('refused before dialling (no leg): failed', () => {
    expect(historyEntry(call({ from: 'client:alice', to: '+19005550123' }), [], TEAM_NUMBER)).toMatchObject({ direction: 'out', party: { number: '+19005550123' }, outcome: 'failed' });
  });

  it('an API call from the team number: out, its own status and duration', () => {
    const api = call({ from: TEAM_NUMBER, to: '+14155550134', direction: 'outbound-api', duration: '31' });
    expect(historyEntry(api, [], TEAM_NUMBER)).toMatchObject({ direction: 'out', party: { number: '+14155550134' }, outcome: 'answered', seconds: 31 });
    expect(historyEntry({ ...api, status: 'no-answer' }, [], TEAM_NUMBER)).toMatchObject({ outcome: 'missed', seconds: 0 });
  });
});

describe('voicemail recognition', () => {
  const parent = call({});

  it('a completed <Record> recording on a phone`s call to the team number is a voicemail', () => {
    const message = recording(parent.sid);
    expect(isVoicemail(message, parent, TEAM_NUMBER)).toBe(true);
    expect(voicemailOf(message, { ...parent, callerName: 'ACME' })).toEqual({
      id: message.sid,
      callId: parent.sid,
      from: { number: CALLER, name: 'ACME' },
      at: '2026-11-27T09:00:20.000Z',
      seconds: 7,
    });
  });

  it.each([
    ['a conference recording', () => [recording(parent.sid, { source: 'Conference' }), parent]],
    ['a <Dial record> recording', () => [recording(parent.sid, { source: 'DialVerb' }), parent]],
    ['one still processing', () => [recording(parent.sid, { status: 'processing' }), parent]],
    [
      'one on a browser`s call',
      () => {
        const c = call({ from: 'client:alice', to: '' });
        return [recording(c.sid), c];
      },
    ],
    // alice dialled the team number from her browser (to try the line): her own call, not a caller's.
    [
      'one on a browser`s call to the team number',
      () => {
        const c = call({ from: 'client:alice', to: TEAM_NUMBER });
        return [recording(c.sid), c];
      },
    ],
    [
      'one on a call to another number',
      () => {
        const c = call({ to: '+14155550111' });
        return [recording(c.sid), c];
      },
    ],
    [
      'one on a leg',
      () => {
        const c = leg(parent, 'client:alice', 'completed');
        return [recording(c.sid), c];
      },
    ],
    ['one whose call is unknown', () => [recording(parent.sid), undefined]],
    ['one paired with another call', () => [recording(sid('CA')), parent]],
  ] as const)('%s is not', (_, make) => {
    const [message, owner] = make() as [RecordingRecord, CallRecord | undefined];
    expect(isVoicemail(message, owner, TEAM_NUMBER)).toBe(false);
  });
});

describe('the history cursor', () => {
  it('round-trips, and refuses anything it did not make', () => {
    const cursor = { t: at(5).getTime(), s: [sid('CA')] };
    expect(decodeCursor(encodeCursor(cursor))).toEqual(cursor);
    const junk = [
      '',
      'x',
      '../',
      Buffer.from('{"t":1.5,"s":[]}').toString('base64url'),
      Buffer.from('{"t":1000,"s":["../"]}').toString('base64url'),
      Buffer.from('[1]').toString('base64url'),
      'A'.repeat(5000),
      encodeCursor({ t: 1000, s: Array(51).fill(sid('CA')) }),
    ];
    expect(junk.map(decodeCursor)).toEqual(junk.map(() => undefined));
  });
});
