import { formatTeam, hashPasscode, isValidIdentity, parseTeam, verifyPasscode } from '../../src/lib/passcodes';

describe('passcode hashes', () => {
  it('hashes in the scrypt$salt$key format of design §3 with a fresh salt each time', async () => {
    const [a, b] = await Promise.all([hashPasscode('correct horse'), hashPasscode('correct horse')]);
    expect(a).toMatch(/^scrypt\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(a).not.toBe(b);
  });

  it('verifies the right passcode and refuses wrong, empty and near-miss ones', async () => {
    const hash = await hashPasscode('correct horse');
    expect(await verifyPasscode('correct horse', hash)).toBe(true);
    expect(await verifyPasscode('correct hors', hash)).toBe(false);
    expect(await verifyPasscode('Correct horse', hash)).toBe(false);
    expect(await verifyPasscode('', hash)).toBe(false);
  });

  it('refuses everything against a missing or malformed hash', async () => {
    expect(await verifyPasscode('x', undefined)).toBe(false);
    expect(await verifyPasscode('x', 'scrypt$short$short')).toBe(false);
    expect(await verifyPasscode('x', 'plaintext')).toBe(false);
  });
});

describe('identities', () => {
  it.each(['alice', 'Bob_2', 'a', 'x'.repeat(64)])('accepts %s', (id) => expect(isValidIdentity(id)).toBe(true));
  it.each(['', 'x'.repeat(65), 'alice smith', 'al:ice', '../bob', '<Client>', 'é', 'a-b'])('refuses %j', (id) => expect(isValidIdentity(id)).toBe(false));
});

describe('TEAM parsing', () => {
  it('round-trips members and skips malformed entries with a reason that names them', async () => {
    const hash = await hashPasscode('pw-12345678');
    const team = parseTeam(` alice:${hash}, bad entry ,bob:notahash,alice:${hash},carol:${hash}`);
    expect([...team.members.keys()]).toEqual(['alice', 'carol']);
    expect(team.problems).toHaveLength(3);
    expect(team.problems.join('\n')).toMatch(/entry 2 has no valid identity/);
    expect(team.problems.join('\n')).toMatch(/\(bob\) has no valid scrypt/);
    expect(team.problems.join('\n')).toMatch(/repeats alice/);
    expect(team.problems.join('\n')).not.toContain(hash);
    expect(parseTeam(formatTeam(team.members)).members).toEqual(team.members);
  });

  it('reads an empty or missing TEAM as nobody', () => {
    expect(parseTeam(undefined).members.size).toBe(0);
    expect(parseTeam('').problems).toEqual([]);
  });
});
