/**
 * Secret hygiene: the build must not carry secrets into what Twilio serves, and the running
 * Functions must not hand them out. The build runs in a scratch copy of the project whose `.env`
 * and environment hold fresh random secrets (so finding one is never a coincidence, and the
 * shared dist/ other suites are serving is left alone); then every built file is scanned. The
 * real dist/ is also served by twilio-run and every page file fetched over HTTP (each response is
 * scanned by Target.send for the runtime's own secrets).
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { hashPasscode } from '../../src/lib/passcodes';
import { DIST, ROOT } from '../../tools/build';
import { envFileText } from '../../tools/runtime';
import { targetPerSuite } from './hostile-http';

/** Every file below `dir`, recursively. */
function filesBelow(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesBelow(path) : [path];
  });
}

/** Any passcode hash at all, not only the ones we planted. */
const ANY_PASSCODE_HASH = /scrypt\$[\w-]{16,}\$[\w-]{43}/;

describe('secret hygiene', () => {
  test('a build made with secrets in .env and the environment contains none of them', async () => {
    const passcode = randomBytes(9).toString('base64url');
    const hash = await hashPasscode(passcode);
    const secrets = { AUTH_TOKEN: randomBytes(16).toString('hex'), API_SECRET: randomBytes(24).toString('base64url'), TEAM: `alice:${hash}`, DEMO_PASSCODE: passcode };
    const scratch = mkdtempSync(join(tmpdir(), 'switchboard-secrets-'));
    try {
      for (const part of ['src', 'tools', 'assets', 'package.json', 'tsconfig.json', '.twilioserverlessrc']) cpSync(join(ROOT, part), join(scratch, part), { recursive: true });
      symlinkSync(join(ROOT, 'node_modules'), join(scratch, 'node_modules'), 'dir');
      writeFileSync(join(scratch, '.env'), envFileText(secrets));
      execFileSync(process.execPath, [join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'tools/build.ts'], { cwd: scratch, env: { ...process.env, ...secrets }, stdio: 'pipe' });

      const built = filesBelow(join(scratch, 'dist'));
      expect(built.some((file) => file.includes(join('dist', 'assets')))).toBe(true);
      const found = built.flatMap((file) => {
        const text = readFileSync(file).toString('latin1');
        const leaks = [...Object.entries(secrets).filter(([, value]) => text.includes(value)).map(([name]) => name), ...(ANY_PASSCODE_HASH.test(text) ? ['a passcode hash'] : []), ...(text.includes(scratch) || text.includes(ROOT) ? ['an absolute path'] : [])];
        return leaks.map((leak) => `${relative(scratch, file)}: ${leak}`);
      });
      console.log(`secrets: scanned ${built.length} built files, ${found.length} secrets found`);
      expect(found).toEqual([]);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  }, 60_000);

  describe('served by the runtime', () => {
    const suite = targetPerSuite('secrets');

    test('the page and every asset, fetched over HTTP, carry no runtime secret', async () => {
      const assets = join(DIST, 'assets');
      const files = filesBelow(assets).map((file) => `/${relative(assets, file).split('\\').join('/')}`);
      for (const path of ['/', ...files]) {
        const seen = await suite.target.send(path); // Target.send fails on any secret, stack trace or 5xx
        expect([path, seen.status]).toEqual([path, 200]);
      }
      console.log(`secrets: fetched ${files.length + 1} page files over HTTP, none carries a secret`);
    });

    test('no endpoint echoes a secret, whatever it is asked', async () => {
      for (const path of ['/token', '/token?platform=ios', '/voice', '/status', '/.env', '/assets/../.env', '/functions/token', '/dist/functions/token.js']) {
        const seen = await suite.target.send(path, { headers: { 'X-Requested-With': 'fetch' } });
        expect(seen.status).toBeGreaterThanOrEqual(400);
      }
    });
  });
});
