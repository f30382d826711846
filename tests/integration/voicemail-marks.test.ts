/**
 * The team's voicemail marks over real HTTP: the built Functions in twilio-run against the
 * simulator, whose REST API holds the calls and recordings and whose Sync holds the marks, reached
 * through getTwilioClient() as deployed. Each test leaves a voicemail of its own on a call nobody
 * took, then plays, handles and deletes it as pages do, with teammates' access tokens (a new token
 * is a new session: another browser of the same person).
 */
import { startSimulator, type Simulator } from '../../simulator';
import type { HistoryEntry, HistoryPage } from '../../src/lib/contract/calls';
import type { TeamState } from '../../src/lib/contract/team';
import type { VoicemailList } from '../../src/lib/contract/voicemail';
import { VOICEMAIL_MAP } from '../../src/lib/store/team-layout';
import { tokenFor } from '../simulator/helpers';
import type { PStreamClient } from '../support/pstream-client';
import { leaveVoicemail, missedCall, phoneFor } from '../support/team-calls';

jest.setTimeout(60_000);

const CALLER = '+12025550143';
let sim: Simulator;
let phone: PStreamClient;

beforeAll(async () => {
  sim = await startSimulator({ env: { RING_TIMEOUT: '5' } });
  phone = await phoneFor(sim, CALLER);
}, 60_000);

afterAll(async () => {
  phone?.close();
  await sim?.stop();
});

/** A message left on a call of its own; its recording SID and the call's. */
async function newVoicemail(): Promise<{ id: string; call: string }> {
  const call = await missedCall(sim, phone, CALLER);
  return { id: await leaveVoicemail(sim, call, 2), call };
}

interface Answer<T> {
  status: number;
  body: T & { error?: { code: string; message: string } };
  retryAfter: string | null;
}

async function send<T>(path: string, token: string | undefined, form?: Record<string, string>): Promise<Answer<T>> {
  const response = await fetch(`${sim.url}${path}`, {
    method: form ? 'POST' : 'GET',
    headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...(form ? { 'Content-Type': 'application/x-www-form-urlencoded' } : {}) },
    ...(form ? { body: new URLSearchParams(form) } : {}),
  });
  return { status: response.status, body: (await response.json()) as Answer<T>['body'], retryAfter: response.headers.get('retry-after') };
}

const played = (token: string, id: string, extra: Record<string, string> = {}) => send<{ id: string; played: true }>('/voicemail-played', token, { id, ...extra });
const handled = (token: string, id: string, value: string) => send<{ id: string; handled: { by: string; at: string } | null }>('/voicemail-handled', token, { id, handled: value });
const remove = (token: string, id: string) => send<{ deleted: string }>('/voicemail-delete', token, { id });
/** The message `id` as `token`'s person sees it in `GET /voicemail`. */
const seen = async (token: string, id: string) => {
  const answer = await send<VoicemailList>('/voicemail', token);
  expect([answer.status, answer.body.marks]).toEqual([200, true]);
  return answer.body.messages.find((message) => message.id === id);
};
const voicemailTag = async (token: string) => (await send<TeamState>('/team', token)).body.changes?.voicemail;
const historyEntry = async (token: string, call: string): Promise<HistoryEntry | undefined> => (await send<HistoryPage>('/calls', token)).body.entries.find((entry) => entry.id === call);
const syncItems = () => sim.sync.items(sim.env.SYNC_SERVICE_SID, VOICEMAIL_MAP);

test('played belongs to the person: every session of theirs sees it, a teammate does not; the voicemail tag moves once', async () => {
  const { id } = await newVoicemail();
  const [aliceHere, aliceThere, bob] = [tokenFor(sim, 'alice'), tokenFor(sim, 'alice'), tokenFor(sim, 'bob')];
  expect((await seen(aliceThere, id))?.played).toBe(false);
  const before = await voicemailTag(bob);
  expect(await played(aliceHere, id)).toEqual({ status: 200, body: { id, played: true }, retryAfter: null });
  expect((await seen(aliceThere, id))?.played).toBe(true);
  expect((await seen(bob, id))?.played).toBe(false);
  const after = await voicemailTag(bob);
  expect(after).not.toBe(before);
  // Played again: nothing changes, so nothing moves.
  expect((await played(aliceThere, id)).status).toBe(200);
  expect(await voicemailTag(bob)).toBe(after);
});

test('whose mark it is comes from the session, never from the request', async () => {
  const { id } = await newVoicemail();
  expect((await played(tokenFor(sim, 'alice'), id, { identity: 'bob', by: 'bob' })).status).toBe(200);
  expect((await seen(tokenFor(sim, 'bob'), id))?.played).toBe(false);
  expect((await seen(tokenFor(sim, 'alice'), id))?.played).toBe(true);
  expect((await handled(tokenFor(sim, 'alice'), id, 'true')).body.handled?.by).toBe('alice');
});

test('handled shows who and when to everyone; it keeps the first mark; a teammate undoes it', async () => {
  const { id } = await newVoicemail();
  const [alice, bob] = [tokenFor(sim, 'alice'), tokenFor(sim, 'bob')];
  const marked = await handled(bob, id, 'true');
  expect(marked.status).toBe(200);
  expect(marked.body).toEqual({ id, handled: { by: 'bob', at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) } });
  expect(Math.abs(Date.parse(marked.body.handled!.at) - Date.now())).toBeLessThan(60_000);
  expect((await seen(alice, id))?.handled).toEqual(marked.body.handled);
  // alice marks it too: it stays bob's.
  expect((await handled(alice, id, 'true')).body.handled).toEqual(marked.body.handled);
  const before = await voicemailTag(alice);
  expect(await handled(alice, id, 'false')).toEqual({ status: 200, body: { id, handled: null }, retryAfter: null });
  expect(await seen(bob, id)).not.toHaveProperty('handled');
  expect(await voicemailTag(bob)).not.toBe(before);
});

test('deleting a message takes its marks with it, and the history keeps its call as a voicemail, deleted', async () => {
  const { id, call } = await newVoicemail();
  const [alice, bob] = [tokenFor(sim, 'alice'), tokenFor(sim, 'bob')];
  expect((await played(alice, id)).status).toBe(200);
  expect((await handled(bob, id, 'true')).status).toBe(200);
  expect(await historyEntry(bob, call)).toEqual(expect.objectContaining({ outcome: 'voicemail', voicemail: { id, seconds: 2 } }));
  expect(await remove(alice, id)).toEqual({ status: 200, body: { deleted: id }, retryAfter: null });
  expect(sim.recordings.get(id)).toBeUndefined();
  expect(await seen(bob, id)).toBeUndefined();
  expect(await historyEntry(bob, call)).toEqual(expect.objectContaining({ outcome: 'voicemail', voicemail: { id, seconds: 2, deleted: true } }));
  const item = syncItems().find((entry) => entry.key.endsWith(id));
  expect(item?.data).toEqual({ call, seconds: 2, played: [], deleted: { by: 'alice', at: expect.any(Number) } });
  // A deleted message takes no more marks.
  expect((await played(bob, id)).body.error?.code).toBe('SB_NOT_FOUND');
  expect((await handled(bob, id, 'false')).status).toBe(404);
});

test('refusals: no session 401, a revoked one 401, bad input a clear 400, anything but a team voicemail 404; nothing is marked', async () => {
  const { id, call } = await newVoicemail();
  const carol = tokenFor(sim, 'carol');
  for (const path of ['/voicemail-played', '/voicemail-handled']) {
    const refused = await send(path, undefined, { id, handled: 'true' });
    expect([refused.status, refused.body.error?.code]).toEqual([401, 'SB_SESSION']);
  }
  const alice = tokenFor(sim, 'alice');
  for (const bad of [{ id: '' }, { id: 'RE123' }, { id: `${id} ` }, { id: call }]) {
    const refused = await send('/voicemail-played', alice, bad);
    expect([refused.status, refused.body.error?.code, refused.body.error?.message]).toEqual([400, 'SB_BAD_REQUEST', expect.stringContaining('recording SID')]);
  }
  for (const value of ['', 'yes', 'TRUE']) {
    const refused = await handled(alice, id, value);
    expect([refused.status, refused.body.error?.code, refused.body.error?.message]).toEqual([400, 'SB_BAD_REQUEST', 'handled must be true or false']);
  }
  const conference = sim.recordings.add({ callSid: call, source: 'Conference', status: 'completed', startedAt: new Date(), pcm: new Int16Array(8000) }).sid;
  for (const other of [`RE${'0'.repeat(32)}`, conference]) expect((await played(alice, other)).body.error?.code).toBe('SB_NOT_FOUND');

  expect((await send('/sign-out-everywhere', carol, {})).status).toBe(200);
  for (const request of [played(carol, id), handled(carol, id, 'true'), send('/voicemail', carol)]) expect((await request).body.error?.code).toBe('SB_SESSION_REVOKED');
  expect(syncItems().filter((entry) => entry.key.endsWith(id))).toEqual([]);
});

test('Sync down: marking and listing answer 503 with Retry-After, deleting too and deletes nothing; all works once it is back', async () => {
  const { id } = await newVoicemail();
  const alice = tokenFor(sim, 'alice');
  sim.sync.available = false;
  try {
    for (const request of [played(alice, id), handled(alice, id, 'true'), send('/voicemail', alice), remove(alice, id)]) {
      const answer = await request;
      expect([answer.status, answer.body.error?.code, answer.retryAfter]).toEqual([503, 'SB_STORE_UNAVAILABLE', '5']);
    }
  } finally {
    sim.sync.available = true;
  }
  expect(sim.recordings.get(id)).toBeDefined();
  expect(await seen(alice, id)).toEqual(expect.objectContaining({ played: false }));
  expect((await played(alice, id)).status).toBe(200);
  expect((await seen(alice, id))?.played).toBe(true);
});
