/**
 * The page's freshness (`GET /team` with its ETag) on a fake clock: what an idle page asks of the
 * Functions in an hour, visible and hidden, token renewals included, against the goal of at most
 * 250 invocations an hour visible and 70 hidden; and voicemail and history fetched only when their
 * tags moved. Counted from the requests the page's own code sends, never from wall time.
 */
import { TokenKeeper } from '../../src/client/api/session';
import type { TeamState } from '../../src/lib/contract/team';
import type { TokenReply } from '../../src/lib/contract/token';
import { HIDDEN_UPDATE_MS, TeamFreshness, VISIBLE_UPDATE_MS, type ChangedRecords } from '../../src/client/team/team-freshness';

const HOUR = 3600_000;
const TOKEN_TTL_MS = 3600_000;

function reply(): TokenReply {
  const now = Date.now();
  return {
    identity: 'alice',
    token: `t${now}`,
    expiresAt: new Date(now + TOKEN_TTL_MS).toISOString(),
    sessionExpiresAt: new Date(now + 12 * HOUR).toISOString(),
    team: ['alice', 'bob'],
    allowedCountries: ['US'],
    teamNumber: '+14155550100',
  };
}

const state = (changes = { voicemail: '0', history: '0' }, bob: TeamState['team'][number]['presence'] = 'available'): TeamState => ({
  identity: 'alice',
  dnd: false,
  team: [
    { identity: 'alice', presence: 'available' },
    { identity: 'bob', presence: bob },
  ],
  changes,
});

/** A server that answers /team from `current` (304 when the ETag matches) and /token with a fresh token; counts each path. */
function server() {
  const counts = new Map<string, number>();
  let current = state();
  const etag = () => `"${JSON.stringify(current).length}-${current.changes?.voicemail}-${current.changes?.history}-${current.team[1].presence}"`;
  const fetcher = ((input: RequestInfo | URL, init?: RequestInit) => {
    const path = (input instanceof Request ? input.url : input.toString()).split('?')[0];
    counts.set(path, (counts.get(path) ?? 0) + 1);
    if (path === '/token') return Promise.resolve(Response.json(reply()));
    const asked = new Headers(init?.headers).get('If-None-Match');
    if (asked === etag()) return Promise.resolve(new Response(null, { status: 304, headers: { ETag: etag() } }));
    return Promise.resolve(Response.json(current, { headers: { ETag: etag() } }));
  }) as typeof fetch;
  return { counts, fetcher, set: (next: TeamState) => (current = next) };
}

/** An idle signed-in page: the token keeper and the team's freshness, on `server`. */
function idlePage(visible: () => boolean) {
  const backend = server();
  const changed: ChangedRecords[] = [];
  const pictures: TeamState[] = [];
  const keeper = new TokenKeeper({ onToken: () => undefined, onRetry: () => undefined, onEnded: () => undefined }, backend.fetcher);
  keeper.schedule(reply());
  const freshness = new TeamFreshness({ fetcher: backend.fetcher, token: () => 'token' }, { picture: (s) => pictures.push(s), changed: (r) => changed.push(r), failed: () => undefined }, visible);
  return { backend, changed, pictures, keeper, freshness };
}

beforeEach(() => jest.useFakeTimers({ now: Date.parse('2026-07-01T09:00:00Z') }));
afterEach(() => jest.useRealTimers());

test.each([
  ['visible', 250, true],
  ['hidden', 70, false],
])('an idle %s page asks the Functions at most %i times an hour, token renewals included', async (_name, goal, isVisible) => {
  const page = idlePage(() => isVisible);
  await page.freshness.now();
  await jest.advanceTimersByTimeAsync(HOUR);
  page.freshness.stop();
  page.keeper.stop();
  const total = [...page.backend.counts.values()].reduce((a, b) => a + b, 0);
  const updates = page.backend.counts.get('/team') ?? 0;
  console.log(`idle ${_name} page, one hour: ${JSON.stringify(Object.fromEntries(page.backend.counts))}`);
  expect(total).toBeLessThanOrEqual(goal);
  // …and still updates at least every 15 s visible (60 s hidden): a change shows within one update.
  expect(updates).toBeGreaterThanOrEqual(HOUR / (isVisible ? VISIBLE_UPDATE_MS : HIDDEN_UPDATE_MS));
  expect([...page.backend.counts.keys()].sort()).toEqual(['/team', '/token']);
});

test('a page that becomes visible updates at once, then every 15 s', async () => {
  let visible = false;
  const page = idlePage(() => visible);
  await page.freshness.now();
  await jest.advanceTimersByTimeAsync(20_000);
  expect(page.backend.counts.get('/team')).toBe(1);
  visible = true;
  await page.freshness.now();
  expect(page.backend.counts.get('/team')).toBe(2);
  await jest.advanceTimersByTimeAsync(VISIBLE_UPDATE_MS);
  expect(page.backend.counts.get('/team')).toBe(3);
  page.freshness.stop();
  page.keeper.stop();
});

test('voicemail and history are fetched only when their tags moved; presence changes come as a new picture', async () => {
  const page = idlePage(() => true);
  await page.freshness.now();
  expect([page.changed, page.pictures.length]).toEqual([[], 1]);
  await jest.advanceTimersByTimeAsync(VISIBLE_UPDATE_MS);
  expect([page.changed, page.pictures.length]).toEqual([[], 1]);
  page.backend.set(state({ voicemail: '1', history: '1' }));
  await jest.advanceTimersByTimeAsync(VISIBLE_UPDATE_MS);
  expect(page.changed).toEqual(['voicemail', 'history']);
  page.backend.set(state({ voicemail: '1', history: '2' }, 'on-call'));
  await jest.advanceTimersByTimeAsync(VISIBLE_UPDATE_MS);
  expect(page.changed).toEqual(['voicemail', 'history', 'history']);
  expect(page.pictures.at(-1)?.team[1].presence).toBe('on-call');
  page.freshness.stop();
  page.keeper.stop();
});

test('a failure backs off and honours Retry-After, then updates resume and fetch both bodies (whatever changed meanwhile)', async () => {
  let fail = true;
  const backend = server();
  const failing = (async (input: RequestInfo | URL, init?: RequestInit) =>
    fail ? new Response(JSON.stringify({ error: { code: 'SB_STORE_UNAVAILABLE' } }), { status: 503, headers: { 'Retry-After': '10' } }) : backend.fetcher(input, init)) as typeof fetch;
  const delays: number[] = [];
  const changed: ChangedRecords[] = [];
  const freshness = new TeamFreshness({ fetcher: failing, token: () => 'token' }, { picture: () => undefined, changed: (r) => changed.push(r), failed: (_e, ms) => delays.push(ms) }, () => true);
  await freshness.now();
  expect(delays).toEqual([10_000]);
  fail = false;
  await jest.advanceTimersByTimeAsync(10_000);
  expect(backend.counts.get('/team')).toBe(1);
  expect(changed).toEqual(['voicemail', 'history']);
  freshness.stop();
});
