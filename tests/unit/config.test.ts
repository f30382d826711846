import { loadConfig, readConfig } from '../../src/lib/config/config';
import { ConfigError } from '../../src/lib/config/config-error';
import { testEnv } from '../support/fixtures';

describe('configuration', () => {
  it('reads a complete environment with the defaults of README "Configuration"', async () => {
    const { config, problems } = readConfig(await testEnv({ ALLOWED_COUNTRIES: undefined, TOKEN_TTL: undefined, RING_TIMEOUT: undefined }));
    expect(problems).toEqual([]);
    expect(config).toEqual(expect.objectContaining({ allowedCountries: ['US', 'CA'], tokenTtl: 3600, sessionMaxSeconds: 12 * 3600, ringTimeout: 20, region: undefined, forwardTo: undefined }));
    expect([...config!.team.keys()]).toEqual(['alice', 'bob', 'carol']);
  });

  it('names every broken variable, including an SK where an AC belongs', async () => {
    const { config, problems } = readConfig(
      await testEnv({ ACCOUNT_SID: `SK${'0'.repeat(32)}`, API_SECRET: '', CALLER_ID: '415-555-0100', TOKEN_TTL: '90000', ALLOWED_COUNTRIES: 'US,USA', REGION: 'mars' }),
    );
    expect(config).toBeUndefined();
    expect(problems.map((p) => p.variable).sort()).toEqual(['ACCOUNT_SID', 'ALLOWED_COUNTRIES', 'API_SECRET', 'CALLER_ID', 'REGION', 'TOKEN_TTL']);
    expect(problems.find((p) => p.variable === 'ACCOUNT_SID')!.message).toMatch(/must be a AC SID.*starts with SK/);
  });

  it('reads SESSION_MAX_HOURS in hours, decimals allowed, and refuses anything else naming it', async () => {
    const read = async (value: string) => readConfig(await testEnv({ SESSION_MAX_HOURS: value }));
    expect((await read('8')).config!.sessionMaxSeconds).toBe(8 * 3600);
    expect((await read('0.5')).config!.sessionMaxSeconds).toBe(1800);
    expect((await read('24')).config!.sessionMaxSeconds).toBe(86400);
    expect((await read('0.003')).config!.sessionMaxSeconds).toBe(11);
    const refused: string[] = [];
    for (const value of ['0', '0.002', '24.5', '25', '-1', '1e1', '0x10', '12h', 'forever', '.5', 'Infinity', 'NaN']) {
      const { config, problems } = await read(value);
      if (!config && problems.length === 1 && /^SESSION_MAX_HOURS: must be a number of hours from 0.003 to 24/.test(problems[0].message)) refused.push(value);
    }
    expect(refused).toEqual(['0', '0.002', '24.5', '25', '-1', '1e1', '0x10', '12h', 'forever', '.5', 'Infinity', 'NaN']);
  });

  it('SYNC_SERVICE_SID is optional: an IS SID when set, anything else named', async () => {
    const sid = `IS${'a1'.repeat(16)}`;
    expect((await testEnv()).SYNC_SERVICE_SID).toBeUndefined();
    expect(readConfig(await testEnv()).config!.syncServiceSid).toBeUndefined();
    expect(readConfig(await testEnv({ SYNC_SERVICE_SID: ` ${sid} ` })).config!.syncServiceSid).toBe(sid);
    for (const value of [`ZS${'a1'.repeat(16)}`, 'IS123', `${sid}0`]) {
      const { config, problems } = readConfig(await testEnv({ SYNC_SERVICE_SID: value }));
      expect(config).toBeUndefined();
      expect(problems.map((p) => p.message)).toEqual([expect.stringMatching(/^SYNC_SERVICE_SID: must be a IS SID: IS followed by 32 hex digits/)]);
    }
  });

  it('keeps working when one TEAM entry is malformed, and fails when nobody is left', async () => {
    const env = await testEnv();
    const { config, problems } = readConfig({ ...env, TEAM: `${env.TEAM},eve:broken` });
    expect(config!.team.size).toBe(3);
    expect(problems.map((p) => p.message)).toEqual([expect.stringMatching(/^TEAM: entry 4 \(eve\)/)]);
    expect(() => loadConfig({ ...env, TEAM: 'eve:broken' })).toThrow(ConfigError);
    expect(() => loadConfig({ ...env, TEAM: 'eve:broken' })).toThrow(/^TEAM: has no valid member/);
  });

  it('loadConfig throws the first real problem, naming its variable', async () => {
    const env = await testEnv({ API_KEY: undefined });
    expect(() => loadConfig(env)).toThrow(/^API_KEY: is missing/);
  });
});
