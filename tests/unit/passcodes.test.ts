import { hashPasscode, isValidIdentity, parseTeam, teamText, teamVariables, verifyPasscode } from '../../src/lib/config/passcodes';

describe('passcode hashes', () => {
  it('hashes in the scrypt$salt$key format with a fresh salt each time', async () => {
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
    expect(parseTeam(teamText(teamVariables(team.members))).members).toEqual(team.members);
  });

  it('reads an empty or missing TEAM as nobody', () => {
    expect(parseTeam(undefined).members.size).toBe(0);
    expect(parseTeam('').problems).toEqual([]);
  });
});

describe('TEAM beyond one variable', () => {
  it('continues in TEAM_2, TEAM_3 … within Twilio`s 450 bytes each, and reads them back in order', async () => {
    const hash = await hashPasscode('pw-12345678');
    const members = new Map(Array.from({ length: 12 }, (_, i) => [`member_${String(i).padStart(2, '0')}`, hash]));
    const variables = teamVariables(members);
    expect(Object.keys(variables)).toEqual(['TEAM', 'TEAM_2', 'TEAM_3']);
    for (const value of Object.values(variables)) expect(Buffer.byteLength(value)).toBeLessThanOrEqual(450);
    // Reading order is numeric, whatever order the environment lists them in.
    const shuffled = { TEAM_3: variables.TEAM_3, OTHER: 'x', TEAM: variables.TEAM, TEAM_2: variables.TEAM_2 };
    expect([...parseTeam(teamText(shuffled)).members.keys()]).toEqual([...members.keys()]);
  });

  it('empties continuations a smaller team no longer needs, so removed members stop working', async () => {
    const hash = await hashPasscode('pw-12345678');
    const previous = { TEAM: 'x', TEAM_2: 'y', TEAM_10: 'z', TEAMS: 'not ours' };
    expect(teamVariables(new Map([['alice', hash]]), previous)).toEqual({ TEAM: `alice:${hash}`, TEAM_2: '', TEAM_10: '' });
  });
});
