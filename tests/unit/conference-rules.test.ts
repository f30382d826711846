/**
 * The conference status callback's rules (call-control/conference-rules.ts): participants lists
 * and Call records in, the decision out; and /conference-status's handler on the in-memory REST API
 * (tests/fakes/control-api.ts): which REST request each event makes, and none for bad input.
 */
import type { LegRecord, ParticipantRecord } from '../../src/lib/call-control/control-api';
import { decide, heldAlone, type ParticipantEvent } from '../../src/lib/call-control/conference-rules';
import { conferenceStatus } from '../../src/lib/call-control/conference-status';
import { voicemailPrompt } from '../../src/lib/voice/voicemail-twiml';
import { callSid, FakeControlApi } from '../fakes/control-api';
import { descendants, parseTwiml } from '../support/twiml';

const [CALLER, ALICE, BOB] = [callSid(), callSid(), callSid()];
const ROOT = callSid();
const VOICEMAIL = () => voicemailPrompt({ voicemailGreeting: 'Please leave a message.', voicemailMaxSeconds: 120 }, 'switchboard-1234.twil.io');

const party = (sid: string, label: string, status = 'connected', hold = false): ParticipantRecord => ({ callSid: sid, label, hold, status });
const leg = (sid: string, fields: Partial<LegRecord>): LegRecord => ({ sid, parentCallSid: null, from: '', to: '', status: 'in-progress', direction: 'inbound', callerName: null, ...fields });
/** Alice's dialled leg, the caller's leg, and bob's consultation placed by alice (Participants API). */
const LEGS = {
  caller: leg(CALLER, { from: '+12025550143' }),
  alice: leg(ALICE, { parentCallSid: CALLER, to: 'client:alice', direction: 'outbound-dial' }),
  bob: leg(BOB, { from: 'client:alice', to: 'client:bob', direction: 'outbound-api' }),
};
const ended = (record: LegRecord): LegRecord => ({ ...record, status: 'completed' });
const legs = (...records: LegRecord[]) => new Map(records.map((r) => [r.sid, r]));
const leave = (callSid: string, label: string): ParticipantEvent => ({ kind: 'leave', callSid, label });
const join = (callSid: string, label: string): ParticipantEvent => ({ kind: 'join', callSid, label });

describe('what a participant leaving means', () => {
  it('rule 2: a caller left alone (plain hold, or unheld) is not kept: the conference ends', () => {
    const outcomes = [
      decide(leave(ALICE, 'alice'), [party(CALLER, 'caller', 'connected', true)], legs(ended(LEGS.alice))),
      decide(leave(ALICE, 'alice'), [party(CALLER, 'caller')], legs(ended(LEGS.alice))),
      // A late or repeated event: the leaver may still be listed; it does not count.
      decide(leave(ALICE, 'alice'), [party(CALLER, 'caller'), party(ALICE, 'alice')], legs(ended(LEGS.alice))),
    ];
    expect(outcomes).toEqual(Array(3).fill({ kind: 'end' }));
  });

  it('rule 4: after a merge either teammate may leave; the two others keep talking', () => {
    const outcomes = [
      decide(leave(ALICE, 'alice'), [party(CALLER, 'caller'), party(BOB, 'bob')], legs(ended(LEGS.alice), LEGS.bob)),
      decide(leave(BOB, 'bob'), [party(CALLER, 'caller'), party(ALICE, 'alice')], legs(ended(LEGS.bob), LEGS.alice)),
    ];
    expect(outcomes).toEqual(Array(2).fill({ kind: 'none' }));
  });

  it('rule 3: alice, who held the caller to consult bob, hangs up: the caller comes off hold with bob', () => {
    const participants = [party(CALLER, 'caller', 'connected', true), party(BOB, 'bob')];
    expect(decide(leave(ALICE, 'alice'), participants, legs(ended(LEGS.alice), LEGS.bob))).toEqual({ kind: 'unhold', callSid: CALLER });
    // bob's leg unknown (not found): nothing is assumed.
    expect(decide(leave(ALICE, 'alice'), participants, legs(ended(LEGS.alice)))).toEqual({ kind: 'none' });
  });

  it('rule 3: bob, who was consulted, hangs up: the caller stays held for alice (Cancel or Resume are hers)', () => {
    const participants = [party(CALLER, 'caller', 'connected', true), party(ALICE, 'alice')];
    expect(decide(leave(BOB, 'bob'), participants, legs(ended(LEGS.bob), LEGS.alice))).toEqual({ kind: 'none' });
    // carol, consulted by bob after bob took the call over, leaves: bob held the caller, so the caller stays held.
    const carol = leg(callSid(), { from: 'client:bob', to: 'client:carol', direction: 'outbound-api', status: 'completed' });
    expect(decide(leave(carol.sid, 'carol'), [party(CALLER, 'caller', 'connected', true), party(BOB, 'bob')], legs(carol, LEGS.bob))).toEqual({ kind: 'none' });
  });

  it('while bob is still being dialled in, alice leaving waits for him (nothing now)', () => {
    for (const status of ['queued', 'connecting', 'ringing']) {
      expect(decide(leave(ALICE, 'alice'), [party(CALLER, 'caller', 'connected', true), party(BOB, 'bob', status)], legs(ended(LEGS.alice)))).toEqual({ kind: 'none' });
    }
  });

  it('a party whose call goes on left for other TwiML (a cold transfer rings): the teammate waiting stays', () => {
    expect(decide(leave(CALLER, 'caller'), [party(ALICE, 'alice')], legs(LEGS.caller, LEGS.alice))).toEqual({ kind: 'none' });
    expect(decide(leave(CALLER, 'caller'), [party(ALICE, 'alice')], legs(ended(LEGS.caller), LEGS.alice))).toEqual({ kind: 'end' });
  });

  it('nobody left: nothing to do', () => {
    expect(decide(leave(ALICE, 'alice'), [], legs(ended(LEGS.alice)))).toEqual({ kind: 'none' });
  });
});

describe('what a participant joining means', () => {
  it('rule 3: bob answers after alice, who held the caller, left: the caller comes off hold', () => {
    expect(decide(join(BOB, 'bob'), [party(CALLER, 'caller', 'connected', true), party(BOB, 'bob')], legs(LEGS.bob))).toEqual({ kind: 'unhold', callSid: CALLER });
  });

  it('a party following its call into the conference joins after the hold was already made: nothing (the hold stays)', () => {
    // alice`s browser called bob: bob`s leg moved first, alice followed, and her join event came after bob`s hold.
    const aliceBrowser = leg(ALICE, { from: 'client:alice', to: 'bob' });
    expect(decide(join(ALICE, 'alice'), [party(BOB, 'bob', 'connected', true), party(ALICE, 'alice')], legs(aliceBrowser))).toEqual({ kind: 'none' });
    // alice dialled a phone: the phone`s leg moved first (held at once), alice`s own leg followed.
    expect(decide(join(ALICE, 'alice'), [party(CALLER, 'caller', 'connected', true), party(ALICE, 'alice')], legs(aliceBrowser))).toEqual({ kind: 'none' });
  });

  it('bob answers while alice is still there, or a call moving into its conference: nothing', () => {
    const outcomes = [
      decide(join(BOB, 'bob'), [party(CALLER, 'caller', 'connected', true), party(ALICE, 'alice'), party(BOB, 'bob')], legs()),
      decide(join(ALICE, 'alice'), [party(ALICE, 'alice')], legs()),
      decide(join(CALLER, 'caller'), [party(ALICE, 'alice'), party(CALLER, 'caller')], legs()),
      // a stale join of the caller, held by alice who is still there
      decide(join(CALLER, 'caller'), [party(ALICE, 'alice'), party(CALLER, 'caller', 'connected', true)], legs()),
    ];
    expect(outcomes).toEqual(Array(4).fill({ kind: 'none' }));
  });
});

describe('a consultation that was never answered', () => {
  it('rule 2: ends only where it left a held party alone, with nobody else being dialled in', () => {
    const cases = [
      [party(CALLER, 'caller', 'connected', true)], // alice left, bob rang out: alone on hold
      [party(CALLER, 'caller', 'connected', true), party(ALICE, 'alice')], // alice is back with them
      [party(ALICE, 'alice')], // alice waits for a cold transfer to come back
      [party(CALLER, 'caller', 'connected', true), party(BOB, 'bob', 'ringing')], // someone still rings
    ];
    expect(cases.map(heldAlone)).toEqual([true, false, false, false]);
  });
});

describe('/conference-status on the REST API', () => {
  /** A conference sb-ROOT with the caller held and bob connected (alice just left), on the fake API. */
  function conference(api: FakeControlApi) {
    const sid = `CF${'1'.repeat(32)}`;
    api.calls.set(ALICE, ended(LEGS.alice));
    api.calls.set(BOB, LEGS.bob);
    api.conferences.push({
      sid,
      friendlyName: `sb-${ROOT}`,
      status: 'in-progress',
      participants: [
        { ...party(CALLER, 'caller', 'connected', true), endConferenceOnExit: true },
        { ...party(BOB, 'bob'), endConferenceOnExit: false },
      ],
    });
    return sid;
  }
  const params = (sid: string, extra: Record<string, string> = {}) => ({
    ConferenceSid: sid,
    FriendlyName: `sb-${ROOT}`,
    StatusCallbackEvent: 'participant-leave',
    CallSid: ALICE,
    ParticipantLabel: 'alice',
    ...extra,
  });

  it('acts on the decision, once: a repeated event finds nothing left to do', async () => {
    const api = new FakeControlApi();
    const sid = conference(api);
    const answers = [await conferenceStatus(params(sid), api, VOICEMAIL), await conferenceStatus(params(sid), api, VOICEMAIL)].map(String);
    expect(answers).toEqual(Array(2).fill('<?xml version="1.0" encoding="UTF-8"?><Response/>'));
    expect(api.mutations).toEqual([{ op: 'updateParticipant', conference: sid, callSid: CALLER, change: { hold: false } }]);
  });

  it('tells the teammates still in the call who is there, the decision applied: bob hears the caller is off hold, with him', async () => {
    const api = new FakeControlApi();
    const sid = conference(api);
    await conferenceStatus(params(sid), api, VOICEMAIL);
    expect(api.messages).toEqual([
      { callSid: BOB, content: { kind: 'parties', at: expect.any(Number), hold: false, parties: [party(CALLER, 'caller')].map(({ label, hold, status }) => ({ label, hold, status })) } },
    ]);
  });

  it('ends the conference when bob then leaves too', async () => {
    const api = new FakeControlApi();
    const sid = conference(api);
    api.conferences[0].participants = api.conferences[0].participants.filter((p) => p.callSid !== BOB);
    api.calls.set(BOB, ended(LEGS.bob));
    await conferenceStatus(params(sid, { CallSid: BOB, ParticipantLabel: 'bob' }), api, VOICEMAIL);
    expect(api.mutations).toEqual([{ op: 'endConference', conference: sid }]);
    expect(api.conferences[0].status).toBe('completed');
  });

  it('a consultation`s call ended: where a held party is left alone, a phone that called the team goes to voicemail, anyone else`s conference ends; others are left alone', async () => {
    const api = new FakeControlApi();
    const sid = conference(api);
    api.calls.set(CALLER, LEGS.caller);
    api.conferences[0].participants = api.conferences[0].participants.filter((p) => p.callSid !== BOB);
    const conferenceWith = (digit: string, ...participants: ParticipantRecord[]) => {
      const added = { sid: `CF${digit.repeat(32)}`, friendlyName: `sb-${callSid()}`, status: 'in-progress' as const, participants: participants.map((p) => ({ ...p, endConferenceOnExit: false })) };
      api.conferences.push(added);
      return added;
    };
    const talking = conferenceWith('2', party(callSid(), 'caller', 'connected', true), party(callSid(), 'carol'));
    const heldTeammate = conferenceWith('3', party(callSid(), 'dave', 'connected', true));
    // Phones the team called: one a teammate dialled from the browser (a leg of her call), one the
    // API called from the team number (a call of its own, outbound-api) and put through to a teammate.
    // Neither called the team: the team's voicemail greeting is not theirs to hear.
    const dialledPhone = leg(callSid(), { parentCallSid: callSid(), from: '+14155550100', to: '+14155550134', direction: 'outbound-dial' });
    const calledByApi = leg(callSid(), { from: '+14155550100', to: '+14155550177', direction: 'outbound-api' });
    for (const phone of [dialledPhone, calledByApi]) api.calls.set(phone.sid, phone);
    const heldDialled = conferenceWith('4', party(dialledPhone.sid, 'caller', 'connected', true));
    const heldCalledByApi = conferenceWith('5', party(calledByApi.sid, 'caller', 'connected', true));
    await conferenceStatus({ CallSid: BOB, CallStatus: 'no-answer', From: 'client:alice', To: 'client:bob' }, api, VOICEMAIL);
    expect(api.mutations).toEqual([
      { op: 'updateCall', sid: CALLER, twiml: VOICEMAIL().toString() },
      { op: 'endConference', conference: heldTeammate.sid },
      { op: 'endConference', conference: heldDialled.sid },
      { op: 'endConference', conference: heldCalledByApi.sid },
    ]);
    expect(talking.status).toBe('in-progress');
    // The conference of the consulting teammate (alice) still in it: she hears that bob is not coming.
    const consulting = conferenceWith('6', party(callSid(), 'caller', 'connected', true), party(ALICE, 'alice'));
    await conferenceStatus({ CallSid: BOB, CallStatus: 'no-answer', From: 'client:alice', To: 'client:bob' }, api, VOICEMAIL);
    expect(api.messages).toEqual([{ callSid: ALICE, content: { kind: 'parties', at: expect.any(Number), hold: false, parties: [{ label: 'caller', hold: true, status: 'connected' }] } }]);
    expect(consulting.status).toBe('in-progress');
    // Inline TwiML: every URL of the voicemail is absolute.
    const record = descendants(parseTwiml(VOICEMAIL().toString())).find((n) => n.name === 'Record')!;
    expect([record.attrs.action, record.attrs.recordingStatusCallback]).toEqual(['https://switchboard-1234.twil.io/voicemail-recorded', 'https://switchboard-1234.twil.io/recording-status']);
    expect(api.conferences.find((c) => c.sid === sid)!.participants).toEqual([]); // the caller left for voicemail
  });

  it('ignores what is not a participant event of one of our conferences, without a REST request', async () => {
    const api = new FakeControlApi();
    const sid = conference(api);
    const bad = [
      {},
      params(sid, { StatusCallbackEvent: 'conference-end' }),
      params(sid, { StatusCallbackEvent: 'participant-hold' }),
      params(sid, { StatusCallbackEvent: 'constructor' }),
      params('CF../../Calls', {}),
      params(sid, { CallSid: 'CA' + 'z'.repeat(32) }),
      params(sid, { FriendlyName: 'someone-else' }),
      params(sid, { FriendlyName: `sb-${ROOT}x` }),
      { ...params(sid), ConferenceSid: ['x', 'y'] },
    ];
    const answers = await Promise.all(bad.map((p) => conferenceStatus(p, api, VOICEMAIL).then(String)));
    expect(answers).toEqual(Array(bad.length).fill('<?xml version="1.0" encoding="UTF-8"?><Response/>'));
    expect(api.requests).toEqual([]);
  });
});
