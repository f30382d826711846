import { authenticateMember, parseBasicAuth } from '../../src/lib/auth/team-auth';
import { parseTeam } from '../../src/lib/config/passcodes';
import { basicAuth, PASSCODES, teamValue } from '../support/fixtures';
import crypto = require('node:crypto');

describe('Basic credentials', () => {
  it('splits identity and passcode at the first colon only', () => {
    expect(parseBasicAuth(basicAuth('alice', 'pa:ss'))).toEqual({ identity: 'alice', passcode: 'pa:ss' });
  });
  it.each(['', 'Bearer abc', 'Basic', 'Basic !!!', `Basic ${Buffer.from('nocolon').toString('base64')}`])('refuses %j', (h) => {
    expect(parseBasicAuth(h)).toBeUndefined();
  });
});

describe('authenticateMember', () => {
  let team: ReadonlyMap<string, string>;
  beforeAll(async () => {
    team = parseTeam(await teamValue()).members;
  });

  it('knows a member by the right passcode only', async () => {
    expect(await authenticateMember(basicAuth('alice', PASSCODES.alice), team)).toBe('alice');
    expect(await authenticateMember(basicAuth('alice', PASSCODES.bob), team)).toBeUndefined();
    expect(await authenticateMember(basicAuth('mallory', PASSCODES.alice), team)).toBeUndefined();
    expect(await authenticateMember(basicAuth('alice:x', PASSCODES.alice), team)).toBeUndefined();
  });

  it('spends exactly one scrypt whether or not the identity exists (no timing oracle)', async () => {
    // The module object itself (not an import namespace), so the spy sees passcodes.ts's calls.
    const spy = jest.spyOn(crypto, 'scrypt');
    for (const header of [basicAuth('alice', 'wrong'), basicAuth('nobody', 'wrong'), basicAuth('../etc', 'x'), basicAuth('alice', PASSCODES.alice)]) {
      spy.mockClear();
      await authenticateMember(header, team);
      expect(spy).toHaveBeenCalledTimes(1);
    }
    spy.mockRestore();
  });
});
