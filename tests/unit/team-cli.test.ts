/** `npm run team` as a user runs it: a real process, passcode on stdin, a real .env file. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseTeam, verifyPasscode } from '../../src/lib/config/passcodes';
import { EnvFile } from '../../build/env-file';
import { runTeam } from '../../tools/team';

const TSX = join(__dirname, '..', '..', 'node_modules', '.bin', 'tsx');
const TEAM_TOOL = join(__dirname, '..', '..', 'tools', 'team.ts');

function tempEnv(text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'team-')), '.env');
  writeFileSync(path, text);
  return path;
}

it('adds a member from a piped passcode, keeping every comment and unknown line of .env', async () => {
  const original = '# my notes\nACCOUNT_SID=AC123 # inline\n\nUNKNOWN_THING="keep me"\n';
  const path = tempEnv(original);
  const out = execFileSync(TSX, [TEAM_TOOL, 'add', 'dana', '--env', path], { input: 'a-long-passcode\n' }).toString();
  expect(out).toMatch(/Added dana/);
  const text = readFileSync(path, 'utf8');
  expect(text.startsWith(original)).toBe(true);
  const team = parseTeam(EnvFile.load(path).get('TEAM'));
  expect(await verifyPasscode('a-long-passcode', team.members.get('dana'))).toBe(true);
});

it('changes a passcode, lists and removes members', async () => {
  const path = tempEnv('');
  const stdinOf = (text: string) => execFileSync(TSX, [TEAM_TOOL, ...text.split(' ').slice(1), '--env', path], { input: text.split(' ')[0] + '\n' }).toString();
  stdinOf('first-passcode add erin');
  stdinOf('other-passcode add frank');
  expect(stdinOf('second-passcode add erin')).toMatch(/Changed the passcode of erin/);
  expect(await verifyPasscode('second-passcode', parseTeam(EnvFile.load(path).get('TEAM')).members.get('erin'))).toBe(true);
  expect(await runTeam(['list'], path)).toBe('erin\nfrank');
  expect(await runTeam(['remove', 'erin'], path)).toMatch(/Removed erin \(1 left\)/);
  expect(await runTeam(['list'], path)).toBe('frank');
});

it('refuses identities the Voice SDK refuses, short passcodes and unknown members, changing nothing', async () => {
  const path = tempEnv('TEAM=\n');
  await expect(runTeam(['add', 'bad name'], path)).rejects.toThrow(/letters, digits or _/);
  expect(() => execFileSync(TSX, [TEAM_TOOL, 'add', 'gina', '--env', path], { input: 'short\n', stdio: 'pipe' })).toThrow(/at least 8 characters/);
  await expect(runTeam(['remove', 'nobody'], path)).rejects.toThrow(/not on the team/);
  await expect(runTeam(['frobnicate'], path)).rejects.toThrow(/Usage/);
  expect(readFileSync(path, 'utf8')).toBe('TEAM=\n');
});

it('spreads a large team over TEAM, TEAM_2, … and shrinks it back', async () => {
  const path = tempEnv('');
  const add = (id: string) => execFileSync(TSX, [TEAM_TOOL, 'add', id, '--env', path], { input: 'a-long-passcode\n' });
  for (let i = 0; i < 7; i++) add(`teammate_${i}`);
  const grown = EnvFile.load(path).entries();
  expect(Object.keys(grown)).toEqual(['TEAM', 'TEAM_2']);
  for (let i = 0; i < 6; i++) await runTeam(['remove', `teammate_${i}`], path);
  expect(EnvFile.load(path).entries()).toEqual({ TEAM: expect.stringMatching(/^teammate_6:scrypt\$/), TEAM_2: '' });
  expect(await runTeam(['list'], path)).toBe('teammate_6');
}, 60_000);
