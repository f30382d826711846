/**
 * The Conferences and Participants resources of the simulator's REST API, on conferences put in the
 * store as the media plane's `<Conference>` will: list (FriendlyName, Status), fetch, end
 * (`Status=completed`), participants listed, fetched by CallSid or label, updated (hold, mute, …,
 * reaching the media plane's control), kicked; creating a participant answers 501. The real
 * `twilio` client for each, every answer checked against Twilio's OpenAPI description.
 */
import { startSimulator, type Simulator } from '../../simulator';
import type { ConferenceControl, ParticipantChange } from '../../simulator/calls/conferences';
import { TwilioClientProcess } from '../support/twilio-client';

let sim: Simulator;
let client: TwilioClientProcess;

beforeAll(async () => {
  sim = await startSimulator();
  client = await TwilioClientProcess.start(sim);
}, 60_000);

afterAll(async () => {
  client?.stop();
  await sim?.stop();
});

const callSid = (digit: string) => `CA${digit.repeat(32)}`;

/** A running conference with `count` connected participants, and what its control was told. */
function conference(name: string, count: number) {
  const told = { ended: [] as string[], changed: [] as [string, ParticipantChange][], removed: [] as string[] };
  const control: ConferenceControl = {
    end: (reason) => told.ended.push(reason),
    participantChanged: (sid, change) => told.changed.push([sid, change]),
    participantRemoved: (sid) => told.removed.push(sid),
  };
  const record = sim.conferences.open(name);
  sim.conferences.attach(record.sid, control);
  const participants = Array.from({ length: count }, (_, i) =>
    sim.conferences.join(record.sid, { callSid: callSid(String(i + 1)), label: `agent-${i + 1}`, status: 'connected', muted: false, hold: false, startConferenceOnEnter: true, endConferenceOnExit: false }),
  );
  return { record, participants, told };
}

test('list by FriendlyName and Status, fetch, and end with Status=completed', async () => {
  const team = conference('team-room', 2);
  const other = conference('other-room', 1);
  const list = (params: object) => client.ok<any[]>({ name: 'conferences' }, { name: 'list', args: [params] }).then((all) => all.map((c) => c.sid));
  const before = { byName: await list({ friendlyName: 'team-room' }), running: await list({ status: 'in-progress' }), all: await list({}) };
  expect(before.byName).toEqual([team.record.sid]);
  expect(before.running).toEqual([other.record.sid, team.record.sid]);

  const fetched = await client.ok({ name: 'conferences', args: [team.record.sid] }, { name: 'fetch', args: [] });
  expect(fetched).toMatchObject({ friendlyName: 'team-room', status: 'in-progress', reasonConferenceEnded: null });

  const ended = await client.ok({ name: 'conferences', args: [team.record.sid] }, { name: 'update', args: [{ status: 'completed' }] });
  expect(ended).toMatchObject({ status: 'completed', reasonConferenceEnded: 'conference-ended-via-api' });
  expect(team.told.ended).toEqual(['conference-ended-via-api']);
  expect(await list({ status: 'completed' })).toEqual([team.record.sid]);
  expect(await client.ok({ name: 'conferences', args: [team.record.sid] }, { name: 'participants' }, { name: 'list', args: [{}] })).toEqual([]);
  sim.conferences.end(other.record.sid, 'last-participant-left');
});

test('participants: list (Muted/Hold), fetch by CallSid and by label, update reaches the media plane, delete kicks', async () => {
  const room = conference('support', 3);
  const sid = room.record.sid;
  const participants = (params: object = {}) => client.ok<any[]>({ name: 'conferences', args: [sid] }, { name: 'participants' }, { name: 'list', args: [params] }).then((all) => all.map((p) => p.callSid));
  expect(await participants()).toEqual([callSid('3'), callSid('2'), callSid('1')]);

  const byLabel = await client.ok({ name: 'conferences', args: [sid] }, { name: 'participants', args: ['agent-2'] }, { name: 'fetch', args: [] });
  expect(byLabel).toMatchObject({ callSid: callSid('2'), label: 'agent-2', conferenceSid: sid, status: 'connected', hold: false });

  const held = await client.ok({ name: 'conferences', args: [sid] }, { name: 'participants', args: [callSid('2')] }, { name: 'update', args: [{ hold: true, holdUrl: 'http://127.0.0.1/music.mp3', muted: true }] });
  expect(held).toMatchObject({ hold: true, muted: true });
  expect(room.told.changed).toEqual([[callSid('2'), { hold: true, holdUrl: 'http://127.0.0.1/music.mp3', muted: true }]]);
  expect(await participants({ hold: true })).toEqual([callSid('2')]);
  expect(await participants({ muted: false })).toEqual([callSid('3'), callSid('1')]);

  expect(await client.ok({ name: 'conferences', args: [sid] }, { name: 'participants', args: [callSid('1')] }, { name: 'remove', args: [] })).toBe(true);
  expect(room.told.removed).toEqual([callSid('1')]);
  expect(await participants()).toEqual([callSid('3'), callSid('2')]);

  // The one with endConferenceOnExit leaving ends the conference for everyone.
  await client.ok({ name: 'conferences', args: [sid] }, { name: 'participants', args: [callSid('3')] }, { name: 'update', args: [{ endConferenceOnExit: true }] });
  await client.ok({ name: 'conferences', args: [sid] }, { name: 'participants', args: [callSid('3')] }, { name: 'remove', args: [] });
  expect(await client.ok({ name: 'conferences', args: [sid] }, { name: 'fetch', args: [] })).toMatchObject({ status: 'completed', reasonConferenceEnded: 'participant-with-end-conference-on-exit-kicked', callSidEndingConference: callSid('3') });
});

test('errors: unknown conference or participant (20404), a bad update (20001), creating a participant (501)', async () => {
  const room = conference('errors', 1);
  const answers = {
    unknown: await client.run({ name: 'conferences', args: [`CF${'0'.repeat(32)}`] }, { name: 'fetch', args: [] }),
    nobody: await client.run({ name: 'conferences', args: [room.record.sid] }, { name: 'participants', args: ['nobody'] }, { name: 'fetch', args: [] }),
    badStatus: await client.run({ name: 'conferences', args: [room.record.sid] }, { name: 'update', args: [{ status: 'paused' }] }),
    nothing: await client.run({ name: 'conferences', args: [room.record.sid] }, { name: 'participants', args: [callSid('1')] }, { name: 'update', args: [{}] }),
    create: await client.run({ name: 'conferences', args: [room.record.sid] }, { name: 'participants' }, { name: 'create', args: [{ from: sim.teamNumber, to: 'client:bob' }] }),
  };
  expect(answers.unknown.error).toMatchObject({ status: 404, code: 20404 });
  expect(answers.nobody.error).toMatchObject({ status: 404, code: 20404 });
  expect(answers.badStatus.error).toMatchObject({ status: 400, code: 20001 });
  expect(answers.nothing.error).toMatchObject({ status: 400, code: 20001 });
  expect(answers.create.error).toMatchObject({ status: 501, code: 20001 });
});
