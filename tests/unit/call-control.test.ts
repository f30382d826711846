/**
 * Hold and transfer sequences (call-control/*) against an in-memory REST API with Twilio's call and
 * conference semantics (tests/fakes/control-api.ts): who may act, and the exact REST requests of
 * each operation, in order. A refused request must leave no mutation at all.
 */
import { readConfig, type Config } from '../../src/lib/config/config';
import { ControlRefusal } from '../../src/lib/call-control/control-refusal';
import { afterDialOrHandover, afterTransferDial, transferAnswered } from '../../src/lib/call-control/handover';
import { runControl, type ControlContext } from '../../src/lib/call-control/operations';
import { callStateOf, type ControlAction } from '../../src/lib/contract/call-control';
import { checkParty } from '../../src/lib/call-control/party';
import { callSid, FakeControlApi } from '../fakes/control-api';
import { testEnv } from '../support/fixtures';
import { descendants, parseTwiml } from '../support/twiml';

const DOMAIN = 'switchboard-1234.twil.io';
const PHONE = '+12025550143';
let config: Config;
beforeAll(async () => {
  config = readConfig(await testEnv()).config!;
});

function setup() {
  const api = new FakeControlApi();
  api.onDialAction = async (dialler, dialled) =>
    (await afterDialOrHandover({ CallSid: dialler.sid, From: dialler.from, DialCallStatus: 'completed', DialCallSid: dialled.sid }, config, api, DOMAIN)).toString();
  const context: ControlContext = { api, config, domain: DOMAIN, timing: { waitMs: 300, pollMs: 5 } };
  const act = async (identity: string, sid: string, action: ControlAction, target?: string) => runControl(context, await checkParty(api, identity, sid), action, target);
  return { api, act };
}

/** Runs `work` and returns the refusal's status and code (fails if it was not refused). */
async function refusal(work: Promise<unknown>): Promise<{ status: number; code: string }> {
  const error = await work.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ControlRefusal);
  const { status, code } = error as ControlRefusal;
  return { status, code: String(code) };
}

describe('who may control a call', () => {
  it('acts only for a teammate whose own leg it is, in progress; a guess is refused like a SID that does not exist', async () => {
    const { api } = setup();
    const [caller, alice] = api.bridge(PHONE, 'client:alice', '+14155550100');
    expect(await checkParty(api, 'alice', alice.sid)).toMatchObject({ identity: 'alice', root: caller.sid });
    const outcomes = await Promise.all([
      refusal(checkParty(api, 'bob', alice.sid)), // a teammate not in the call
      refusal(checkParty(api, 'bob', caller.sid)), // the caller's leg is nobody's
      refusal(checkParty(api, 'alice', callSid())), // a guessed SID
      refusal(checkParty(api, 'alice', 'CA' + 'z'.repeat(32))), // not a SID at all
    ]);
    expect(outcomes).toEqual(Array(4).fill({ status: 403, code: 'SB_NOT_IN_CALL' }));
    api.calls.get(alice.sid)!.status = 'completed';
    expect(await refusal(checkParty(api, 'alice', alice.sid))).toEqual({ status: 409, code: 'SB_CALL_ENDED' });
    expect(api.mutations).toEqual([]);
  });

  it('finds the conference of a consulted teammate, whose Participants-API leg has no parent', async () => {
    const { api, act } = setup();
    const [caller, alice] = api.bridge(PHONE, 'client:alice', '+14155550100');
    await act('alice', alice.sid, 'consult', 'bob');
    const bobLeg = [...api.calls.values()].find((c) => c.to === 'client:bob')!;
    api.answer(bobLeg.sid);
    expect((await checkParty(api, 'bob', bobLeg.sid)).root).toBe(caller.sid);
  });

  it('with two calls in their conferences, a consulted teammate acts on his own call`s, never the one listed first', async () => {
    const { api, act } = setup();
    // carol holds her caller first, so her conference is the first live one Twilio lists.
    const [carolsCaller, carol] = api.bridge('+12025550188', 'client:carol', '+14155550100');
    await act('carol', carol.sid, 'hold');
    const [caller, alice] = api.bridge(PHONE, 'client:alice', '+14155550100');
    await act('alice', alice.sid, 'consult', 'bob');
    const bobLeg = [...api.calls.values()].find((c) => c.to === 'client:bob')!;
    api.answer(bobLeg.sid);
    await act('alice', alice.sid, 'complete');
    // bob, now alone with alice's caller, holds them: that caller, in that conference; carol's stays as it was.
    api.mutations.length = 0;
    expect(await act('bob', bobLeg.sid, 'hold')).toEqual({ state: 'held', parties: [{ label: 'caller', hold: true, status: 'connected' }], at: expect.any(Number) });
    const conference = api.conferenceNamed(`sb-${caller.sid}`)!;
    expect(api.mutations).toEqual([{ op: 'updateParticipant', conference: conference.sid, callSid: caller.sid, change: expect.objectContaining({ hold: true }) }]);
    expect(api.conferenceNamed(`sb-${carolsCaller.sid}`)!.participants.find((p) => p.label === 'caller')).toMatchObject({ callSid: carolsCaller.sid, hold: true });
  });
});

describe('hold and resume', () => {
  it('inbound: moves alice`s leg into sb-<caller> (the caller follows through /dial-complete), then holds the caller with our music', async () => {
    const { api, act } = setup();
    const [caller, alice] = api.bridge(PHONE, 'client:alice', '+14155550100');
    expect(await act('alice', alice.sid, 'hold')).toEqual({ state: 'held', parties: [{ label: 'caller', hold: true, status: 'connected' }], at: expect.any(Number) });
    const conference = api.conferenceNamed(`sb-${caller.sid}`)!;
    expect(api.mutations).toEqual([
      { op: 'updateCall', sid: alice.sid, twiml: expect.stringContaining(`participantLabel="alice"`) },
      { op: 'updateParticipant', conference: conference.sid, callSid: caller.sid, change: { hold: true, holdUrl: `https://${DOMAIN}/hold-music`, holdMethod: 'POST' } },
    ]);
    const join = descendants(parseTwiml((api.mutations[0] as { twiml: string }).twiml)).find((n) => n.name === 'Conference')!;
    // A teammate does not end the conference by leaving (the caller does); /conference-status hears every join and leave.
    expect(join).toMatchObject({
      text: `sb-${caller.sid}`,
      attrs: {
        startConferenceOnEnter: 'true',
        endConferenceOnExit: 'false',
        waitUrl: `https://${DOMAIN}/hold-music`,
        statusCallback: `https://${DOMAIN}/conference-status`,
        statusCallbackEvent: 'join leave',
      },
    });
    expect(conference.participants.map((p) => [p.label, p.endConferenceOnExit]).sort()).toEqual([
      ['alice', false],
      ['caller', true],
    ]);
    expect(conference.participants.map((p) => p.label).sort()).toEqual(['alice', 'caller']);

    api.mutations.length = 0;
    expect(await act('alice', alice.sid, 'resume')).toEqual({ state: 'talking', parties: [{ label: 'caller', hold: false, status: 'connected' }], at: expect.any(Number) });
    expect(api.mutations).toEqual([{ op: 'updateParticipant', conference: conference.sid, callSid: caller.sid, change: { hold: false } }]);
    // A second hold needs no move: the call is in its conference already.
    api.mutations.length = 0;
    await act('alice', alice.sid, 'hold');
    expect(api.mutations.map((m) => m.op)).toEqual(['updateParticipant']);
  });

  it('outbound: alice dialled the phone, so the phone`s leg moves (label caller) and alice follows', async () => {
    const { api, act } = setup();
    const [alice, phone] = api.bridge('client:alice', PHONE);
    await act('alice', alice.sid, 'hold');
    expect(api.mutations[0]).toMatchObject({ op: 'updateCall', sid: phone.sid, twiml: expect.stringContaining('participantLabel="caller"') });
    expect(api.conferenceNamed(`sb-${alice.sid}`)!.participants.find((p) => p.label === 'caller')).toMatchObject({ callSid: phone.sid, hold: true });
  });

  it('resume of a call never held changes nothing', async () => {
    const { api, act } = setup();
    const [, alice] = api.bridge(PHONE, 'client:alice', '+14155550100');
    expect(await act('alice', alice.sid, 'resume')).toEqual({ state: 'talking', parties: [], at: expect.any(Number) });
    expect(api.mutations).toEqual([]);
  });
});

describe('cold transfer', () => {
  it('the caller`s leg dials bob itself with who transferred and the caller`s number; bob answering ends alice`s leg', async () => {
    const { api, act } = setup();
    const [caller, alice] = api.bridge(PHONE, 'client:alice', '+14155550100');
    expect(await act('alice', alice.sid, 'transfer', 'bob')).toEqual({ state: 'transferring', parties: [], at: expect.any(Number) });
    const conference = api.conferenceNamed(`sb-${caller.sid}`)!;
    expect(api.mutations.slice(1)).toEqual([
      { op: 'updateParticipant', conference: conference.sid, callSid: caller.sid, change: { endConferenceOnExit: false } },
      { op: 'updateCall', sid: caller.sid, twiml: expect.any(String) },
    ]);
    const [dial] = parseTwiml((api.mutations[2] as { twiml: string }).twiml).children;
    expect(dial.attrs).toEqual({ answerOnBridge: 'true', timeout: String(config.ringTimeout), action: `https://${DOMAIN}/transfer-complete` });
    const [client] = dial.children;
    // Its answer and end put bob on a call and back, as every dialled leg's do.
    expect(client.attrs).toEqual({
      url: `https://${DOMAIN}/transfer-answered`,
      statusCallback: `https://${DOMAIN}/leg-status`,
      statusCallbackMethod: 'POST',
      statusCallbackEvent: 'answered completed',
    });
    expect(client.children.map((c) => (c.name === 'Identity' ? c.text : `${c.attrs.name}=${c.attrs.value}`))).toEqual(['bob', 'transferredBy=alice', `callerNumber=${PHONE}`]);
    // Alice waits alone; the conference goes on without the caller.
    expect(conference.participants.map((p) => p.label)).toEqual(['alice']);

    api.mutations.length = 0;
    expect((await transferAnswered({ CallSid: callSid(), ParentCallSid: caller.sid }, api)).toString()).toBe('<?xml version="1.0" encoding="UTF-8"?><Response/>');
    expect(api.mutations).toEqual([{ op: 'updateCall', sid: alice.sid, status: 'completed' }]);
  });

  it('bob answering before Twilio lists the caller`s leave: only alice`s leg ends, never the caller`s', async () => {
    const { api, act } = setup();
    const [caller, alice] = api.bridge(PHONE, 'client:alice', '+14155550100');
    await act('alice', alice.sid, 'transfer', 'bob');
    // Twilio's Participants list lags its calls: the caller, redirected to ring bob, is still listed.
    const conference = api.conferenceNamed(`sb-${caller.sid}`)!;
    conference.participants.push({ callSid: caller.sid, label: 'caller', hold: false, status: 'connected', endConferenceOnExit: false });
    api.mutations.length = 0;
    await transferAnswered({ CallSid: callSid(), ParentCallSid: caller.sid }, api);
    expect(api.mutations).toEqual([{ op: 'updateCall', sid: alice.sid, status: 'completed' }]);
    expect(api.calls.get(caller.sid)!.status).toBe('in-progress');
  });

  it('unanswered: back to alice if she still waits, rings her again if she left, else voicemail — never dropped', async () => {
    const { api, act } = setup();
    const [caller, alice] = api.bridge(PHONE, 'client:alice', '+14155550100');
    await act('alice', alice.sid, 'transfer', 'bob');
    const bobLeg = callSid();
    const params = { CallSid: caller.sid, From: PHONE, DialCallStatus: 'no-answer', DialCallSid: bobLeg };
    const back = descendants(parseTwiml((await afterTransferDial(params, config, api, DOMAIN)).toString()));
    expect(back.find((n) => n.name === 'Conference')).toMatchObject({ text: `sb-${caller.sid}`, attrs: { participantLabel: 'caller' } });

    await api.updateCall(alice.sid, { status: 'completed' }); // alice hangs up: her conference ends
    const [dial] = parseTwiml((await afterTransferDial({ ...params, DialCallStatus: 'busy' }, config, api, DOMAIN)).toString()).children;
    expect(dial.attrs).toMatchObject({ action: '/dial-complete', timeout: String(config.ringTimeout) });
    expect(descendants(dial).find((n) => n.name === 'Identity')?.text).toBe('alice');

    api.calls.delete(alice.sid); // nobody on the team to ring back
    const names = parseTwiml((await afterTransferDial({ ...params, DialCallStatus: 'busy' }, config, api, DOMAIN)).toString()).children.map((c) => c.name);
    expect(names).toContain('Record');
  });

  it.each([
    ['carol-who-is-not-here', 409, 'SB_TEAMMATE'],
    ['alice', 409, 'SB_TARGET_SELF'],
    ['+19005550123', 409, 'SB_NUMBER_TYPE'],
    ['+442079460018', 409, 'SB_NUMBER_COUNTRY'],
  ])('refuses %s (%s %s) before touching the call', async (target, status, code) => {
    const { api, act } = setup();
    const [, alice] = api.bridge(PHONE, 'client:alice', '+14155550100');
    expect(await refusal(act('alice', alice.sid, 'transfer', target))).toEqual({ status, code });
    expect(api.mutations).toEqual([]);
  });

  it('refuses a teammate already in a call, and the call stays as it was', async () => {
    const { api, act } = setup();
    const [, alice] = api.bridge(PHONE, 'client:alice', '+14155550100');
    api.bridge('+12025550188', 'client:bob', '+14155550100');
    expect(await refusal(act('alice', alice.sid, 'transfer', 'bob'))).toEqual({ status: 409, code: 'SB_TARGET_BUSY' });
    expect(api.mutations).toEqual([]);
  });

  it('to a phone number: <Number> with the team caller ID, through the dialling policy', async () => {
    const { api, act } = setup();
    const [, alice] = api.bridge(PHONE, 'client:alice', '+14155550100');
    await act('alice', alice.sid, 'transfer', '(415) 555-0134');
    const [dial] = parseTwiml((api.mutations.at(-1) as { twiml: string }).twiml).children;
    expect(dial.attrs.callerId).toBe(config.callerId);
    expect(dial.children).toEqual([
      expect.objectContaining({
        name: 'Number',
        text: '+14155550134',
        attrs: { url: `https://${DOMAIN}/transfer-answered`, statusCallback: `https://${DOMAIN}/leg-status`, statusCallbackMethod: 'POST', statusCallbackEvent: 'answered completed' },
      }),
    ]);
  });
});

describe('consult (warm transfer)', () => {
  async function consulting() {
    const s = setup();
    const [caller, alice] = s.api.bridge(PHONE, 'client:alice', '+14155550100');
    const result = await s.act('alice', alice.sid, 'consult', 'bob');
    const conference = s.api.conferenceNamed(`sb-${caller.sid}`)!;
    const bob = conference.participants.find((p) => p.label === 'bob')!;
    return { ...s, caller, alice, result, conference, bob };
  }

  it('holds the caller and dials bob into the conference (Participants API)', async () => {
    const { api, caller, result, conference } = await consulting();
    expect(result.state).toBe('consulting');
    expect(api.mutations.slice(1)).toEqual([
      { op: 'updateParticipant', conference: conference.sid, callSid: caller.sid, change: { hold: true, holdUrl: `https://${DOMAIN}/hold-music`, holdMethod: 'POST' } },
      {
        op: 'addParticipant',
        conference: conference.sid,
        participant: {
          from: 'client:alice',
          to: 'client:bob?consultedBy=alice&callerNumber=%2B12025550143',
          label: 'bob',
          timeout: config.ringTimeout,
          endConferenceOnExit: false,
          conferenceStatusCallback: `https://${DOMAIN}/conference-status`,
          conferenceStatusCallbackEvent: ['join', 'leave'],
          statusCallback: `https://${DOMAIN}/conference-status`,
          statusCallbackEvent: ['answered', 'completed'],
        },
      },
    ]);
  });

  it('rings bob with who consults him and the caller`s name, when the caller has one (custom parameters of To)', async () => {
    const { api, act } = setup();
    const [caller, alice] = api.bridge(PHONE, 'client:alice', '+14155550100');
    api.calls.get(caller.sid)!.callerName = 'Zoë & Co';
    await act('alice', alice.sid, 'consult', 'bob');
    const added = api.mutations.find((m) => m.op === 'addParticipant') as { participant: { to: string } };
    const [address, query] = added.participant.to.split('?');
    expect(query).toContain('callerName=Zo%C3%AB%20%26%20Co');
    expect([address, Object.fromEntries(new URLSearchParams(query))]).toEqual(['client:bob', { consultedBy: 'alice', callerNumber: PHONE, callerName: 'Zoë & Co' }]);
  });

  it('the caller hung up meanwhile: refused, bob is not rung', async () => {
    const { api, act } = setup();
    const [caller, alice] = api.bridge(PHONE, 'client:alice', '+14155550100');
    await act('alice', alice.sid, 'hold');
    api.calls.get(caller.sid)!.status = 'completed';
    api.mutations.length = 0;
    expect(await refusal(act('alice', alice.sid, 'consult', 'bob'))).toEqual({ status: 409, code: 'SB_CALL_ENDED' });
    expect(api.mutations).toEqual([]);
  });

  it('after complete, alice is free again though the call she placed to bob goes on; alice cannot act on bob`s leg', async () => {
    const { api, act, alice, bob } = await consulting();
    api.answer(bob.callSid);
    expect(await refusal(checkParty(api, 'alice', bob.callSid))).toEqual({ status: 403, code: 'SB_NOT_IN_CALL' });
    await act('alice', alice.sid, 'complete');
    const [, carol] = api.bridge('+12025550188', 'client:carol', '+14155550100');
    expect((await act('carol', carol.sid, 'transfer', 'alice')).state).toBe('transferring');
  });

  it('complete: the caller is unheld and alice leaves; the conference goes on with the caller and bob', async () => {
    const { api, act, caller, alice, conference, bob } = await consulting();
    expect(await refusal(act('alice', alice.sid, 'complete'))).toEqual({ status: 409, code: 'SB_CALL_STATE' }); // bob still rings
    api.answer(bob.callSid);
    api.mutations.length = 0;
    expect((await act('alice', alice.sid, 'complete')).state).toBe('transferred');
    expect(api.mutations).toEqual([
      { op: 'updateParticipant', conference: conference.sid, callSid: caller.sid, change: { hold: false } },
      { op: 'updateCall', sid: alice.sid, status: 'completed' },
    ]);
    expect(conference.status).toBe('in-progress');
    expect(conference.participants.map((p) => [p.label, p.hold])).toEqual([
      ['caller', false],
      ['bob', false],
    ]);
  });

  it('cancel: bob is removed and the caller is back with alice', async () => {
    const { api, act, caller, alice, conference, bob } = await consulting();
    api.answer(bob.callSid);
    api.mutations.length = 0;
    expect(await act('alice', alice.sid, 'cancel')).toEqual({ state: 'talking', parties: [{ label: 'caller', hold: false, status: 'connected' }], at: expect.any(Number) });
    expect(api.mutations).toEqual([
      { op: 'removeParticipant', conference: conference.sid, callSid: bob.callSid },
      { op: 'updateParticipant', conference: conference.sid, callSid: caller.sid, change: { hold: false } },
    ]);
  });

  it('bob, who is consulted, may not complete, cancel or merge alice`s consultation, nor hold or transfer: nothing changes; he sees himself consulted', async () => {
    const { api, act, alice, bob } = await consulting();
    api.answer(bob.callSid);
    api.mutations.length = 0;
    for (const [action, target] of [['complete'], ['cancel'], ['merge'], ['hold'], ['transfer', 'carol'], ['consult', 'carol']] as [ControlAction, string?][]) {
      expect([action, await refusal(act('bob', bob.callSid, action, target))]).toEqual([action, { status: 409, code: 'SB_CALL_STATE' }]);
    }
    expect(api.mutations).toEqual([]);
    expect((await act('bob', bob.callSid, 'status')).state).toBe('consulted');
    expect((await act('alice', alice.sid, 'status')).state).toBe('consulting');
  });

  it('tells the other teammates in the call what each operation did, with the reading its answer carries; the caller (a phone) and the teammate who acted get no message', async () => {
    const { api, act, caller, alice, bob } = await consulting();
    api.answer(bob.callSid);
    api.messages.length = 0;
    const merged = await act('alice', alice.sid, 'merge');
    expect(api.messages).toEqual([
      {
        callSid: bob.callSid,
        content: {
          kind: 'parties',
          at: merged.at,
          hold: false,
          parties: [
            { label: 'alice', hold: false, status: 'connected' },
            { label: 'caller', hold: false, status: 'connected' },
          ],
        },
      },
    ]);
    expect(api.messages.some((m) => m.callSid === caller.sid || m.callSid === alice.sid)).toBe(false);
  });

  it('merge: the caller is unheld and all three talk', async () => {
    const { api, act, caller, alice, conference, bob } = await consulting();
    api.answer(bob.callSid);
    api.mutations.length = 0;
    expect((await act('alice', alice.sid, 'merge')).state).toBe('merged');
    expect(api.mutations).toEqual([{ op: 'updateParticipant', conference: conference.sid, callSid: caller.sid, change: { hold: false } }]);
    // Hold or transfer fit a two-party call only: refused, nothing changed.
    api.mutations.length = 0;
    expect(await refusal(act('alice', alice.sid, 'transfer', 'carol'))).toEqual({ status: 409, code: 'SB_CALL_STATE' });
    expect(api.mutations).toEqual([]);
  });
});

describe('the state each party sees', () => {
  const party = (label: string, hold = false, status = 'connected') => ({ label, hold, status });
  it.each([
    ['alice, with the caller', 'talking', [party('caller')], {}],
    ['alice, the caller held', 'held', [party('caller', true)], {}],
    ['alice, consulting bob (still ringing)', 'consulting', [party('caller', true), party('bob', false, 'ringing')], {}],
    ['bob, consulted by alice', 'consulted', [party('caller', true), party('alice')], { consultedBy: 'alice' }],
    ['bob, after alice completed', 'talking', [party('caller')], { consultedBy: 'alice' }],
    ['bob, merged', 'merged', [party('caller'), party('alice')], { consultedBy: 'alice' }],
    ['bob, held by alice (a call between teammates)', 'onHold', [party('alice')], { hold: true }],
  ] as const)('%s: %s', (_who, state, parties, viewer) => {
    expect(callStateOf(parties, { hold: false, ...viewer })).toBe(state);
  });
});

describe('the <Dial action> after a move', () => {
  it('joins the conference only when the dialled leg still goes on; an ordinary end hangs up as before', async () => {
    const { api } = setup();
    const [caller, alice] = api.bridge(PHONE, 'client:alice', '+14155550100');
    const params = { CallSid: caller.sid, From: PHONE, DialCallStatus: 'completed', DialCallSid: alice.sid };
    expect(parseTwiml((await afterDialOrHandover(params, config, api, DOMAIN)).toString()).children[0].children[0]).toMatchObject({ name: 'Conference', text: `sb-${caller.sid}` });
    api.calls.get(alice.sid)!.status = 'completed';
    expect(parseTwiml((await afterDialOrHandover(params, config, api, DOMAIN)).toString()).children.map((c) => c.name)).toEqual(['Hangup']);
    // Twilio's API failing at that moment: the ordinary end still hangs up.
    api.fetchCall = () => Promise.reject(new Error('503'));
    expect(parseTwiml((await afterDialOrHandover(params, config, api, DOMAIN)).toString()).children.map((c) => c.name)).toEqual(['Hangup']);
  });

  it('labels the leg that follows by its own party: a dialled leg by its To, not by who dialled it', async () => {
    const { api } = setup();
    // bob's leg (dialled by alice) transferred to carol; carol's leg was moved, bob's dial action follows.
    const [aliceCall, bob] = api.bridge('client:alice', 'client:bob', '');
    const [, carol] = api.bridge(bob.to, 'client:carol', '');
    const params = { CallSid: bob.sid, ParentCallSid: aliceCall.sid, From: 'client:alice', To: 'client:bob', DialCallStatus: 'completed', DialCallSid: carol.sid };
    const label = (answer: string) => descendants(parseTwiml(answer)).find((n) => n.name === 'Conference')?.attrs.participantLabel;
    expect(label((await afterTransferDial(params, config, api, DOMAIN)).toString())).toBe('bob');
    expect(label((await afterDialOrHandover({ ...params, ParentCallSid: '', CallSid: aliceCall.sid, To: '' }, config, api, DOMAIN)).toString())).toBe('alice');
  });
});
