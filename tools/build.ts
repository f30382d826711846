/**
 * `npm run build`: type-free, fast bundling of everything Twilio serves.
 * - dist/functions/<name>.js — one CommonJS bundle per Function with src/lib inlined; packages
 *   stay external (they are `dependencies`, which is what Twilio installs on deploy).
 * - dist/assets/assets/… — the page: `index.html` (served at `/` by Twilio's root-asset rule),
 *   a minified, content-hashed bundle, styles and sounds.
 */
import { build as esbuild } from 'esbuild';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const ROOT = resolve(__dirname, '..');
export const DIST = join(ROOT, 'dist');
/** Where page files go: Twilio serves `<assetsFolder>/assets/index.html` at `/`. */
export const PAGE_DIR = join(DIST, 'assets', 'assets');

async function buildFunctions(): Promise<void> {
  const dir = join(ROOT, 'src', 'functions');
  await esbuild({
    entryPoints: readdirSync(dir).filter((f) => f.endsWith('.ts')).map((f) => join(dir, f)),
    outdir: join(DIST, 'functions'),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    packages: 'external',
    logLevel: 'warning',
  });
}

async function buildPage(): Promise<void> {
  mkdirSync(PAGE_DIR, { recursive: true });
  cpSync(join(ROOT, 'assets'), PAGE_DIR, { recursive: true });
  const result = await esbuild({
    entryPoints: [join(ROOT, 'src', 'client', 'main.ts')],
    bundle: true,
    minify: true,
    format: 'iife',
    target: ['chrome109', 'firefox115', 'safari16'],
    platform: 'browser',
    write: false,
    legalComments: 'none',
    logLevel: 'warning',
    define: { 'process.env.NODE_ENV': '"production"' },
  });
  const code = result.outputFiles[0].contents;
  const name = `app.${createHash('sha256').update(code).digest('hex').slice(0, 10)}.js`;
  writeFileSync(join(PAGE_DIR, name), code);
  const html = join(PAGE_DIR, 'index.html');
  writeFileSync(html, readFileSync(html, 'utf8').replace('/assets/app.js', `/assets/${name}`));
}

export async function build(): Promise<void> {
  rmSync(DIST, { recursive: true, force: true });
  await Promise.all([buildFunctions(), existsSync(join(ROOT, 'src', 'client', 'main.ts')) ? buildPage() : Promise.resolve()]);
}

if (require.main === module) {
  const started = Date.now();
  build().then(
    () => console.log(`Built dist/ in ${Date.now() - started} ms`),
    (error: Error) => {
      console.error(`Build failed: ${error.message}`);
      process.exit(1);
    },
  );
}
