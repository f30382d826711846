/**
 * GET /team over real HTTP: the built Functions in twilio-run reaching the simulator's Sync
 * through its interception proxy, as deployed Functions reach Twilio's. What the page shows that
 * can change comes in one answer with an ETag; an unchanged picture is a 304 with two Sync reads
 * behind it and no Voice API request. Presence comes from the pages' own requests (a page that
 * stops asking lapses to offline) and from the dialled legs' status callbacks; the voicemail and
 * history tags move when the webhooks that change them run. The Sync clock is the test's.
 */
import type { TeamState } from '../../src/lib/contract/team';
import { basicAuth, PASSCODES } from '../support/fixtures';
import { startWithService, syncRuntimePerFile } from '../support/sync-runtime';
import { postWebhook } from '../support/webhook';

jest.setTimeout(60_000);

let now = Date.parse('2026-07-01T09:00:00Z');
const shared = syncRuntimePerFile(() => now);

/** A fresh Sync Service per test, so no test sees another's presence or markers. */
async function freshTeam(): Promise<void> {
  await shared().runtime.stop();
  Object.assign(shared(), await startWithService(shared().sim));
}

async function signIn(identity: keyof typeof PASSCODES): Promise<string> {
  const response = await fetch(`${shared().runtime.url}/token`, { headers: { Authorization: basicAuth(identity, PASSCODES[identity]), 'X-Requested-With': 'fetch' } });
  return ((await response.json()) as { token: string }).token;
}

interface TeamAnswer {
  status: number;
  etag: string | null;
  body?: TeamState & { error?: { code: string } };
  /** What the Function asked of Twilio to answer (`METHOD host path`). */
  behind: string[];
}

async function team(token: string, etag?: string | null): Promise<TeamAnswer> {
  const { sim, runtime } = shared();
  const before = sim.served.length;
  const response = await fetch(`${runtime.url}/team`, { headers: { Authorization: `Bearer ${token}`, ...(etag ? { 'If-None-Match': etag } : {}) } });
  const text = await response.text();
  return { status: response.status, etag: response.headers.get('etag'), body: text ? (JSON.parse(text) as TeamAnswer['body']) : undefined, behind: sim.served.slice(before) };
}

const presence = (state: TeamState | undefined, who: string) => state?.team.find((person) => person.identity === who);

const webhook = (path: string, params: Record<string, string>) =>
  postWebhook(`${shared().runtime.url}${path}`, { AccountSid: shared().sim.account.sid, ApiVersion: '2010-04-01', ...params }, { authToken: shared().sim.account.state.authToken });

beforeEach(async () => {
  now += 24 * 3600 * 1000;
  await freshTeam();
});

test('an unchanged picture answers 304 to If-None-Match, with two Sync listings behind it and no Voice API request', async () => {
  const alice = await signIn('alice');
  const first = await team(alice);
  expect(first.status).toBe(200);
  expect(first.etag).toMatch(/^"[\w-]+"$/);
  expect(first.body).toEqual({
    identity: 'alice',
    dnd: false,
    team: [
      { identity: 'alice', presence: 'available' },
      { identity: 'bob', presence: 'offline' },
      { identity: 'carol', presence: 'offline' },
    ],
    changes: { voicemail: '0', history: '0' },
  });
  now += 5000;
  const again = await team(alice, first.etag);
  expect([again.status, again.etag, again.body]).toEqual([304, first.etag, undefined]);
  expect(again.behind.sort()).toEqual([`GET sync.twilio.com /v1/Services/${shared().serviceSid}/Maps/live/Items`, `GET sync.twilio.com /v1/Services/${shared().serviceSid}/Maps/team/Items`]);
});

test('a teammate’s page makes them available; a page that stops asking lapses to offline', async () => {
  const [alice, bob] = [await signIn('alice'), await signIn('bob')];
  const before = await team(alice);
  expect(presence(before.body, 'bob')?.presence).toBe('offline');
  await team(bob);
  const seen = await team(alice, before.etag);
  expect(seen.status).toBe(200);
  expect(presence(seen.body, 'bob')?.presence).toBe('available');
  now += 100_000;
  expect((await team(alice, seen.etag)).status).toBe(304);
  now += 60_000;
  const lapsed = await team(alice, seen.etag);
  expect([lapsed.status, presence(lapsed.body, 'bob')?.presence]).toEqual([200, 'offline']);
});

test('a kept voicemail moves the voicemail and history tags; a dialled leg puts both people on a call until it ends', async () => {
  const alice = await signIn('alice');
  const start = await team(alice);
  const kept = await webhook('/recording-status', { CallSid: `CA${'1'.repeat(32)}`, RecordingSid: `RE${'2'.repeat(32)}`, RecordingStatus: 'completed', RecordingDuration: '4' });
  expect(kept.status).toBe(200);
  const afterVoicemail = await team(alice, start.etag);
  expect(afterVoicemail.status).toBe(200);
  const marked = afterVoicemail.body?.changes;
  expect(marked).toEqual({ voicemail: expect.any(String), history: expect.any(String) });
  expect(marked?.voicemail).not.toBe(start.body?.changes?.voicemail);
  expect(marked?.history).not.toBe(start.body?.changes?.history);
  expect(afterVoicemail.behind.filter((request) => request.includes('api.twilio.com'))).toEqual([]);

  // alice's browser calls bob: the <Client> leg's status callbacks.
  const leg = { CallSid: `CA${'3'.repeat(32)}`, ParentCallSid: `CA${'4'.repeat(32)}`, From: 'client:alice', To: 'client:bob', Direction: 'outbound-dial' };
  expect((await webhook('/leg-status', { ...leg, CallStatus: 'in-progress' })).status).toBe(200);
  const onCall = await team(alice, afterVoicemail.etag);
  const since = new Date(Math.floor(now / 1000) * 1000).toISOString();
  expect(presence(onCall.body, 'bob')).toEqual({ identity: 'bob', presence: 'on-call', since, with: 'alice' });
  expect(presence(onCall.body, 'alice')).toEqual({ identity: 'alice', presence: 'on-call', since, with: 'bob' });
  expect(onCall.body?.changes).toEqual(marked); // answered: the history's newest page is as it was
  now += 30_000;
  expect((await webhook('/leg-status', { ...leg, CallStatus: 'completed', CallDuration: '30' })).status).toBe(200);
  const ended = await team(alice, onCall.etag);
  expect([presence(ended.body, 'alice')?.presence, presence(ended.body, 'bob')?.presence]).toEqual(['available', 'offline']);
  expect(ended.body?.changes?.voicemail).toBe(marked?.voicemail);
  expect(ended.body?.changes?.history).not.toBe(marked?.history);
});

test('refusals: no token 401, a revoked session 401 SB_SESSION_REVOKED, an unsigned leg status 403 that changes nothing', async () => {
  expect((await fetch(`${shared().runtime.url}/team`)).status).toBe(401);
  const alice = await signIn('alice');
  const start = await team(alice);
  const forged = await postWebhook(
    `${shared().runtime.url}/leg-status`,
    { CallSid: `CA${'5'.repeat(32)}`, From: 'client:alice', To: 'client:bob', CallStatus: 'in-progress' },
    { authToken: 'not-the-token-0000000000000000000' },
  );
  expect(forged.status).toBe(403);
  expect((await team(alice, start.etag)).status).toBe(304);
  now += 2000;
  const out = await fetch(`${shared().runtime.url}/sign-out-everywhere`, { method: 'POST', headers: { Authorization: `Bearer ${alice}` } });
  expect(out.status).toBe(200);
  const refused = await team(alice, start.etag);
  expect([refused.status, refused.body?.error?.code]).toEqual([401, 'SB_SESSION_REVOKED']);
});

describe('do-not-disturb, the person’s switch', () => {
  const post = (path: string, token: string, form: Record<string, string>) =>
    fetch(`${shared().runtime.url}${path}`, { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form) });
  const voice = async (params: Record<string, string>) => (await webhook('/voice', { CallSid: `CA${'6'.repeat(32)}`, CallStatus: 'ringing', Direction: 'inbound', ...params })).text();
  const clients = (twiml: string) => [...twiml.matchAll(/<Identity>(\w+)<\/Identity>|<Client[^>]*>(\w+)<\/Client>/g)].map((m) => m[1] ?? m[2]);

  test('switched in one session, every session of the person sees it, a new sign-in too; routing rings nobody on it', async () => {
    const [alice, aliceElsewhere, bob] = [await signIn('alice'), await signIn('alice'), await signIn('bob')];
    expect(clients(await voice({ From: '+14155550123', To: '+14155550100' })).sort()).toEqual(['alice', 'bob', 'carol']);
    const switched = await post('/do-not-disturb', alice, { on: 'true' });
    expect([switched.status, await switched.json()]).toEqual([200, { dnd: true }]);
    expect((await team(aliceElsewhere)).body?.dnd).toBe(true);
    expect(presence((await team(bob)).body, 'alice')?.presence).toBe('dnd');
    expect((await team(await signIn('alice'))).body?.dnd).toBe(true);
    expect(clients(await voice({ From: '+14155550123', To: '+14155550100' })).sort()).toEqual(['bob', 'carol']);
    expect((await post('/do-not-disturb', aliceElsewhere, { on: 'false' })).status).toBe(200);
    expect((await team(alice)).body?.dnd).toBe(false);
    expect(clients(await voice({ From: '+14155550123', To: '+14155550100' })).sort()).toEqual(['alice', 'bob', 'carol']);
  });

  test('a teammate’s direct call to them is refused at once, saying so; a phone caller whose only teammates are on it reaches voicemail', async () => {
    for (const who of ['alice', 'bob', 'carol'] as const) expect((await post('/do-not-disturb', await signIn(who), { on: who === 'carol' ? 'false' : 'true' })).status).toBe(200);
    const direct = await voice({ From: 'client:carol', To: 'alice', Direction: 'inbound' });
    expect(clients(direct)).toEqual([]);
    expect(direct).toContain('do not disturb');
    expect(direct).toContain('<Hangup/>');
    expect(clients(await voice({ From: 'client:carol', To: 'bob' }))).toEqual([]);
    expect((await post('/do-not-disturb', await signIn('carol'), { on: 'true' })).status).toBe(200);
    const caller = await voice({ From: '+14155550123', To: '+14155550100' });
    expect(clients(caller)).toEqual([]);
    expect(caller).toContain('<Record');
  });

  test('bad input is a clear 400; nothing is switched', async () => {
    const alice = await signIn('alice');
    const refused = await post('/do-not-disturb', alice, { on: 'maybe' });
    expect([refused.status, ((await refused.json()) as { error: { code: string } }).error.code]).toEqual([400, 'SB_BAD_REQUEST']);
    expect((await team(alice)).body?.dnd).toBe(false);
  });
});
