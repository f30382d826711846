/**
 * The Conferences and Participants resources of the simulator's REST API, on conferences put in the
 * store as the media plane's `<Conference>` will: list (FriendlyName, Status), fetch, end
 * (`Status=completed`), participants listed, fetched by CallSid or label, updated (hold, mute, …,
 * reaching the media plane's control), kicked, and created (dialled out, queued at 1 per second).
 * The real `twilio` client for each, every answer checked against Twilio's OpenAPI description.
 */
import type { ConferenceControl, ParticipantChange } from '../../simulator/calls/conferences';
import { PStreamClient } from '../support/pstream-client';
import type { Reply } from '../support/reply';
import { restClientPerFile } from '../support/twilio-client';
import { sdp, settledCall, tokenFor } from './helpers';

const shared = restClientPerFile();

const callSid = (digit: string) => `CA${digit.repeat(32)}`;

/** A running conference with `count` connected participants, and what its control was told. */
function conference(name: string, count: number) {
  const told = { ended: [] as string[], changed: [] as [string, ParticipantChange][], removed: [] as string[] };
  const control: ConferenceControl = {
    end: (reason) => told.ended.push(reason),
    participantChanged: (sid, change) => told.changed.push([sid, change]),
    participantRemoved: (sid) => told.removed.push(sid),
  };
  const record = shared().sim.conferences.open(name);
  shared().sim.conferences.attach(record.sid, control);
  const participants = Array.from({ length: count }, (_, i) =>
    shared().sim.conferences.join(record.sid, {
      callSid: callSid(String(i + 1)),
      label: `agent-${i + 1}`,
      status: 'connected',
      muted: false,
      hold: false,
      startConferenceOnEnter: true,
      endConferenceOnExit: false,
    }),
  );
  return { record, participants, told };
}

test('list by FriendlyName and Status, fetch, and end with Status=completed', async () => {
  const team = conference('team-room', 2);
  const other = conference('other-room', 1);
  const list = (params: object) =>
    shared()
      .client.ok<Reply[]>({ name: 'conferences' }, { name: 'list', args: [params] })
      .then((all) => all.map((c) => c.sid));
  const before = { byName: await list({ friendlyName: 'team-room' }), running: await list({ status: 'in-progress' }), all: await list({}) };
  expect(before.byName).toEqual([team.record.sid]);
  expect(before.running).toEqual([other.record.sid, team.record.sid]);

  const fetched = await shared().client.ok({ name: 'conferences', args: [team.record.sid] }, { name: 'fetch', args: [] });
  expect(fetched).toMatchObject({ friendlyName: 'team-room', status: 'in-progress', reasonConferenceEnded: null });

  const ended = await shared().client.ok({ name: 'conferences', args: [team.record.sid] }, { name: 'update', args: [{ status: 'completed' }] });
  expect(ended).toMatchObject({ status: 'completed', reasonConferenceEnded: 'conference-ended-via-api' });
  expect(team.told.ended).toEqual(['conference-ended-via-api']);
  expect(await list({ status: 'completed' })).toEqual([team.record.sid]);
  expect(await shared().client.ok({ name: 'conferences', args: [team.record.sid] }, { name: 'participants' }, { name: 'list', args: [{}] })).toEqual([]);
  shared().sim.conferences.end(other.record.sid, 'last-participant-left');
});

test('participants: list (Muted/Hold), fetch by CallSid and by label, update reaches the media plane, delete kicks', async () => {
  const room = conference('support', 3);
  const sid = room.record.sid;
  const participants = (params: object = {}) =>
    shared()
      .client.ok<Reply[]>({ name: 'conferences', args: [sid] }, { name: 'participants' }, { name: 'list', args: [params] })
      .then((all) => all.map((p) => p.callSid));
  expect(await participants()).toEqual([callSid('3'), callSid('2'), callSid('1')]);

  const byLabel = await shared().client.ok({ name: 'conferences', args: [sid] }, { name: 'participants', args: ['agent-2'] }, { name: 'fetch', args: [] });
  expect(byLabel).toMatchObject({ callSid: callSid('2'), label: 'agent-2', conferenceSid: sid, status: 'connected', hold: false });

  const held = await shared().client.ok(
    { name: 'conferences', args: [sid] },
    { name: 'participants', args: [callSid('2')] },
    { name: 'update', args: [{ hold: true, holdUrl: 'http://127.0.0.1/music.mp3', muted: true }] },
  );
  expect(held).toMatchObject({ hold: true, muted: true });
  expect(room.told.changed).toEqual([[callSid('2'), { hold: true, holdUrl: 'http://127.0.0.1/music.mp3', muted: true }]]);
  expect(await participants({ hold: true })).toEqual([callSid('2')]);
  expect(await participants({ muted: false })).toEqual([callSid('3'), callSid('1')]);

  expect(await shared().client.ok({ name: 'conferences', args: [sid] }, { name: 'participants', args: [callSid('1')] }, { name: 'remove', args: [] })).toBe(true);
  expect(room.told.removed).toEqual([callSid('1')]);
  expect(await participants()).toEqual([callSid('3'), callSid('2')]);

  // The one with endConferenceOnExit leaving ends the conference for everyone.
  await shared().client.ok({ name: 'conferences', args: [sid] }, { name: 'participants', args: [callSid('3')] }, { name: 'update', args: [{ endConferenceOnExit: true }] });
  await shared().client.ok({ name: 'conferences', args: [sid] }, { name: 'participants', args: [callSid('3')] }, { name: 'remove', args: [] });
  expect(await shared().client.ok({ name: 'conferences', args: [sid] }, { name: 'fetch', args: [] })).toMatchObject({
    status: 'completed',
    reasonConferenceEnded: 'participant-with-end-conference-on-exit-kicked',
    callSidEndingConference: callSid('3'),
  });
});

test('errors: unknown conference or participant (20404), a bad update (20001), an announcement nothing can play (501), a participant without To (21201)', async () => {
  const room = conference('errors', 1);
  const answers = {
    unknown: await shared().client.run({ name: 'conferences', args: [`CF${'0'.repeat(32)}`] }, { name: 'fetch', args: [] }),
    nobody: await shared().client.run({ name: 'conferences', args: [room.record.sid] }, { name: 'participants', args: ['nobody'] }, { name: 'fetch', args: [] }),
    badStatus: await shared().client.run({ name: 'conferences', args: [room.record.sid] }, { name: 'update', args: [{ status: 'paused' }] }),
    nothing: await shared().client.run({ name: 'conferences', args: [room.record.sid] }, { name: 'participants', args: [callSid('1')] }, { name: 'update', args: [{}] }),
    unmixedAnnounce: await shared().client.run({ name: 'conferences', args: [shared().sim.conferences.open('unmixed').sid] }, { name: 'update', args: [{ announceUrl: 'http://127.0.0.1/announce' }] }),
    noTo: await shared().client.run({ name: 'conferences', args: [room.record.sid] }, { name: 'participants' }, { name: 'create', args: [{ from: shared().sim.teamNumber, to: '' }] }),
  };
  expect(answers.unknown.error).toMatchObject({ status: 404, code: 20404 });
  expect(answers.nobody.error).toMatchObject({ status: 404, code: 20404 });
  expect(answers.badStatus.error).toMatchObject({ status: 400, code: 20001 });
  expect(answers.nothing.error).toMatchObject({ status: 400, code: 20001 });
  expect(answers.unmixedAnnounce.error).toMatchObject({ status: 501, code: 20001 });
  expect(answers.noTo.error).toMatchObject({ status: 400, code: 21201 });
});

test('create: dials To into the conference (queued, ringing, connected), kick hangs the call up; a declined one leaves; ending the conference hangs up the rest', async () => {
  const bob = await PStreamClient.registered(shared().sim.url, tokenFor(shared().sim, 'bob'));
  const carol = await PStreamClient.registered(shared().sim.url, tokenFor(shared().sim, 'carol'));
  try {
    const room = shared().sim.conferences.open('dial-out');
    const participants = () => shared().client.ok<Reply[]>({ name: 'conferences', args: [room.sid] }, { name: 'participants' }, { name: 'list', args: [{}] });
    const create = (to: string, label: string) =>
      shared().client.ok({ name: 'conferences', args: [room.sid] }, { name: 'participants' }, { name: 'create', args: [{ from: shared().sim.teamNumber, to, label, endConferenceOnExit: false }] });
    const [toBob, toCarol] = [await create('client:bob', 'bob'), await create('client:carol', 'carol')];
    expect(toBob).toMatchObject({ status: 'queued', label: 'bob', conferenceSid: room.sid, muted: false, startConferenceOnEnter: true });

    await bob.next('invite', (p) => p.callsid === toBob.callSid);
    expect((await participants()).find((p) => p.label === 'bob')?.status).toBe('ringing');
    bob.send('answer', { callsid: toBob.callSid, sdp: sdp('bob') });
    await carol.next('invite', (p) => p.callsid === toCarol.callSid, 5000);
    const started = [toBob, toCarol].map((p) =>
      Date.parse(
        shared()
          .sim.calls()
          .find((c) => c.sid === p.callSid)!.startedAt,
      ),
    );
    expect(started[1] - started[0]).toBeGreaterThanOrEqual(990);
    carol.send('reject', { callsid: toCarol.callSid });
    await settledCall(shared().sim, toCarol.callSid, (c) => c.endedAt !== undefined);
    const afterAnswer = await participants();
    expect(afterAnswer.map((p) => [p.label, p.status])).toEqual([['bob', 'connected']]);
    expect(await shared().client.ok({ name: 'conferences', args: [room.sid] }, { name: 'fetch', args: [] })).toMatchObject({ status: 'in-progress' });

    expect(await shared().client.ok({ name: 'conferences', args: [room.sid] }, { name: 'participants', args: ['bob'] }, { name: 'remove', args: [] })).toBe(true);
    await bob.next('hangup', (p) => p.callsid === toBob.callSid);
    expect((await settledCall(shared().sim, toBob.callSid, (c) => c.endedAt !== undefined)).status).toBe('completed');
    expect(await shared().client.ok({ name: 'conferences', args: [room.sid] }, { name: 'fetch', args: [] })).toMatchObject({ status: 'completed', reasonConferenceEnded: 'last-participant-kicked' });

    const next = shared().sim.conferences.open('dial-out-2');
    const again = await shared().client.ok({ name: 'conferences', args: [next.sid] }, { name: 'participants' }, { name: 'create', args: [{ from: shared().sim.teamNumber, to: 'client:bob' }] });
    await bob.next('invite', (p) => p.callsid === again.callSid, 5000);
    bob.send('answer', { callsid: again.callSid, sdp: sdp('bob') });
    await settledCall(shared().sim, again.callSid, (c) => c.status === 'in-progress');
    await shared().client.ok({ name: 'conferences', args: [next.sid] }, { name: 'update', args: [{ status: 'completed' }] });
    await bob.next('hangup', (p) => p.callsid === again.callSid);
  } finally {
    bob.close();
    carol.close();
  }
});

test('create with custom parameters on a client: To: bob`s invite carries them as a <Client>`s <Parameter>s, the call`s To stays client:bob; malformed ones are refused (21211)', async () => {
  const bob = await PStreamClient.registered(shared().sim.url, tokenFor(shared().sim, 'bob'));
  try {
    const room = shared().sim.conferences.open('custom-parameters');
    const steps = (to: string) => [{ name: 'conferences', args: [room.sid] }, { name: 'participants' }, { name: 'create', args: [{ from: 'client:alice', to, label: 'bob' }] }];
    const refused = await Promise.all(['client:bob?', 'client:bob?consultedBy', 'client:bob?a=%ZZ', 'client:bob?a=1=2', 'client:b%20b?a=1'].map((to) => shared().client.run(...steps(to))));
    expect(refused.map((answer) => answer.error?.code)).toEqual(Array(5).fill(21211));

    const created = await shared().client.ok<{ callSid: string }>(...steps(`client:bob?${new URLSearchParams({ consultedBy: 'alice', callerNumber: '+12025550143', callerName: 'Zoë & Co' })}`));
    const invite = await bob.next('invite', (p) => p.callsid === created.callSid, 5000);
    expect(invite.parameters).toMatchObject({ From: 'client:alice', To: 'client:bob' });
    expect(Object.fromEntries(new URLSearchParams(invite.parameters.Params))).toEqual({ consultedBy: 'alice', callerNumber: '+12025550143', callerName: 'Zoë & Co' });
    expect(await shared().client.ok({ name: 'calls', args: [created.callSid] }, { name: 'fetch', args: [] })).toMatchObject({ to: 'client:bob', from: 'client:alice', direction: 'outbound-api' });
    bob.send('reject', { callsid: created.callSid });
    await settledCall(shared().sim, created.callSid, (c) => c.endedAt !== undefined);
  } finally {
    bob.close();
  }
});
