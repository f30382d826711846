/**
 * Secret hygiene: the build must not carry secrets into what Twilio serves, and the running
 * Functions must not hand them out. The secrets are fresh and random for this run (so finding one
 * is never a coincidence); the project is built in a scratch copy with exactly those secrets in
 * its `.env` and in the build's environment (leaving alone the dist/ other suites serve). Then
 * every built file is scanned, and twilio-run serves that very build with the same secrets while
 * every page file is fetched over HTTP (Target.send scans each response for the secrets).
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../../build/build';
import { envFileText } from '../../build/local-runtime';
import { builtFiles, PAGE_ESSENTIALS } from '../support/built-files';
import { Target } from './hostile-http';

/** Any passcode hash at all, not only the ones we planted. */
const ANY_PASSCODE_HASH = /scrypt\$[\w-]{16,}\$[\w-]{43}/;

/** `patterns` of file paths, moved below the folder `prefix`. */
const under = (prefix: string, patterns: readonly RegExp[]) => patterns.map((pattern) => new RegExp(`^${prefix}/${pattern.source.replace(/^\^/, '')}`));
/** Page files as twilio-run serves them from dist/assets (`assets/…` at `/assets/…`). */
const SERVED_ESSENTIALS = under('assets', PAGE_ESSENTIALS);
/** What a build must contain before a scan of it means anything. */
const BUILD_ESSENTIALS = [/^functions\/token\.js$/, /^functions\/voice\.protected\.js$/, ...under('assets', SERVED_ESSENTIALS)];

/** Copies the project to a scratch directory and builds it there with `env` in `.env` and the environment. */
function buildWithSecrets(env: Readonly<Record<string, string>>): string {
  const scratch = mkdtempSync(join(tmpdir(), 'switchboard-secrets-'));
  for (const part of ['src', 'build', 'tools', 'assets', 'package.json', 'tsconfig.json', '.twilioserverlessrc']) cpSync(join(ROOT, part), join(scratch, part), { recursive: true });
  symlinkSync(join(ROOT, 'node_modules'), join(scratch, 'node_modules'), 'dir');
  writeFileSync(join(scratch, '.env'), envFileText(env));
  execFileSync(process.execPath, [join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'tools/build.ts'], { cwd: scratch, env: { ...process.env, ...env }, stdio: 'pipe' });
  return scratch;
}

describe('secret hygiene of a build made with this run’s secrets', () => {
  let scratch: string;
  let target: Target;
  /** Every secret of the run, by name: the runtime's and a demo passcode. */
  let secrets: Record<string, string>;

  beforeAll(async () => {
    const env = await Target.randomEnv();
    secrets = { AUTH_TOKEN: env.AUTH_TOKEN, API_SECRET: env.API_SECRET, TEAM: env.TEAM, DEMO_PASSCODE: randomBytes(9).toString('base64url') };
    scratch = buildWithSecrets({ ...env, DEMO_PASSCODE: secrets.DEMO_PASSCODE });
    target = await Target.start(env, scratch);
  }, 90_000);

  afterAll(async () => {
    await target?.stop();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  test('no built file contains a secret, a passcode hash or an absolute path', () => {
    const dist = join(scratch, 'dist');
    const built = builtFiles(dist, BUILD_ESSENTIALS);
    const found = built.flatMap((file) => {
      const text = readFileSync(join(dist, file)).toString('latin1');
      const leaks = [
        ...Object.entries(secrets)
          .filter(([, value]) => text.includes(value))
          .map(([name]) => name),
        ...(ANY_PASSCODE_HASH.test(text) ? ['a passcode hash'] : []),
        ...(text.includes(scratch) || text.includes(ROOT) ? ['an absolute path'] : []),
      ];
      return leaks.map((leak) => `${file}: ${leak}`);
    });
    console.log(`secrets: scanned ${built.length} built files, ${found.length} secrets found`);
    expect(found).toEqual([]);
  });

  test('the page and every asset of that build, fetched over HTTP, carry no secret', async () => {
    const assets = join(scratch, 'dist', 'assets');
    const files = builtFiles(assets, SERVED_ESSENTIALS);
    for (const [path, file] of [['/', 'assets/index.html'], ...files.map((file) => [`/${file}`, file])]) {
      const seen = await target.send(path); // Target.send fails on any of the runtime's secrets, a stack trace or a 5xx
      const leaked = Object.keys(secrets).filter((name) => seen.body.includes(secrets[name]));
      // The very bytes of that build: what is scanned is what was built with the secrets.
      const same = Buffer.from(await (await fetch(`${target.url}${path}`)).arrayBuffer()).equals(readFileSync(join(assets, file)));
      expect([path, seen.status, leaked, same]).toEqual([path, 200, [], true]);
    }
    console.log(`secrets: fetched ${files.length + 1} page files over HTTP, none carries a secret`);
  });

  test('no endpoint echoes a secret, whatever it is asked', async () => {
    for (const path of ['/token', '/token?platform=ios', '/voice', '/status', '/.env', '/assets/../.env', '/functions/token', '/dist/functions/token.js']) {
      const seen = await target.send(path, { headers: { 'X-Requested-With': 'fetch' } });
      expect(seen.status).toBeGreaterThanOrEqual(400);
    }
  });
});
