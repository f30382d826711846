/**
 * `npm run team -- revoke <identity>` against the simulator's REST API: it writes the revocation
 * to the team's Sync store with .env's credentials, by Sync's clock, and says plainly what it did,
 * what it cannot do (a token already issued), and what is wrong when it cannot.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { SyncStore } from '../../simulator/rest/sync-store';
import { isRevoked } from '../../src/lib/auth/session-revocation';
import { TeamStore } from '../../src/lib/store/team-store';
import { runTeam } from '../../tools/team';
import { perFile } from '../support/per-file';
import { RestSimulator } from '../support/rest-simulator';
import { makeProject } from './project';

const TSX = join(__dirname, '..', '..', 'node_modules', '.bin', 'tsx');
const TEAM_TOOL = join(__dirname, '..', '..', 'tools', 'team.ts');

/** Sync's clock: far from this computer's, so a revocation stamped with the wrong one shows. */
const SYNC_NOW = Date.parse('2031-03-04T05:06:07.250Z');
const shared = perFile(
  () => RestSimulator.start({ sync: new SyncStore({ now: () => SYNC_NOW }) }),
  (sim) => sim.stop(),
);

/** A project whose .env reaches the simulator's account and a fresh Sync Service of it. */
function project(overrides: Record<string, string | undefined> = {}) {
  const sim = shared();
  const serviceSid = sim.sync.createService({ friendly_name: 'Switchboard' }).sid;
  const env = { ACCOUNT_SID: sim.account.sid, AUTH_TOKEN: sim.account.state.authToken, SYNC_SERVICE_SID: serviceSid, TEAM: 'alice:scrypt$x$y', TOKEN_TTL: '900', ...overrides };
  const text = Object.entries(env)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${v}`)
    .join('\n');
  return { serviceSid, envPath: makeProject(text).envPath };
}

const revocationOf = (serviceSid: string, identity: string) =>
  shared()
    .sync.items(serviceSid, 'team')
    .find((item) => item.key === `person.${identity}`)?.data;

test('a real `npm run team -- revoke alice` run: the revocation lands in Sync at Sync’s time, and sessions started before it are over', async () => {
  const sim = shared();
  const { serviceSid, envPath } = project();
  // The command's own twilio client reaches the simulator as a Function's does: through HTTP_PROXY.
  const { stdout } = await promisify(execFile)(TSX, [TEAM_TOOL, 'revoke', 'alice', '--env', envPath], {
    env: { ...process.env, HTTP_PROXY: sim.restProxy.url, NODE_EXTRA_CA_CERTS: sim.restProxy.caFile },
  });
  const before = Math.floor(SYNC_NOW / 1000) + 1;
  expect(revocationOf(serviceSid, 'alice')).toEqual({ revokedBefore: before });
  expect(stdout).toContain(`Signed alice out everywhere: every session that started before ${new Date(before * 1000).toISOString()} is refused at its next request`);
  expect(stdout).toContain('A token already issued still lets its browser receive and place calls with Twilio until it expires: 900 s at most (TOKEN_TTL).');
  const store = TeamStore.of(() => sim.client(), serviceSid);
  expect([await isRevoked(store, 'alice', before - 1), await isRevoked(store, 'alice', before)]).toEqual([true, false]);
}, 60_000);

test('someone not on TEAM can be revoked too (a removed teammate’s last sessions), and the command says so', async () => {
  const { serviceSid, envPath } = project();
  expect(await runTeam(['revoke', 'bob'], envPath, shared().clientFactory)).toMatch(/bob is not on TEAM/);
  expect(revocationOf(serviceSid, 'bob')).toEqual({ revokedBefore: Math.floor(SYNC_NOW / 1000) + 1 });
});

test('what stops it is said plainly, and nothing is written', async () => {
  const sim = shared();
  const factory = sim.clientFactory;
  const first = sim.sync.services().length;
  await expect(runTeam(['revoke', 'bad name'], project().envPath, factory)).rejects.toThrow(/letters, digits or _/);
  await expect(runTeam(['revoke', 'alice'], project({ SYNC_SERVICE_SID: undefined }).envPath, factory)).rejects.toThrow(/Sync store.*SYNC_SERVICE_SID is not set in \.env.*npm run setup/);
  await expect(runTeam(['revoke', 'alice'], project({ SYNC_SERVICE_SID: `IS${'0'.repeat(32)}` }).envPath, factory)).rejects.toThrow(/SYNC_SERVICE_SID is not a Sync Service of this account/);
  await expect(runTeam(['revoke', 'alice'], project({ AUTH_TOKEN: 'f'.repeat(32) }).envPath, factory)).rejects.toThrow(/Twilio rejected the account credentials/);
  const down = project();
  sim.sync.available = false;
  try {
    await expect(runTeam(['revoke', 'alice'], down.envPath, factory)).rejects.toThrow(/Twilio Sync did not answer in time/);
  } finally {
    sim.sync.available = true;
  }
  expect(
    sim.sync
      .services()
      .slice(first)
      .flatMap((service) => service.maps),
  ).toEqual([]);
});
