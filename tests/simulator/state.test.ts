/**
 * The simulator's state folder: Twilio keeps an account's records, and so does the simulator
 * across a restart. A voicemail left through the real Functions (greeting, `<Record>`, a tone said
 * into it) is still listed and served after the simulator restarts on the same folder, with the
 * same account and credentials (a signed-in session's token stays good); its audio lies beside the
 * list as a WAV file, not inside the JSON. A new folder, or one deleted to start afresh, is a new
 * account with no records; an unreadable file is set aside and only its store starts empty; a call
 * the simulator stopped during is restored ended.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSimulator, type SimCall, type Simulator } from '../../simulator';
import { CallLog } from '../../simulator/calls/call-log';
import { dualTone } from '../../simulator/media/audio/tones';
import { decodeMp3 } from '../../simulator/media/audio/mp3';
import { StateFolder } from '../../simulator/state/state-folder';
import { until } from '../support/until';
import { tokenFor } from './helpers';
import { MediaDevices } from './media-devices';

const PHONE = 'phone_12025550143';
const TALK_SECONDS = 1.5;
const running: Simulator[] = [];
const newFolder = () => mkdtempSync(join(tmpdir(), 'sim-state-test-'));

async function simulator(stateFolder: string, log?: (line: string) => void): Promise<Simulator> {
  const sim = await startSimulator({ stateFolder, env: { RING_TIMEOUT: '5' }, mediaLoopback: true, log });
  running.push(sim);
  return sim;
}

afterAll(async () => {
  await Promise.all(running.map((sim) => sim.stop()));
});

const asAlice = (sim: Simulator, token: string, path: string) => fetch(`${sim.url}${path}`, { headers: { Authorization: `Bearer ${token}` } });

/** The phone calls the team with nobody signed in, says a tone for TALK_SECONDS after the beep and hangs up: a voicemail. */
async function leaveVoicemail(sim: Simulator): Promise<{ callSid: string; recordingSid: string }> {
  const devices = await MediaDevices.start(sim);
  try {
    // The phone's call is answered when <Record> starts, after the greeting.
    const phone = await devices.call(PHONE, `To=${encodeURIComponent(sim.teamNumber)}`);
    await phone.media.play(dualTone([440], 0.3, TALK_SECONDS * 1000));
    phone.socket.send('hangup', { callsid: phone.sid });
    const recording = await until(() => sim.recordings.list().find((r) => r.callSid === phone.sid && r.status === 'completed'), 'the voicemail recording', 15_000);
    await until(
      () =>
        sim
          .calls()
          .find((c) => c.sid === phone.sid)
          ?.webhooks.filter((w) => w.kind === 'status' || w.kind === 'recording-status').length === 2,
      'the call to end and its recording to be reported',
      15_000,
    );
    return { callSid: phone.sid, recordingSid: recording.sid };
  } finally {
    devices.close();
  }
}

test('a restart keeps the calls, the voicemails with their audio (as WAV files) and the account; a session token stays good', async () => {
  const folder = newFolder();
  const first = await simulator(folder);
  const { callSid, recordingSid } = await leaveVoicemail(first);
  const callBefore = first.calls().find((c) => c.sid === callSid)!;
  const pcm = first.recordings.get(recordingSid)!.pcm;
  const samples = pcm.length;
  const token = tokenFor(first, 'alice');
  await first.stop();

  // The audio is a file of its own; the list holds no audio.
  expect(statSync(join(folder, 'recordings', `${recordingSid}.wav`)).size).toBeGreaterThan(samples * 2);
  expect(readFileSync(join(folder, 'recordings.json'), 'utf8').length).toBeLessThan(1000);

  const second = await simulator(folder);
  expect(second.env.ACCOUNT_SID).toBe(first.env.ACCOUNT_SID);
  expect(second.env.AUTH_TOKEN).toBe(first.env.AUTH_TOKEN);
  expect(second.calls().find((c) => c.sid === callSid)).toEqual(callBefore);
  expect(second.recordings.get(recordingSid)).toMatchObject({ callSid, source: 'RecordVerb', status: 'completed' });
  expect(second.recordings.get(recordingSid)!.pcm).toEqual(pcm); // WAV keeps every sample

  // What a teammate's page reads after the restart, with the token it had before.
  const voicemail = await asAlice(second, token, '/voicemail');
  expect(voicemail.status).toBe(200);
  expect((await voicemail.json()).messages).toEqual([expect.objectContaining({ id: recordingSid, from: expect.objectContaining({ number: '+12025550143' }) })]);
  const audio = await asAlice(second, token, `/recording?id=${recordingSid}`);
  expect(audio.status).toBe(200);
  const seconds = (await decodeMp3(new Uint8Array(await audio.arrayBuffer()))).length / 8000;
  expect(Math.abs(seconds - samples / 8000)).toBeLessThan(0.5); // MP3 frames pad the end
  const history = await (await asAlice(second, token, '/calls')).json();
  expect(history.entries[0]).toMatchObject({ id: callSid, direction: 'in', outcome: 'voicemail' });

  // A voicemail deleted after the restart is gone for good: its audio file goes at the next save.
  expect(
    (await fetch(`${second.url}/voicemail-delete`, { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/x-www-form-urlencoded' }, body: `id=${recordingSid}` }))
      .status,
  ).toBe(200);
  await second.stop();
  expect(existsSync(join(folder, 'recordings', `${recordingSid}.wav`))).toBe(false);
  const third = await simulator(folder);
  expect(third.recordings.list()).toEqual([]);
  expect(third.calls().map((c) => c.sid)).toEqual([callSid]);
}, 120_000);

test("a restart keeps the account's Sync Service and what it holds", async () => {
  const folder = newFolder();
  const first = await simulator(folder);
  const service = first.env.SYNC_SERVICE_SID;
  const auth = { Authorization: `Basic ${Buffer.from(`${first.env.ACCOUNT_SID}:${first.env.AUTH_TOKEN}`).toString('base64')}` };
  const created = await fetch(`${first.url}/v1/Services/${service}/Documents`, {
    method: 'POST',
    headers: { ...auth, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ UniqueName: 'team', Data: JSON.stringify({ dnd: ['bob'] }) }),
  });
  expect(created.status).toBe(201);
  await first.stop();

  const second = await simulator(folder);
  expect(second.env.SYNC_SERVICE_SID).toBe(service);
  const read = await fetch(`${second.url}/v1/Services/${service}/Documents/team`, { headers: auth });
  expect(read.status).toBe(200);
  expect((await read.json()).data).toEqual({ dnd: ['bob'] });
}, 120_000);

test('starting afresh: a new folder, or the old one erased, is a new account with no records; erase never deletes a folder that is not a state folder', async () => {
  const folder = newFolder();
  const first = await simulator(folder);
  first.recordings.add({ callSid: `CA${'a'.repeat(32)}`, source: 'RecordVerb', status: 'completed', startedAt: new Date(), pcm: new Int16Array(8000) });
  await first.stop();

  StateFolder.erase(folder);
  expect(existsSync(folder)).toBe(false);
  const fresh = await simulator(folder);
  expect(fresh.env.ACCOUNT_SID).not.toBe(first.env.ACCOUNT_SID);
  expect([fresh.recordings.list(), fresh.calls(), fresh.conferences.list()]).toEqual([[], [], []]);

  const someoneElses = newFolder();
  writeFileSync(join(someoneElses, 'notes.txt'), 'keep me');
  expect(() => StateFolder.erase(someoneElses)).toThrow(/not a simulator state folder/);
  expect(readdirSync(someoneElses)).toEqual(['notes.txt']);
  StateFolder.erase(join(someoneElses, 'missing')); // nothing there: nothing to do
}, 120_000);

test('an unreadable store file is set aside and noted; that store starts empty, the others are restored', async () => {
  const folder = newFolder();
  const first = await simulator(folder);
  const recording = first.recordings.add({ callSid: `CA${'b'.repeat(32)}`, source: 'RecordVerb', status: 'completed', startedAt: new Date(), pcm: new Int16Array(8000).fill(1000) });
  await first.stop();
  writeFileSync(join(folder, 'conferences.json'), '{"version":1,"state":[{"sid":"nonsense"}]}');
  writeFileSync(join(folder, 'calls.json'), '{ not json');

  const notes: string[] = [];
  const second = await simulator(folder, (line) => notes.push(line));
  expect(second.calls()).toEqual([]);
  expect(second.conferences.list()).toEqual([]);
  expect(second.recordings.get(recording.sid)?.pcm.length).toBe(8000);
  expect(second.env.ACCOUNT_SID).toBe(first.env.ACCOUNT_SID);
  expect(readFileSync(join(folder, 'calls.json.unreadable'), 'utf8')).toBe('{ not json');
  expect(existsSync(join(folder, 'conferences.json.unreadable'))).toBe(true);
  expect(notes.filter((line) => line.includes('could not be restored'))).toHaveLength(2);
}, 120_000);

test('a call the simulator stopped during (its last save made while it ran) is restored ended, its legs too', () => {
  const folder = newFolder();
  const live: SimCall = {
    sid: `CA${'c'.repeat(32)}`,
    from: '+12025550143',
    to: '+14155550100',
    direction: 'inbound',
    status: 'in-progress',
    startedAt: '2026-03-02T10:00:00.000Z',
    answeredAt: '2026-03-02T10:00:05.000Z',
    legs: [
      { sid: `CA${'d'.repeat(32)}`, to: 'client:alice', from: '+12025550143', deviceId: 1, status: 'in-progress', startedAt: '2026-03-02T10:00:00.000Z', answeredAt: '2026-03-02T10:00:05.000Z' },
      { sid: `CA${'e'.repeat(32)}`, to: 'client:bob', from: '+12025550143', deviceId: 2, status: 'ringing', startedAt: '2026-03-02T10:00:00.000Z' },
    ],
    webhooks: [],
    says: [],
    events: [{ at: '2026-03-02T10:00:35.000Z', text: 'something happened' }],
  };
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, 'calls.json'), JSON.stringify({ version: 1, state: [live] }));
  const log = new CallLog();
  new StateFolder(folder).register(log);
  const [restored] = log.list();
  expect(restored).toMatchObject({ status: 'completed', endedAt: '2026-03-02T10:00:35.000Z', duration: 30 });
  expect(restored.legs.map((leg) => [leg.status, leg.endedAt])).toEqual([
    ['completed', '2026-03-02T10:00:35.000Z'],
    ['canceled', '2026-03-02T10:00:35.000Z'],
  ]);
  expect(restored.events.at(-1)?.text).toBe('the simulator stopped during this call');
});
