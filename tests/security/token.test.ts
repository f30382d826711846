/**
 * Strangers at GET /token: wrong passcodes, unknown and injected identities, broken and huge
 * headers, a malformed TEAM. Every one gets a clear 401 (or 400/431/503), never a token and never
 * a 5xx crash; a stranger's 401 is byte-identical to a member's wrong-passcode 401. And a token
 * whose holder has left the team can no longer call out.
 */
import { RefusalTally } from '../support/refusals';
import { hashPasscode } from '../../src/lib/config/passcodes';
import { SAY } from '../../src/lib/voice/twiml';
import { basicAuth, PASSCODES } from '../support/fixtures';
import { verifyHs256 } from '../support/jwt';
import { parseTwiml } from '../support/twiml';
import { outboundParams } from '../support/webhook';
import { Target, targetPerSuite, type Seen } from './hostile-http';

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

/** Authorization headers that must never get a token from the standard team (alice, bob, carol). */
const STRANGERS: [string, string][] = [
  ['a wrong passcode', basicAuth('alice', 'wrong')],
  ['another member’s passcode', basicAuth('alice', PASSCODES.bob)],
  ['the passcode with a trailing space', basicAuth('alice', `${PASSCODES.alice} `)],
  ['the passcode in upper case', basicAuth('alice', PASSCODES.alice.toUpperCase())],
  ['an empty passcode', basicAuth('alice', '')],
  ['an unknown identity', basicAuth('mallory', PASSCODES.alice)],
  ['the identity in upper case', basicAuth('ALICE', PASSCODES.alice)],
  ['the identity with a space', basicAuth('alice ', PASSCODES.alice)],
  ['an empty identity', basicAuth('', PASSCODES.alice)],
  ['identity injection alice:x', basicAuth('alice:x', PASSCODES.alice)],
  ['identity injection ../', basicAuth('../alice', PASSCODES.alice)],
  ['identity injection <Client>', basicAuth('<Client>alice</Client>', PASSCODES.alice)],
  ['identity injection client:alice', basicAuth('client:alice', PASSCODES.alice)],
  ['identity injection alice,bob', basicAuth('alice,bob', PASSCODES.alice)],
  ['identity with a NUL', basicAuth('alice\u0000', PASSCODES.alice)],
  ['identity __proto__', basicAuth('__proto__', PASSCODES.alice)],
  ['identity constructor', basicAuth('constructor', '')],
  ['no header', ''],
  ['an empty Basic', 'Basic '],
  ['Basic alone', 'Basic'],
  ['another scheme', `Digest ${b64(`alice:${PASSCODES.alice}`)}`],
  ['malformed Base64', 'Basic !!!not-base64!!!'],
  ['Base64 without a colon', `Basic ${b64('alice')}`],
  ['Base64 with a space inside', `Basic ${b64(`alice:${PASSCODES.alice}`).replace(/^(.{4})/, '$1 ')}`],
  ['Base64 with broken padding', `Basic ${b64('alice:wrong')}===`],
  ['Basic twice', `Basic ${b64('alice:wrong')}, Basic ${b64(`alice:${PASSCODES.alice}`)}`],
  ['binary credentials', `Basic ${Buffer.from([0xff, 0xfe, 0x00, 0x3a, 0x80, 0x3a]).toString('base64')}`],
  ['a 4 KB passcode', basicAuth('alice', 'p'.repeat(4096))],
];

describe('GET /token against strangers', () => {
  const strangers = new RefusalTally('strangers');
  const suite = targetPerSuite('token', () => strangers.summary());

  const token = (authorization: string, query = '', headers: Record<string, string> = {}): Promise<Seen> =>
    suite.target.send(`/token${query}`, { headers: { ...(authorization ? { Authorization: authorization } : {}), ...headers } });

  /** Tallies an attempt for the suite's summary line (each test asserts its own attempts). */
  function tally(what: string, seen: Seen): Seen {
    strangers.record(what, seen.status === 401 && !seen.body.includes('"token"'), `${seen.status} ${seen.body}`);
    return seen;
  }

  /** The 401 every stranger must get: no token, the table's message, a Basic challenge, no caching. */
  function expectRefused(seen: Seen): void {
    expect(seen.status).toBe(401);
    const body = JSON.parse(seen.body);
    expect(body).toEqual({ error: { code: 'SB_AUTH', message: expect.any(String), action: expect.any(String) } });
    expect(seen.headers.get('www-authenticate')).toMatch(/^Basic realm="Switchboard"/);
    expect(seen.headers.get('cache-control')).toBe('no-store');
  }

  test('a member with the right passcode gets a token for exactly that identity', async () => {
    const seen = await token(basicAuth('bob', PASSCODES.bob));
    expect(seen.status).toBe(200);
    const reply = JSON.parse(seen.body);
    expect(reply.identity).toBe('bob');
    expect(verifyHs256(reply.token, suite.target.env.API_SECRET).payload.grants.identity).toBe('bob');
  });

  test.each(STRANGERS)('%s → 401, no token', async (name, authorization) => {
    expectRefused(tally(name, await token(authorization)));
  });

  test('identity in the query string cannot change whose token it is', async () => {
    const seen = await token(basicAuth('bob', PASSCODES.bob), '?identity=alice&Identity=alice&request=x');
    // `request` replaces the runtime's own request object (and its headers) in local twilio-run,
    // so the credentials are gone: refused, never a token for alice.
    expectRefused(tally('identity in the query string', seen));
    const plain = JSON.parse((await token(basicAuth('bob', PASSCODES.bob), '?identity=alice&Identity=alice')).body);
    expect(plain.identity).toBe('bob');
    expect(verifyHs256(plain.token, suite.target.env.API_SECRET).payload.grants.identity).toBe('bob');
  });

  test('a huge header is refused by the server before any Function runs (431), not a crash', async () => {
    const seen = await token(`Basic ${'A'.repeat(20_000)}`);
    strangers.record('a 20 KB header', seen.status === 431, String(seen.status));
    expect(seen.status).toBe(431);
  });

  test('unknown identity and wrong passcode get byte-identical answers (no enumeration)', async () => {
    const answer = async (authorization: string) => {
      const seen = await token(authorization);
      return { status: seen.status, body: seen.body, headers: [...seen.headers].filter(([name]) => name !== 'date') };
    };
    const unknown = await answer(basicAuth('mallory', 'guess'));
    const wrong = await answer(basicAuth('alice', 'guess'));
    strangers.record('unknown identity', unknown.status === 401, String(unknown.status));
    strangers.record('wrong passcode', wrong.status === 401, String(wrong.status));
    expect([unknown.status, wrong.status]).toEqual([401, 401]);
    expect(wrong).toEqual(unknown);
  });

  test('another website cannot read a token with a member’s saved credentials (no CORS grant)', async () => {
    const seen = await token(basicAuth('alice', PASSCODES.alice), '', { Origin: 'https://evil.example' });
    expect(seen.status).toBe(200);
    expect(seen.headers.get('access-control-allow-origin')).toBeNull();
    expect(seen.headers.get('access-control-allow-credentials')).toBeNull();
  });

  test('the page’s own requests get a 401 without the browser’s login box', async () => {
    const seen = tally('a wrong passcode from the page', await token(basicAuth('alice', 'wrong'), '', { 'X-Requested-With': 'fetch' }));
    expect(seen.status).toBe(401);
    expect(seen.headers.get('www-authenticate')).not.toMatch(/^Basic/i);
  });
});

describe('a token that outlives its holder’s place in TEAM', () => {
  test('can no longer call out: /voice refuses browser calls from identities not on the team', async () => {
    const target = await Target.start();
    try {
      for (const identity of ['mallory', 'alice_removed', '', 'ALICE']) {
        const params = { ...outboundParams('+14155550123', identity), To: '+14155550123' };
        const seen = await target.send('/voice', {
          method: 'POST',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-Twilio-Signature': target.sign('/voice', params) },
          body: new URLSearchParams(params).toString(),
        });
        expect([identity, seen.status]).toEqual([identity, 200]);
        expect(parseTwiml(seen.body).children.map((verb) => [verb.name, verb.text])).toEqual([
          ['Say', SAY.notOnTeam],
          ['Hangup', ''],
        ]);
      }
    } finally {
      await target.stop();
    }
  });
});

describe('GET /token with a malformed TEAM', () => {
  let target: Target;
  afterEach(async () => {
    await target?.stop();
  });

  test('skips malformed entries, still serves the valid member, never lets an entry without a hash in', async () => {
    const alice = `alice:${await hashPasscode(PASSCODES.alice)}`;
    const TEAM = [alice, 'mallory:', 'eve', 'trent:scrypt$$', `../x:${await hashPasscode('x')}`, 'zero:scrypt$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', ':::', ',,,'].join(
      ',',
    );
    target = await Target.start({ TEAM });
    expect((await target.send('/token', { headers: { Authorization: basicAuth('alice', PASSCODES.alice) } })).status).toBe(200);
    for (const [identity, passcode] of [
      ['mallory', ''],
      ['eve', ''],
      ['trent', ''],
      ['../x', 'x'],
      ['zero', ''],
      ['', ''],
    ]) {
      const seen = await target.send('/token', { headers: { Authorization: basicAuth(identity, passcode) } });
      expect([identity, seen.status]).toEqual([identity, 401]);
    }
  });

  test('a TEAM with no valid member: 503 naming TEAM, for members and strangers alike', async () => {
    target = await Target.start({ TEAM: 'alice:not-a-hash,bob' });
    for (const authorization of [basicAuth('alice', PASSCODES.alice), basicAuth('mallory', 'x'), '']) {
      const seen = await target.send('/token', { headers: authorization ? { Authorization: authorization } : {} }, true);
      expect(seen.status).toBe(503);
      const body = JSON.parse(seen.body);
      expect(body.token).toBeUndefined();
      expect(body.error.code).toBe('SB_CONFIG');
      expect(body.error.message).toMatch(/TEAM/);
    }
  });
});
