/**
 * The simulator is the test bed of every call test, so it must not be the weak part: generated
 * junk frames from signed-in and anonymous sockets, invalid SDPs, 500 clients that connect and
 * vanish (some mid-handshake, some mid-call), and a client that never echoes a heartbeat. After
 * each: the simulator still places a normal call, no call is left unfinished, no socket or timer
 * is left behind, and memory returns to its baseline.
 */
import fc from 'fast-check';
import { connect } from 'node:net';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import WebSocket from 'ws';
import { startSimulator, type Simulator } from '../../simulator';
import { checkProperty } from '../support/property';
import { PStreamClient } from '../support/pstream-client';
import { until } from '../support/until';
import { sdp, settledCall, tokenFor } from '../simulator/helpers';
import { assertHarmless, inParallel, oversizedHead } from './hostile-http';
import { anyValue, hostileText, identityLike, phoneLike } from './hostile-values';

// A real garbage collection, so memory is compared after collection and not by luck.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

let sim: Simulator;

beforeAll(async () => {
  sim = await startSimulator({ env: { RING_TIMEOUT: '5' } });
});
afterAll(() => sim?.stop());

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const unfinished = () => sim.calls().filter((call) => !call.endedAt || ['ringing', 'in-progress'].includes(call.status) || call.legs.some((leg) => !leg.endedAt));

/** Open sockets and timers of this process (the simulator runs in it, twilio-run does not). */
function resources(): { sockets: number; timers: number } {
  const info = process.getActiveResourcesInfo();
  return { sockets: info.filter((type) => type === 'TCPSocketWrap').length, timers: info.filter((type) => type === 'Timeout').length };
}

/** A full alice → bob call with answer and hangup: proof the simulator still works. */
async function normalCall(): Promise<void> {
  const alice = await PStreamClient.registered(sim.url, tokenFor(sim, 'alice'));
  const bob = await PStreamClient.registered(sim.url, tokenFor(sim, 'bob'));
  try {
    alice.send('invite', { callsid: `TJS${Math.random().toString(16).slice(2)}`, sdp: sdp('offer'), twilio: { params: 'To=bob' } });
    const { callsid } = await alice.next('ringing');
    const invite = await bob.next('invite');
    bob.send('answer', { callsid: invite.callsid, sdp: sdp('answer') });
    expect((await alice.next('answer')).sdp).toMatch(/^v=0/); // the simulator's own answer: media ends at the simulator
    alice.send('hangup', { callsid });
    await bob.next('hangup');
    expect((await settledCall(sim, callsid)).status).toBe('completed');
  } finally {
    alice.close();
    bob.close();
  }
}

/** Payload values: sometimes right, mostly wrong in type, shape or size. */
const fieldValue = fc.oneof(
  anyValue,
  fc.constantFrom(sdp('fuzz'), `${sdp('big')}${'a=x\r\n'.repeat(20_000)}`, 'v=0', '', null, 0, -1, 1e308, true, [], {}, { audio: true }, [sdp('x')]),
  fc.jsonValue({ maxDepth: 3 }),
);
const framePayload = fc.record(
  {
    callsid: fc.oneof(fc.constantFrom('TJSfuzz', 'CA-unknown', ''), fieldValue),
    sdp: fieldValue,
    token: fc.oneof(fc.constant('valid'), fieldValue),
    media: fc.oneof(fc.constant({ audio: true }), fieldValue),
    twilio: fc.oneof(
      fc.oneof(phoneLike, identityLike).map((to) => ({ params: new URLSearchParams({ To: to }).toString() })),
      fieldValue,
    ),
    parameters: fieldValue,
    reconnect: fieldValue,
  },
  { requiredKeys: [] },
);
/** One thing a hostile client may send: a frame of a known or unknown type, or raw junk. */
const hostileFrame = fc.oneof(
  {
    weight: 5,
    arbitrary: fc
      .record({
        type: fc.oneof(fc.constantFrom('listen', 'register', 'invite', 'answer', 'reject', 'hangup', 'cancel', 'dtmf', 'reinvite', 'message'), hostileText),
        version: fc.constantFrom('1.6', '9', undefined),
        payload: fc.oneof(framePayload, fieldValue),
      })
      .map((frame) => ({ kind: 'json' as const, frame })),
  },
  { weight: 2, arbitrary: hostileText.map((text) => ({ kind: 'text' as const, text })) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 512 }).map((bytes) => ({ kind: 'binary' as const, bytes })) },
);

describe('simulator robustness', () => {
  let baseline: { heap: number; sockets: number; timers: number };

  beforeAll(async () => {
    await normalCall(); // warm every code path before taking the baseline
    gc();
    baseline = { heap: process.memoryUsage().heapUsed, ...resources() };
  });

  afterEach(async () => {
    await until(() => unfinished().length === 0, 'every call ending', 15_000, 25);
  });

  test('generated junk frames from signed-in and anonymous sockets: no crash, each socket answers or is closed', async () => {
    let frames = 0;
    let probes = 0;
    await checkProperty(
      'junk frames',
      fc.asyncProperty(fc.boolean(), fc.array(hostileFrame, { minLength: 1, maxLength: 12 }), async (signedIn, junk) => {
        const client = signedIn ? await PStreamClient.registered(sim.url, tokenFor(sim, 'alice')) : await PStreamClient.connect(sim.url);
        try {
          for (const item of junk) {
            frames++;
            if (item.kind === 'binary') client.sendRaw(Buffer.from(item.bytes));
            else if (item.kind === 'text') client.sendRaw(item.text);
            else {
              const payload = item.frame.payload as Record<string, unknown>;
              const withToken = payload && typeof payload === 'object' && payload.token === 'valid' ? { ...payload, token: tokenFor(sim, 'bob') } : payload;
              client.sendRaw(JSON.stringify({ ...item.frame, payload: withToken }));
            }
          }
          // Still served after the junk: an invite without SDP gets an answer naming its callsid
          // (an error when not signed in, a hangup otherwise), unless the server closed the
          // socket for abuse (oversized or too many bad frames), which is fine too.
          const probe = `TJSprobe${++probes}`;
          client.send('invite', { callsid: probe });
          const named = (p: Record<string, unknown>) => p.callsid === probe;
          const answered = Promise.any([client.next('error', named), client.next('hangup', named)]);
          const outcome = await Promise.race([
            answered.then(
              () => 'answered',
              () => 'silent',
            ),
            client.closed.then(() => 'closed'),
          ]);
          expect(outcome).not.toBe('silent');
        } finally {
          client.close();
        }
      }),
      { numRuns: 300 },
    );
    console.log(`simulator: ${frames} junk frames on 300 sockets`);
    await normalCall();
  }, 90_000);

  /** Simulator files and JSON that any GET or HEAD receives whatever its query string. */
  const SERVED = new Set(['/__sim/calls', '/__sim/config', '/__sim/phone', '/__sim/inject.js']);

  /**
   * The status the simulator's routes are documented to give (`sim-pages.ts`, `front-server.ts`),
   * from the path as the client sends it: `maybe-token` where it depends on whether the number is
   * a possible phone number (200 with a token for it, or 400).
   */
  function expectedStatus(route: string, method: string, query: readonly [string, string][]): number | 'maybe-token' {
    const path = new URL(route, 'http://localhost').pathname; // as fetch sends it: `..` resolved
    if (path === '/signal') return 426; // plain HTTP to the WebSocket endpoint: Upgrade Required
    if (!path.startsWith('/__sim/')) return 404; // climbed out of /__sim/: twilio-run has no such file
    if (method !== 'GET' && method !== 'HEAD') return 405;
    if (SERVED.has(path)) return 200;
    if (path !== '/__sim/phone-token') return 404;
    const number = query.find(([key]) => key === 'number')?.[1] ?? '';
    // Any decimal digit: phone number parsing reads full-width and other scripts' digits too (＋１４１５…).
    return /\p{Nd}/u.test(number) ? 'maybe-token' : 400;
  }

  test('junk HTTP to the simulator’s own routes and the signaling URL: exactly the documented status (a 4xx for each refusal), never 5xx, nothing leaked', async () => {
    const route = fc.constantFrom(
      '/__sim/calls',
      '/__sim/config',
      '/__sim/phone-token',
      '/__sim/phone',
      '/__sim/inject.js',
      '/__sim/',
      '/__sim/%2e%2e/%2e%2e/package.json',
      '/__sim/../.env',
      '/signal',
      '/__sim/phone-token/',
    );
    const request = fc.record({
      route,
      query: fc.array(fc.tuple(fc.constantFrom('number', 'identity', 'ttl'), anyValue), { maxLength: 3 }),
      method: fc.constantFrom('GET', 'GET', 'HEAD', 'POST', 'DELETE', 'OPTIONS'),
    });
    // /__sim/config hands out the demo's (made-up) account SID and auth token for REST scripts.
    const secretsOf = (route: string) => (route === '/__sim/config' ? [sim.env.API_SECRET] : [sim.env.AUTH_TOKEN, sim.env.API_SECRET]);
    /** Responses by expected → actual status, e.g. "405 → 405". */
    const outcomes = new Map<string, number>();
    await checkProperty(
      'junk HTTP to the simulator',
      fc.asyncProperty(fc.array(request, { minLength: 8, maxLength: 8 }), async (batch) => {
        await inParallel(
          batch.map(({ route, query, method }) => async () => {
            const path = `${route}?${new URLSearchParams(query)}`;
            const response = await fetch(`${sim.url}${path}`, { method });
            const seen = { status: response.status, headers: response.headers, body: await response.text() };
            // Node refuses a head over its 16 KiB limit itself, before any route sees it.
            const expected = seen.status === 431 && oversizedHead(path, new Headers()) ? 431 : expectedStatus(route, method, query);
            const url = path.slice(0, 200);
            outcomes.set(`${expected} → ${seen.status}`, (outcomes.get(`${expected} → ${seen.status}`) ?? 0) + 1);
            assertHarmless(seen, secretsOf(route), `${method} ${route}`);
            if (route.includes('..') || route.includes('%2e')) expect(seen.body).not.toMatch(/"devDependencies"|AUTH_TOKEN=/);
            if (expected === 'maybe-token') {
              // A possible number gets a token for that number's phone; anything else a 400.
              expect([`${method} ${url}`, [200, 400].includes(seen.status)]).toEqual([`${method} ${url}`, true]);
              if (seen.status === 200 && method === 'GET') expect(JSON.parse(seen.body)).toEqual(expect.objectContaining({ token: expect.any(String), number: expect.stringMatching(/^\+\d+$/) }));
            } else {
              expect(`${method} ${url} → ${seen.status}`).toBe(`${method} ${url} → ${expected}`);
            }
          }),
        );
      }),
      { numRuns: 40 },
    );
    const list = [...outcomes]
      .sort()
      .map(([outcome, n]) => `${outcome}: ${n}`)
      .join(', ');
    console.log(`simulator: junk HTTP to /__sim and /signal, expected → actual status: ${list}`);
    // Every documented refusal was exercised, not only the 200s.
    for (const code of [400, 404, 405, 426]) expect(list).toContain(`${code} → ${code}`);
  });

  test('junk HTTP to the REST API: Twilio error bodies (4xx), never 5xx, nothing leaked', async () => {
    const account = `/2010-04-01/Accounts/${sim.env.ACCOUNT_SID}`;
    const route = fc.constantFrom(
      `${account}/Calls.json`,
      `${account}/Calls/CA${'0'.repeat(32)}.json`,
      `${account}/Recordings/RE${'0'.repeat(32)}.mp3`,
      `${account}/Conferences.json`,
      `${account}/Conferences/CF${'0'.repeat(32)}/Participants/x.json`,
      `${account}/%2e%2e/%2e%2e/package.json`,
      '/2010-04-01/Accounts/',
      '/2010-04-01/../.env',
    );
    const auth = fc.constantFrom(`${sim.env.ACCOUNT_SID}:${sim.env.AUTH_TOKEN}`, `${sim.env.API_KEY}:${sim.env.API_SECRET}`, 'x:y', '');
    const field = fc.constantFrom('To', 'From', 'Url', 'Twiml', 'Status', 'Timeout', 'PageSize', 'Page', 'StartTime>', 'DateCreated<', 'Muted', 'StatusCallbackEvent');
    const request = fc.record({ route, auth, params: fc.array(fc.tuple(field, anyValue), { maxLength: 4 }), method: fc.constantFrom('GET', 'POST', 'DELETE', 'PUT', 'HEAD') });
    let sent = 0;
    await checkProperty(
      'junk HTTP to the REST API',
      fc.asyncProperty(fc.array(request, { minLength: 8, maxLength: 8 }), async (batch) => {
        await inParallel(
          batch.map(({ route, auth, params, method }) => async () => {
            sent++;
            const query = method === 'GET' || method === 'HEAD' ? `?${new URLSearchParams(params)}` : '';
            const body = query ? undefined : new URLSearchParams(params).toString();
            const headers: Record<string, string> = { 'Content-Type': 'application/x-www-form-urlencoded', ...(auth ? { Authorization: `Basic ${Buffer.from(auth).toString('base64')}` } : {}) };
            const response = await fetch(`${sim.url}${route}${query}`, { method, headers, body });
            const seen = { status: response.status, headers: response.headers, body: await response.text() };
            assertHarmless(seen, [sim.env.AUTH_TOKEN, sim.env.API_SECRET], `${method} ${route}`);
            // (fetch resolves `..` itself: such a path leaves the REST API for twilio-run.)
            // Node refuses an oversized head (431, no body) before any handler runs.
            const isRest = new URL(`${sim.url}${route}`).pathname.startsWith('/2010-04-01/') && !oversizedHead(`${route}${query}`, new Headers(headers));
            if (isRest && seen.status >= 400 && method !== 'HEAD') expect(JSON.parse(seen.body)).toEqual(expect.objectContaining({ code: expect.any(Number), more_info: expect.any(String) }));
          }),
        );
      }),
      { numRuns: 40 },
    );
    // Nothing junk created calls that ring forever: every API call is queued, ringing nobody or over.
    await until(() => sim.calls().every((call) => call.direction !== 'outbound-api' || call.endedAt !== undefined), 'junk API calls to end', 60_000, 25);
    console.log(`simulator: ${sent} junk HTTP requests to the REST API`);
  }, 120_000);

  test('invalid SDPs never start a call or reach a callee', async () => {
    const alice = await PStreamClient.registered(sim.url, tokenFor(sim, 'alice'));
    const bob = await PStreamClient.registered(sim.url, tokenFor(sim, 'bob'));
    try {
      const before = sim.calls().length;
      const invalid = [undefined, '', 'hello', 'v=1', 42, { sdp: 'v=0' }, ['v=0'], `v=0${'x'.repeat(70 * 1024)}`];
      for (const [i, offer] of invalid.entries()) {
        alice.send('invite', { callsid: `TJSbad${i}`, sdp: offer, twilio: { params: 'To=bob' } });
        expect((await alice.next('hangup', (p) => p.callsid === `TJSbad${i}`)).error.code).toBe(31100);
      }
      expect(sim.calls().length).toBe(before);
      expect(bob.unread('invite')).toEqual([]);
    } finally {
      alice.close();
      bob.close();
    }
  });

  test('500 clients connect and drop abruptly (mid-handshake, signed in, mid-call): nothing leaks, memory returns', async () => {
    const tokens = { alice: tokenFor(sim, 'alice'), bob: tokenFor(sim, 'bob'), carol: tokenFor(sim, 'carol') };
    const port = Number(new URL(sim.url).port);
    const dropMidHandshake = () =>
      new Promise<void>((resolve) => {
        const socket = connect(port, '127.0.0.1', () => {
          socket.write('GET /signal HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: ');
          socket.destroy();
          resolve();
        });
        socket.on('error', () => resolve());
      });
    const dropSignedIn = async (i: number) => {
      const identity = (['alice', 'bob', 'carol'] as const)[i % 3];
      const client = await PStreamClient.registered(sim.url, tokens[identity]);
      if (i % 4 === 0) {
        // Mid-call: an invite to a teammate (whose devices ring) or a number, then gone at once.
        client.send('invite', { callsid: `TJSdrop${i}`, sdp: sdp('offer'), twilio: { params: `To=${i % 8 === 0 ? 'bob' : '%2B14155550123'}` } });
      }
      client.close();
    };
    const cycle = async () => {
      const tasks = Array.from({ length: 500 }, (_, i) => () => (i % 5 === 4 ? dropMidHandshake() : dropSignedIn(i)));
      await inParallel(tasks, 50);
      await until(() => unfinished().length === 0, 'every call ending', 15_000, 25);
      await until(() => sim.openMediaLegs() === 0, 'every media endpoint closing', 15_000, 25);
      await until(
        () => {
          const now = resources();
          // A little slack for the test's own timers and idle keep-alive sockets to twilio-run;
          // 500 leaked connections would each keep a socket and a heartbeat timer.
          return now.sockets <= baseline.sockets + 4 && now.timers <= baseline.timers + 4;
        },
        'sockets and timers returning to baseline',
        15_000,
        25,
      );
    };
    const heapAfter = async () => {
      gc();
      await wait(50);
      gc();
      return process.memoryUsage().heapUsed;
    };
    await cycle();
    const afterFirst = await heapAfter();
    await cycle();
    await cycle();
    const afterThird = await heapAfter();
    const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MB`;
    console.log(
      `simulator: 1,500 abrupt clients in 3 cycles; heap baseline ${mb(baseline.heap)}, after cycle 1 ${mb(afterFirst)}, after cycle 3 ${mb(afterThird)}; ${sim.calls().length} calls logged; sockets/timers ${JSON.stringify(resources())} vs baseline ${baseline.sockets}/${baseline.timers}`,
    );
    // Two more cycles of 500 add nothing that stays (the call log is capped at 500 calls, so it
    // may still fill up; 8 MB is far below what 1,000 leaked connections or calls would hold).
    expect(afterThird - afterFirst).toBeLessThan(8 * 2 ** 20);
    // And back near where it started, give or take the call log (capped at 500 calls).
    expect(afterThird - baseline.heap).toBeLessThan(20 * 2 ** 20);
    await normalCall();
  }, 120_000);

  test('a client that never echoes a heartbeat or answers an invite: the call ends at RING_TIMEOUT, nothing leaks', async () => {
    const silent = new WebSocket(`${sim.url.replace(/^http/, 'ws')}/signal`);
    const heard: string[] = [];
    silent.on('message', (data) => heard.push((data as Buffer).toString())); // never echoes "\n", never answers
    await new Promise((resolve, reject) => silent.once('open', resolve).once('error', reject));
    silent.send(JSON.stringify({ type: 'listen', version: '1.6', payload: { token: tokenFor(sim, 'carol') } }));
    silent.send(JSON.stringify({ type: 'register', version: '1.6', payload: { media: { audio: true } } }));
    await until(() => heard.some((text) => text.includes('"ready"')), 'ready', 5000, 25);

    const alice = await PStreamClient.registered(sim.url, tokenFor(sim, 'alice'));
    try {
      alice.send('invite', { callsid: 'TJSsilent', sdp: sdp('offer'), twilio: { params: 'To=carol' } });
      const { callsid } = await alice.next('ringing');
      await until(() => heard.some((text) => text.includes('"invite"')), 'the silent client being invited', 5000, 25);
      await alice.next('hangup', () => true, 15_000); // RING_TIMEOUT is 5 s; then the no-answer goodbye
      const call = await settledCall(sim, callsid);
      expect(call.legs.map((leg) => leg.status)).toEqual(['no-answer']);
      expect(heard.some((text) => text.includes('"cancel"'))).toBe(true);
      await until(() => heard.includes('\n'), 'a heartbeat reaching the silent client', 6000, 25);
    } finally {
      alice.close();
      silent.terminate();
    }
    await normalCall();
  }, 30_000);
});
