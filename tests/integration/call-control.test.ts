/**
 * /call-control's allowed operations through the real Functions in twilio-run, against the
 * simulator's REST API with real calls: the phone called the team and alice answered. The first
 * operation moves the call into its conference, the simulator's real `<Conference>`; each operation
 * must then make the REST changes of its sequence (README "Hold and transfer"), seen in the
 * simulator's conference store and on the teammates' devices, and then in the call history. Cold
 * transfers of calls alice placed (to a phone, to a teammate) move the leg she dialled, whose own
 * `<Dial>` rings the target.
 */
import { randomBytes } from 'node:crypto';
import { startSimulator, type Simulator } from '../../simulator';
import { answeredInConference as answeredByAlice, callControl } from '../support/call-control-request';
import { PStreamClient, type Frame } from '../support/pstream-client';
import { sdp, settledCall, tokenFor } from '../simulator/helpers';
import { callEnded } from '../support/team-calls';
import { laterSecondThan } from '../support/until';

let sim: Simulator;
const clients = new Map<string, PStreamClient>();
let callerSid: string;
let aliceSid: string;

const control = (identity: string, body: Record<string, string>) => callControl(sim, identity, body);
/** The call history's entries (`GET /calls`) as alice's page reads them. */
const history = async (): Promise<Array<{ id: string; answeredBy?: string; transfers?: string[] }>> => {
  const response = await fetch(`${sim.url}/calls`, { headers: { Authorization: `Bearer ${tokenFor(sim, 'alice')}` } });
  expect(response.status).toBe(200);
  return (await response.json()).entries;
};
/** The live conference of the call `root` (`sb-<root>`), as the simulator runs it. */
const roomOf = (root: string) => sim.conferences.list().find((c) => c.friendlyName === `sb-${root}` && c.status !== 'completed');
const participant = (label: string) => [...(roomOf(callerSid)?.participants.values() ?? [])].find((p) => p.label === label);
const device = (identity: string) => clients.get(identity)!;

beforeAll(async () => {
  sim = await startSimulator({ env: { RING_TIMEOUT: '8' } });
  for (const identity of ['phone_12025550143', 'alice', 'bob', 'carol']) clients.set(identity, await PStreamClient.registered(sim.url, tokenFor(sim, identity)));
  const phone = device('phone_12025550143');
  phone.send('invite', { callsid: `TJS${randomBytes(8).toString('hex')}`, sdp: sdp('phone'), twilio: { params: new URLSearchParams({ To: sim.teamNumber }).toString() } });
  aliceSid = (await device('alice').next('invite')).callsid;
  device('alice').send('answer', { callsid: aliceSid, sdp: sdp('alice') });
  await phone.next('answer');
  callerSid = sim.calls().find((c) => c.legs.some((l) => l.sid === aliceSid))!.sid;
  await settledCall(sim, callerSid, (c) => c.legs.some((l) => l.sid === aliceSid && l.status === 'in-progress'));
}, 60_000);

afterAll(async () => {
  for (const client of clients.values()) client.close();
  await sim?.stop();
});

test('hold moves the call into its conference and puts the caller on hold with our music; resume takes it off', async () => {
  expect(roomOf(callerSid)).toBeUndefined();
  expect(await control('alice', { action: 'hold', callSid: aliceSid })).toEqual({
    status: 200,
    body: { state: 'held', parties: [{ label: 'caller', hold: true, status: 'connected' }], at: expect.any(Number) },
  });
  expect(participant('caller')).toMatchObject({ callSid: callerSid, hold: true, holdUrl: expect.stringMatching(/^http:\/\/localhost:\d+\/hold-music$/) });
  expect(participant('alice')).toMatchObject({ callSid: aliceSid, hold: false });
  expect((await control('alice', { action: 'resume', callSid: aliceSid })).body.state).toBe('talking');
  expect(participant('caller')!.hold).toBe(false);
  // bob is not a party: refused even now the call is in its conference.
  expect((await control('bob', { action: 'resume', callSid: aliceSid })).status).toBe(403);
});

test('consult bob: the caller is held, bob`s phone rings through the Participants API; cancel removes him and unholds the caller', async () => {
  const consult = await control('alice', { action: 'consult', callSid: aliceSid, target: 'bob' });
  expect(consult).toMatchObject({ status: 200, body: { state: 'consulting' } });
  expect(participant('caller')!.hold).toBe(true);
  const bob = participant('bob')!;
  expect(bob).toMatchObject({ endConferenceOnExit: false });
  const invite = await device('bob').next('invite', (p) => p.callsid === bob.callSid, 8000);
  // bob's page is told who consults him, about which caller; the call is from alice.
  expect(invite.parameters.From).toBe('client:alice');
  expect(Object.fromEntries(new URLSearchParams(invite.parameters.Params))).toEqual({ consultedBy: 'alice', callerNumber: '+12025550143' });
  device('bob').send('answer', { callsid: invite.callsid, sdp: sdp('bob') });
  await settledCall(sim, bob.callSid, (c) => c.status === 'in-progress');
  // bob, in the call now through his Participants-API leg, is a party too: the one consulted.
  expect((await control('bob', { action: 'status', callSid: bob.callSid })).body.state).toBe('consulted');
  // His join made /conference-status tell him (a call message on his own leg) who else is there.
  const news = await device('bob').next('message', (p) => p.callsid === bob.callSid && p.content.parties.length === 2, 8000);
  expect(news.content).toEqual({
    kind: 'parties',
    at: expect.any(Number),
    hold: false,
    parties: expect.arrayContaining([
      { label: 'caller', hold: true, status: 'connected' },
      { label: 'alice', hold: false, status: 'connected' },
    ]),
  });

  expect((await control('alice', { action: 'cancel', callSid: aliceSid })).body).toEqual({
    state: 'talking',
    parties: [{ label: 'caller', hold: false, status: 'connected' }],
    at: expect.any(Number),
  });
  await device('bob').next('hangup', (p) => p.callsid === bob.callSid);
  expect(participant('bob')).toBeUndefined();
  expect(participant('caller')!.hold).toBe(false);
});

test('consult carol and merge: all three talk', async () => {
  await control('alice', { action: 'consult', callSid: aliceSid, target: 'carol' });
  const carol = participant('carol')!;
  device('carol').send('answer', { callsid: (await device('carol').next('invite', (p) => p.callsid === carol.callSid, 8000)).callsid, sdp: sdp('carol') });
  await settledCall(sim, carol.callSid, (c) => c.status === 'in-progress');
  expect((await control('alice', { action: 'merge', callSid: aliceSid })).body.state).toBe('merged');
  expect([...roomOf(callerSid)!.participants.values()].map((p) => [p.label, p.hold]).sort()).toEqual([
    ['alice', false],
    ['caller', false],
    ['carol', false],
  ]);
  // A transfer does not fit a three-party call: refused, nothing changed.
  expect((await control('alice', { action: 'transfer', callSid: aliceSid, target: 'bob' })).body.error.code).toBe('SB_CALL_STATE');
  device('carol').send('hangup', { callsid: carol.callSid });
  await settledCall(sim, carol.callSid, (c) => c.endedAt !== undefined);
});

test('consult bob and complete: the caller is unheld and talks with bob, alice`s leg is hung up', async () => {
  await control('alice', { action: 'consult', callSid: aliceSid, target: 'bob' });
  const bob = participant('bob')!;
  device('bob').send('answer', { callsid: (await device('bob').next('invite', (p) => p.callsid === bob.callSid, 8000)).callsid, sdp: sdp('bob') });
  await settledCall(sim, bob.callSid, (c) => c.status === 'in-progress');
  expect((await control('alice', { action: 'complete', callSid: aliceSid })).body).toEqual({ state: 'transferred', parties: [], at: expect.any(Number) });
  await device('alice').next('hangup', (p) => p.callsid === aliceSid);
  expect(participant('bob')).toMatchObject({ endConferenceOnExit: false, hold: false });
  expect(participant('caller')).toMatchObject({ hold: false });
  // alice's leg is over: she can no longer act on the call.
  expect((await control('alice', { action: 'hold', callSid: aliceSid })).body.error.code).toBe('SB_CALL_ENDED');
  // bob and the caller talk on into a later second than alice left in (Twilio's times are whole seconds).
  const aliceLeft = Date.parse(
    sim
      .calls()
      .find((c) => c.sid === callerSid)!
      .legs.find((l) => l.sid === aliceSid)!.endedAt!,
  );
  await laterSecondThan(aliceLeft);
  device('bob').send('hangup', { callsid: bob.callSid });
  await callEnded(sim, callerSid);

  // One entry for the call: answered by alice, transferred to bob (the cancelled consultation of
  // bob and carol's merge that she left first are none); no consultation is an entry of its own.
  const entries = await history();
  expect(entries.find((e) => e.id === callerSid)).toMatchObject({ answeredBy: 'alice', transfers: ['bob'] });
  const consultations = sim
    .calls()
    .filter((c) => c.direction === 'outbound-api')
    .map((c) => c.sid);
  expect(consultations).toHaveLength(3);
  expect(entries.filter((e) => consultations.includes(e.id))).toEqual([]);
});

/** A new call from the phone that alice answered, moved into its conference (`caller`, `alice`) by a hold and resume. */
const answeredInConference = () => answeredByAlice(sim, device('phone_12025550143'), device('alice'));

/**
 * Transfers alice's call to `target` (bob unless named); returns the target's invite (who
 * transferred and the caller's number as Params; From as the transferred leg shows it).
 */
async function transferTo(leg: string, target = 'bob', expected = { from: '+12025550143', callerNumber: '+12025550143' }) {
  expect(await control('alice', { action: 'transfer', callSid: leg, target })).toEqual({ status: 200, body: { state: 'transferring', parties: [], at: expect.any(Number) } });
  const invite = await device(target).next('invite', (p) => new URLSearchParams(p.parameters?.Params ?? '').has('transferredBy'), 8000);
  expect(Object.fromEntries(new URLSearchParams(invite.parameters.Params))).toEqual({ transferredBy: 'alice', callerNumber: expected.callerNumber });
  expect(invite.parameters.From).toBe(expected.from);
  return invite;
}

const transferActions = (caller: string) =>
  sim
    .calls()
    .find((c) => c.sid === caller)!
    .webhooks.filter((w) => w.url.endsWith('/transfer-complete'));

test('cold transfer answered: bob rings with who transferred and the caller`s number; on answer the whisper lets caller ↔ bob through and alice`s leg is over', async () => {
  const { caller, leg } = await answeredInConference();
  const invite = await transferTo(leg);
  device('bob').send('answer', { callsid: invite.callsid, sdp: sdp('bob') });
  await device('alice').next('hangup', (p) => p.callsid === leg, 8000);
  // The whisper (/transfer-answered) ran on bob's leg, hung up alice's (waiting in the conference) and let the bridge proceed.
  const call = await settledCall(sim, caller, (c) => c.webhooks.some((w) => w.kind === 'whisper') && c.legs.some((l) => l.sid === invite.callsid && l.status === 'in-progress'));
  expect(call.webhooks.filter((w) => w.kind === 'whisper').map((w) => [new URL(w.url).pathname, w.status, w.response])).toEqual([
    ['/transfer-answered', 200, '<?xml version="1.0" encoding="UTF-8"?><Response/>'],
  ]);
  expect(call.status).toBe('in-progress');
  device('bob').send('hangup', { callsid: invite.callsid });
  await settledCall(sim, caller, (c) => c.endedAt !== undefined);
});

test('cold transfer rejected: the caller comes back to alice, who waits in the conference', async () => {
  const { caller, leg } = await answeredInConference();
  const invite = await transferTo(leg);
  device('bob').send('reject', { callsid: invite.callsid });
  const [action] = (await settledCall(sim, caller, () => transferActions(caller).length > 0, 8000)) && transferActions(caller);
  expect(action.params).toMatchObject({ CallSid: caller, DialCallStatus: 'busy' });
  expect(action.response).toContain(`<Conference participantLabel="caller" startConferenceOnEnter="true" endConferenceOnExit="true" beep="false"`);
  expect(action.response).toContain(`>sb-${caller}</Conference>`);
  device('alice').send('hangup', { callsid: leg });
});

test('cold transfer rejected after alice hung up: alice`s phone rings again with the caller — never dropped', async () => {
  const { caller, leg } = await answeredInConference();
  const invite = await transferTo(leg);
  device('alice').send('hangup', { callsid: leg });
  device('bob').send('reject', { callsid: invite.callsid });
  const again = await device('alice').next('invite', (p) => p.callsid !== leg, 8000);
  expect(new URLSearchParams(again.parameters.Params).get('callerNumber')).toBe('+12025550143');
  expect(transferActions(caller)[0].response).toContain('<Identity>alice</Identity>');
  device('alice').send('reject', { callsid: again.callsid });
});

/**
 * alice places a call to `dialled`, `callee`'s device answers, and alice transfers the callee to
 * `target`, who answers: the callee's leg dialled the target (a grandchild of alice's call), the
 * whisper ended alice's call, callee ↔ target talk (the target may hold and resume) until the
 * target hangs up. Returns alice's CallSid.
 */
async function placedCallTransferred(dialled: string, callee: string, target: string, expected: { from: string; callerNumber: string; heldLabel: string }): Promise<string> {
  for (const call of sim.calls()) await settledCall(sim, call.sid, (c) => c.endedAt !== undefined, 10_000);
  device('alice').send('invite', { callsid: `TJS${randomBytes(8).toString('hex')}`, sdp: sdp('alice'), twilio: { params: new URLSearchParams({ To: dialled }).toString() } });
  // Not an invite left unread from an earlier call (the team's calls ring bob too).
  const ofThisCall = (p: Frame['payload']) => sim.calls().some((c) => c.from === 'client:alice' && !c.endedAt && c.legs.some((l) => l.sid === p.callsid));
  const calleeLeg = (await device(callee).next('invite', ofThisCall, 8000)).callsid;
  device(callee).send('answer', { callsid: calleeLeg, sdp: sdp(callee) });
  const placed = (await device('alice').next('answer', () => true, 8000)).callsid;

  const invite = await transferTo(placed, target, expected);
  device(target).send('answer', { callsid: invite.callsid, sdp: sdp(target) });
  await device('alice').next('hangup', (p) => p.callsid === placed, 8000);
  const call = await settledCall(
    sim,
    placed,
    (c) => c.legs.some((l) => l.sid === invite.callsid && l.status === 'in-progress') && c.endedAt !== undefined && c.webhooks.some((w) => w.kind === 'whisper'),
  );
  expect(call.legs.find((l) => l.sid === invite.callsid)).toMatchObject({ parentSid: calleeLeg, to: `client:${target}` });
  expect(call.legs.find((l) => l.sid === calleeLeg)).toMatchObject({ status: 'in-progress' });
  expect(call.webhooks.filter((w) => w.kind === 'whisper').map((w) => [new URL(w.url).pathname, w.params.CallSid, w.params.ParentCallSid])).toEqual([
    ['/transfer-answered', invite.callsid, calleeLeg],
  ]);
  // callee and target talk on into a later second than alice left in (Twilio's times are whole seconds).
  await laterSecondThan(Date.parse(call.endedAt!));
  // The target's leg is a call like any other: it can hold (its leg moves into the call's conference) and resume.
  expect((await control(target, { action: 'hold', callSid: invite.callsid })).body).toMatchObject({ state: 'held', parties: [{ label: expected.heldLabel, hold: true, status: 'connected' }] });
  expect((await control(target, { action: 'resume', callSid: invite.callsid })).body).toMatchObject({ state: 'talking', parties: [{ hold: false, status: 'connected' }] });
  device(target).send('hangup', { callsid: invite.callsid });
  await device(callee).next('hangup', (p) => p.callsid === calleeLeg, 8000);
  const ended = await settledCall(sim, placed, (c) => c.legs.every((l) => l.endedAt !== undefined));
  expect(ended.webhooks.filter((w) => w.url.endsWith('/transfer-complete')).map((w) => [w.params.CallSid, w.params.DialCallStatus])).toEqual([[calleeLeg, 'completed']]);
  return placed;
}

test('cold transfer of a call alice placed to a phone: the phone`s leg rings bob with who transferred; on answer phone ↔ bob, alice`s call is over, and the history shows the transfer', async () => {
  const placed = await placedCallTransferred('+12025550143', 'phone_12025550143', 'bob', { from: sim.teamNumber, callerNumber: '+12025550143', heldLabel: 'caller' });
  expect((await history()).find((e) => e.id === placed)).toMatchObject({ direction: 'out', by: 'alice', party: { number: '+12025550143' }, transfers: ['bob'] });
}, 30_000);

test('cold transfer of a call between teammates: alice hands bob to carol, who rings with who transferred; on answer bob ↔ carol, and the history shows it', async () => {
  const placed = await placedCallTransferred('bob', 'bob', 'carol', { from: 'client:alice', callerNumber: 'bob', heldLabel: 'bob' });
  expect((await history()).find((e) => e.id === placed)).toMatchObject({ direction: 'team', answeredBy: 'bob', transfers: ['carol'] });
}, 30_000);
