/**
 * Call history and voicemail recognition from REST-shaped records: Call and Recording resources
 * as the `twilio` client gives them (camelCase, Dates), built here the way Twilio fills them.
 */
import { historyEntry } from '../../src/lib/call-history';
import { decodeCursor, encodeCursor } from '../../src/lib/history-cursor';
import type { CallRecord, RecordingRecord } from '../../src/lib/rest-records';
import { isVoicemail, voicemailOf } from '../../src/lib/voicemail-box';

const TEAM_NUMBER = '+14155550100';
const CALLER = '+12025550143';
let next = 0;
const sid = (prefix: string) => `${prefix}${(++next).toString(16).padStart(32, '0')}`;
const at = (second: number) => new Date(Date.UTC(2026, 10, 27, 9, 0, second));

function call(fields: Partial<CallRecord>): CallRecord {
  return { sid: sid('CA'), parentCallSid: null, from: CALLER, to: TEAM_NUMBER, status: 'completed', direction: 'inbound', startTime: at(0), endTime: at(30), duration: '0', callerName: null, ...fields };
}
const leg = (parent: CallRecord, to: string, status: string, duration = '0') => call({ parentCallSid: parent.sid, from: parent.from, to, status, direction: 'outbound-dial', duration });
function recording(callSid: string, fields: Partial<RecordingRecord> = {}): RecordingRecord {
  return { sid: sid('RE'), callSid, source: 'RecordVerb', status: 'completed', startTime: at(20), dateCreated: at(27), duration: '7', ...fields };
}

describe('inbound calls to the team number', () => {
  const parent = call({ callerName: 'ACME CORP' });

  it('answered: by the teammate whose leg was answered, for as long as that leg talked; the others` legs were canceled', () => {
    const legs = [leg(parent, 'client:alice', 'canceled'), leg(parent, 'client:bob', 'completed', '42'), leg(parent, 'client:carol', 'canceled')];
    expect(historyEntry(parent, legs, TEAM_NUMBER)).toEqual({
      id: parent.sid, at: '2026-11-27T09:00:00.000Z', direction: 'in', party: { number: CALLER, name: 'ACME CORP' }, answeredBy: 'bob', outcome: 'answered', seconds: 42,
    });
  });

  it('transferred: answered by the first teammate, then each transfer target in order, talking for all of them', () => {
    const later = (to: string, status: string, second: number, duration: string) => ({ ...leg(parent, to, status, duration), startTime: at(second) });
    const legs = [later('client:bob', 'completed', 40, '20'), later('client:carol', 'no-answer', 30, '0'), later('client:alice', 'completed', 1, '25'), later('+14155550134', 'completed', 70, '5')];
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
    expect(historyEntry(parent, statuses.map((s, i) => leg(parent, `client:t${i}`, s)), TEAM_NUMBER)?.outcome).toBe(outcome);
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

describe('calls teammates placed', () => {
  it('to a phone: out, by the teammate, the number from the leg, answered for the leg`s length', () => {
    const parent = call({ from: 'client:alice', to: '' });
    expect(historyEntry(parent, [leg(parent, '+14155550134', 'completed', '65')], TEAM_NUMBER)).toEqual({
      id: parent.sid, at: '2026-11-27T09:00:00.000Z', direction: 'out', party: { number: '+14155550134' }, by: 'alice', outcome: 'answered', seconds: 65,
    });
  });

  it('to a teammate: team, answered by the callee, or missed / busy', () => {
    const parent = call({ from: 'client:alice', to: '' });
    expect(historyEntry(parent, [leg(parent, 'client:bob', 'completed', '9')], TEAM_NUMBER)).toMatchObject({ direction: 'team', party: { identity: 'bob' }, by: 'alice', answeredBy: 'bob', outcome: 'answered', seconds: 9 });
    expect(historyEntry(parent, [leg(parent, 'client:bob', 'no-answer')], TEAM_NUMBER)).toMatchObject({ direction: 'team', outcome: 'missed', seconds: 0 });
    expect(historyEntry(parent, [leg(parent, 'client:bob', 'busy')], TEAM_NUMBER)).toMatchObject({ outcome: 'busy' });
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
    expect(voicemailOf(message, { ...parent, callerName: 'ACME' })).toEqual({ id: message.sid, callId: parent.sid, from: { number: CALLER, name: 'ACME' }, at: '2026-11-27T09:00:20.000Z', seconds: 7 });
  });

  it.each([
    ['a conference recording', () => [recording(parent.sid, { source: 'Conference' }), parent]],
    ['a <Dial record> recording', () => [recording(parent.sid, { source: 'DialVerb' }), parent]],
    ['one still processing', () => [recording(parent.sid, { status: 'processing' }), parent]],
    ['one on a browser`s call', () => { const c = call({ from: 'client:alice', to: '' }); return [recording(c.sid), c]; }],
    ['one on a call to another number', () => { const c = call({ to: '+14155550111' }); return [recording(c.sid), c]; }],
    ['one on a leg', () => { const c = leg(parent, 'client:alice', 'completed'); return [recording(c.sid), c]; }],
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
    const junk = ['', 'x', '../', Buffer.from('{"t":1.5,"s":[]}').toString('base64url'), Buffer.from('{"t":1000,"s":["../"]}').toString('base64url'), Buffer.from('[1]').toString('base64url'), 'A'.repeat(5000), encodeCursor({ t: 1000, s: Array(51).fill(sid('CA')) })];
    expect(junk.map(decodeCursor)).toEqual(junk.map(() => undefined));
  });
});
