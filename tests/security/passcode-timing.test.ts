/**
 * The passcode check does the same work for everybody, so timing cannot tell a member from a
 * stranger or a near-miss from a wild guess. Measured as work, not wall-clock time: every
 * well-formed attempt runs exactly one scrypt with the same cost parameters and salt size, and one
 * constant-time compare of equal-length keys.
 */
import { parseTeam } from '../../src/lib/config/passcodes';
import { authenticateMember } from '../../src/lib/auth/team-auth';
import { basicAuth, PASSCODES, teamValue } from '../support/fixtures';

// The module object itself (not an import namespace), so the spies see passcodes.ts's calls.
import crypto = require('node:crypto');

/** Everything about the work one attempt did that could make its duration differ. */
interface WorkProfile {
  scrypt: string[];
  compares: string[];
}

async function profile(authorization: string, team: ReadonlyMap<string, string>): Promise<WorkProfile> {
  const scrypt = jest.spyOn(crypto, 'scrypt');
  const compare = jest.spyOn(crypto, 'timingSafeEqual');
  try {
    await authenticateMember(authorization, team);
    return {
      scrypt: scrypt.mock.calls.map(([, salt, keylen, options]) => `salt ${(salt as Buffer).length} B, key ${keylen} B, ${JSON.stringify(options)}`),
      compares: compare.mock.calls.map(([a, b]) => `${(a as Buffer).length} vs ${(b as Buffer).length} B`),
    };
  } finally {
    scrypt.mockRestore();
    compare.mockRestore();
  }
}

describe('passcode check work', () => {
  let team: ReadonlyMap<string, string>;
  let member: WorkProfile;

  beforeAll(async () => {
    team = parseTeam(await teamValue()).members;
    member = await profile(basicAuth('alice', PASSCODES.alice), team);
  });

  it('a member with the right passcode: one scrypt (N=16384, r=8, p=1, 16-byte salt) and one 32-byte compare', () => {
    expect(member.scrypt).toEqual(['salt 16 B, key 32 B, {"N":16384,"r":8,"p":1}']);
    expect(member.compares).toEqual(['32 vs 32 B']);
  });

  const strangers: [string, string][] = [
    ['a member with a wrong passcode', basicAuth('alice', 'wrong')],
    ['a member with another member’s passcode', basicAuth('alice', PASSCODES.bob)],
    ['a member with a passcode one character off', basicAuth('alice', `${PASSCODES.alice.slice(0, -1)}X`)],
    ['a member with an empty passcode', basicAuth('alice', '')],
    ['an unknown identity', basicAuth('mallory', PASSCODES.alice)],
    ['an identity differing only in case', basicAuth('Alice', PASSCODES.alice)],
    ['an identity the Voice SDK cannot use', basicAuth('../alice', PASSCODES.alice)],
    ['an identity with markup', basicAuth('<Client>alice</Client>', 'x')],
    ['an empty identity', basicAuth('', PASSCODES.alice)],
    ['an overlong identity', basicAuth('a'.repeat(500), 'x')],
    ['a 256-character passcode', basicAuth('alice', 'p'.repeat(256))],
    ['a passcode in another script', basicAuth('bob', 'пароль-密码-🔑')],
  ];

  it.each(strangers)('%s: exactly the same work', async (_name, authorization) => {
    expect(await profile(authorization, team)).toEqual(member);
  });

  it('does the same work whether the team is one person or three', async () => {
    const alone = new Map([...team].slice(0, 1));
    expect(await profile(basicAuth('carol', PASSCODES.carol), alone)).toEqual(member);
  });

  it.each([
    ['no header', ''],
    ['another scheme', 'Bearer abc'],
    ['malformed Base64', 'Basic !!!!'],
    ['no colon', `Basic ${Buffer.from('alice').toString('base64')}`],
    ['a passcode longer than 256 characters', basicAuth('alice', 'p'.repeat(257))],
  ])('refuses %s without any scrypt (nothing about the team is consulted)', async (_name, authorization) => {
    expect(await profile(authorization, team)).toEqual({ scrypt: [], compares: [] });
  });
});
