/**
 * The build of everything Twilio serves (`npm run build` runs it through tools/build.ts): type-free,
 * fast bundling.
 * - dist/functions/<name>.js — one CommonJS bundle per Function with src/lib inlined; packages
 *   stay external (they are `dependencies`, which is what Twilio installs on deploy).
 * - dist/assets/assets/… — the page: `index.html` (served at `/` by Twilio's root-asset rule),
 *   a minified, content-hashed bundle, styles, sounds and hold music.
 */
import { build as esbuild, type Plugin } from 'esbuild';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { MetadataJson } from 'libphonenumber-js';
import { SOUND_DIR } from '../src/client/line/sounds';
import { HOLD_MUSIC_FILE } from '../src/lib/call-control/names';
import { holdMusicFile } from './hold-music';
import { zoneMetadata } from '../src/lib/numbers/phone-zones';
import { soundFiles } from './sounds';
import { EnvFile } from './env-file';
import { FUNCTION_BUNDLE } from './function-bundle';
import { readRoutingFile, teamOf, writeRouting } from './routing-build';
import { readRecordingSettings } from '../src/lib/config/config';
import { ConfigError } from '../src/lib/config/config-error';

export const ROOT = resolve(__dirname, '..');
export const DIST = join(ROOT, 'dist');
/** Where page files go: Twilio serves `<assetsFolder>/assets/index.html` at `/`. */
export const PAGE_DIR = join(DIST, 'assets', 'assets');

async function buildFunctions(): Promise<void> {
  const dir = join(ROOT, 'src', 'functions');
  await esbuild({
    entryPoints: readdirSync(dir)
      .filter((f) => f.endsWith('.ts'))
      .map((f) => join(dir, f)),
    outdir: join(DIST, 'functions'),
    ...FUNCTION_BUNDLE,
  });
}

/**
 * `phone-zone:codes` (calling code → countries) and `phone-zone:<1-9>` (the metadata of one
 * world numbering zone), cut from libphonenumber-js's full metadata, which the page never loads whole.
 */
const phoneZones: Plugin = {
  name: 'phone-zones',
  setup(build) {
    const full = JSON.parse(readFileSync(require.resolve('libphonenumber-js/metadata.max.json'), 'utf8')) as MetadataJson;
    build.onResolve({ filter: /^phone-zone:/ }, ({ path }) => ({ path: path.slice('phone-zone:'.length), namespace: 'phone-zone' }));
    build.onLoad({ filter: /.*/, namespace: 'phone-zone' }, ({ path }) => ({
      loader: 'json',
      contents: JSON.stringify(path === 'codes' ? full.country_calling_codes : zoneMetadata(full, path)),
    }));
  },
};

/** Page sources that the bundler rewrites under a hashed name, so browsers may cache them forever. */
const HASHED = { '/assets/app.js': '.js', '/assets/app.css': '.css' } as const;

/**
 * The page: static assets copied, the 15 SDK sounds generated, `src/client/main.ts` and
 * `assets/app.css` minified under content-hashed names (the dialling policy, its numbering zones
 * and the team's records become separate chunks loaded after registration), and index.html pointed at them.
 */
export async function buildPage(): Promise<void> {
  mkdirSync(join(PAGE_DIR, SOUND_DIR), { recursive: true });
  cpSync(join(ROOT, 'assets'), PAGE_DIR, { recursive: true, filter: (source) => !source.endsWith('app.css') });
  for (const [name, data] of soundFiles()) writeFileSync(join(PAGE_DIR, SOUND_DIR, `${name}.wav`), data);
  writeFileSync(join(PAGE_DIR, basename(HOLD_MUSIC_FILE)), holdMusicFile());
  const result = await esbuild({
    entryPoints: [join(ROOT, 'src', 'client', 'main.ts'), join(ROOT, 'assets', 'app.css')],
    outdir: PAGE_DIR,
    entryNames: 'app.[hash]',
    chunkNames: 'chunk.[hash]',
    bundle: true,
    // Stylesheet url()s name files the page serves as they are (icons), not modules to bundle.
    external: ['/assets/*'],
    splitting: true,
    minify: true,
    format: 'esm',
    target: ['chrome109', 'firefox115', 'safari16'],
    platform: 'browser',
    write: false,
    legalComments: 'none',
    logLevel: 'warning',
    define: { 'process.env.NODE_ENV': '"production"' },
    plugins: [phoneZones],
  });
  let html = readFileSync(join(PAGE_DIR, 'index.html'), 'utf8');
  for (const file of result.outputFiles) {
    writeFileSync(file.path, file.contents);
    const name = basename(file.path);
    for (const [source, ext] of Object.entries(HASHED)) if (name.startsWith('app.') && name.endsWith(ext)) html = html.replace(source, `/assets/${name}`);
  }
  writeFileSync(join(PAGE_DIR, 'index.html'), html);
}

/**
 * The recording settings of .env (RECORD_CALLS, RECORDING_NOTICE): a deployment that would
 * record without the notice it meant to play, or not at all, stops at the build.
 */
function checkRecordingSettings(env: Record<string, string>): void {
  const problems: string[] = [];
  readRecordingSettings(env, (variable, detail) => problems.push(new ConfigError(variable, detail).message));
  if (problems.length) throw new Error(`.env: ${problems.join('; ')}`);
}

/**
 * Builds dist/. routing.json, when the project has one, is checked first (against TEAM when .env
 * has one), and so are .env's recording settings, so a broken file stops the build with its problems named.
 */
export async function build(): Promise<void> {
  const envPath = join(ROOT, '.env');
  const env = existsSync(envPath) ? EnvFile.load(envPath).entries() : undefined;
  if (env) checkRecordingSettings(env);
  const routing = readRoutingFile(ROOT, env ? teamOf(env) : undefined);
  rmSync(DIST, { recursive: true, force: true });
  await Promise.all([
    buildFunctions(),
    existsSync(join(ROOT, 'src', 'client', 'main.ts')) ? buildPage() : Promise.resolve(),
    writeRouting(ROOT, routing, join(DIST, 'functions'), join(DIST, 'assets')),
  ]);
}
