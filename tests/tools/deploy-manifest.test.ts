/**
 * What `npm run deploy` uploads, listed offline by the code twilio-run itself runs
 * (@twilio-labs/serverless-api's file listing, twilio-run's .twilioserverlessrc and .env readers)
 * on the `dist` that `npm test` builds first.
 */
import { builtinModules } from 'node:module';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { ROOT } from '../../build/build';
import { CONTEXT_LIMIT_BYTES, contextBytes, deployManifest, deployProblems, expectedFunctions, type DeployManifest } from '../../tools/deploy-manifest';
import { readRoutingFile } from '../../build/routing-build';
import { stepPaths } from '../../src/lib/routing/paths';

const SID = (prefix: string) => prefix + 'ab'.repeat(16);
const TEAM = 'alice:scrypt$AAAAAAAAAAAAAAAAAAAAAA$BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB';
const SAMPLE_ENV = [
  '# credentials: the runtime supplies these when deployed',
  `ACCOUNT_SID=${SID('AC')}`,
  'AUTH_TOKEN=0123456789abcdef0123456789abcdef',
  `API_KEY=${SID('SK')}`,
  'API_SECRET=s3cr3t',
  `TWIML_APP_SID=${SID('AP')}`,
  'CALLER_ID=+14155550100',
  `TEAM=${TEAM}`,
  'ALLOWED_COUNTRIES=US,CA',
  'FORWARD_TO=',
  'REGION=',
].join('\n');

let manifest: DeployManifest;

beforeAll(async () => {
  const envPath = join(mkdtempSync(join(tmpdir(), 'switchboard-deploy-')), '.env');
  writeFileSync(envPath, SAMPLE_ENV);
  manifest = await deployManifest(ROOT, envPath);
});

test('exactly one Function per src/functions file plus the routing steps, with their visibility, from dist/functions', () => {
  // The routing steps follow the project's routing.json: the waves of everyone without one.
  const steps = stepPaths(readRoutingFile(ROOT)?.routing).map((path) => ({ path, access: 'protected' }));
  const byPath = (a: { path: string }, b: { path: string }) => a.path.localeCompare(b.path);
  expect(manifest.functions.map(({ path, access }) => ({ path, access })).sort(byPath)).toEqual([...expectedFunctions(ROOT), ...steps].sort(byPath));
  expect(manifest.functions.map((fn) => fn.path)).toEqual(expect.arrayContaining(['/dial-complete', '/fallback', '/status', '/token', '/voice', '/routing/ring-everyone-2']));
  for (const fn of manifest.functions) expect(relative(ROOT, fn.file)).toMatch(/^dist\/functions\/(routing\/)?[\w-]+(\.protected)?\.js$/);
});

test('the page assets: index.html served at /, every asset public and from dist/assets/assets', () => {
  const paths = manifest.assets.map((a) => a.path);
  expect(paths).toContain('/assets/index.html');
  expect(paths.some((p) => /^\/assets\/app\.[\w-]+\.js$/.test(p))).toBe(true);
  // routing.json, when the project has one, is the one private asset (never served).
  for (const asset of manifest.assets.filter((a) => a.path !== '/routing.json')) {
    expect(asset).toMatchObject({ access: 'public' });
    expect(asset.path).toMatch(/^\/assets\//);
    expect(relative(ROOT, asset.file).startsWith('dist/assets/assets/')).toBe(true);
  }
  // The hashed bundle index.html loads is uploaded too.
  const html = readFileSync(join(ROOT, 'dist', 'assets', 'assets', 'index.html'), 'utf8');
  for (const [, src] of html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)) expect(paths).toContain(src);
});

test('no .env, sources, tests or source maps are uploaded', () => {
  for (const { file } of [...manifest.functions, ...manifest.assets]) {
    const path = relative(ROOT, file);
    expect(path).toMatch(/^dist\//);
    expect(path).not.toMatch(/(^|\/)\.env|\.ts$|\.map$|(^|\/)(src|tests)\//);
    expect(readFileSync(file, 'utf8')).not.toMatch(/sourceMappingURL/);
  }
});

test('every package a Function requires is installed by Twilio (package.json dependencies)', () => {
  const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
  for (const fn of manifest.functions) {
    const requires = [...readFileSync(fn.file, 'utf8').matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]);
    for (const name of requires.filter((r) => !builtins.has(r) && !r.startsWith('.'))) {
      const pkg = name.startsWith('@') ? name.split('/').slice(0, 2).join('/') : name.split('/')[0];
      expect({ fn: fn.path, pkg, listed: pkg in manifest.dependencies }).toEqual({ fn: fn.path, pkg, listed: true });
    }
  }
  expect(manifest.dependencies['@twilio/runtime-handler']).toMatch(/^\d+\.\d+\.\d+$/);
});

test('the variables uploaded: .env minus the runtime-supplied credentials and empty values', () => {
  expect(manifest.env).toEqual({
    API_KEY: SID('SK'),
    API_SECRET: 's3cr3t',
    TWIML_APP_SID: SID('AP'),
    CALLER_ID: '+14155550100',
    TEAM,
    ALLOWED_COUNTRIES: 'US,CA',
  });
  expect(contextBytes(manifest.env)).toBeLessThan(CONTEXT_LIMIT_BYTES);
});

test('the built project has nothing that stops a deploy; a missing build and an unpinned handler are named', () => {
  expect(deployProblems(ROOT, manifest)).toEqual([]);
  const broken = { ...manifest, functions: manifest.functions.filter((f) => f.path !== '/voice'), dependencies: { '@twilio/runtime-handler': '^2.1.0' } };
  expect(deployProblems(ROOT, broken)).toEqual([
    'There is no build to deploy: dist has no /voice (protected). Run `npm run build` (`npm run deploy` builds first).',
    expect.stringMatching(/^@twilio\/runtime-handler is not pinned: package\.json asks for "\^2\.1\.0"\. Pin an exact version/),
  ]);
});
