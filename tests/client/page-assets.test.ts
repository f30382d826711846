/** The built page (`npm test` builds before jest): what any visitor can download. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { PAGE_DIR } from '../../build/build';
import { SOUND_NAMES } from '../../src/client/line/sounds';
import { builtFiles, PAGE_ESSENTIALS } from '../support/built-files';

const text = (name: string) => readFileSync(join(PAGE_DIR, name), 'utf8');
const html = () => text('index.html');
/** The built page's files, checked complete (every test fails on a missing or partial build). */
let files: string[];

beforeAll(() => {
  files = builtFiles(PAGE_DIR, [...PAGE_ESSENTIALS, ...SOUND_NAMES.map((name) => new RegExp(`^sounds/${name}\\.wav$`))]);
});

describe('the built page', () => {
  it('has a Content-Security-Policy that allows only our origin and Twilio', () => {
    const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html())?.[1] ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self';");
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|\*\s|https?:\/\/(?!\*\.twilio\.com)/);
  });

  it('points at the hashed bundle and stylesheet that exist, and loads nothing from elsewhere', () => {
    const refs = [...html().matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
    expect(refs).toEqual(expect.arrayContaining([expect.stringMatching(/^\/assets\/app\.[A-Z0-9]+\.js$/), expect.stringMatching(/^\/assets\/app\.[A-Z0-9]+\.css$/)]));
    for (const ref of refs) {
      expect(ref.startsWith('/assets/')).toBe(true);
      expect(files).toContain(ref.slice('/assets/'.length));
    }
  });

  it('serves all 15 sounds itself', () => {
    for (const name of SOUND_NAMES) expect(files).toContain(`sounds/${name}.wav`);
  });

  it('contains no passcode hash, key, secret or account SID', () => {
    const scanned = files.filter((f) => /\.(js|css|html|svg)$/.test(f));
    expect(scanned.length).toBeGreaterThanOrEqual(PAGE_ESSENTIALS.length); // the scan covers the page, not nothing
    const leaks = scanned.filter((f) => /scrypt\$|\b(AC|SK|AP|CR)[0-9a-fA-F]{32}\b|eyJ[\w-]{10,}\.eyJ/.test(text(f)));
    expect(leaks).toEqual([]);
  });

  it('loads before registration only the main bundle and what it imports statically; the rest lazily, in small chunks', () => {
    const main = /src="\/assets\/(app\.[A-Z0-9]+\.js)"/.exec(html())![1];
    const kb = (name: string) => gzipSync(readFileSync(join(PAGE_DIR, name))).length / 1024;
    const first = [main, ...[...text(main).matchAll(/(?:from|import)\s*"\.\/(chunk\.[A-Z0-9]+\.js)"/g)].map((m) => m[1])];
    expect(text(main)).toContain('import("./chunk.');
    expect(first.reduce((sum, f) => sum + kb(f), 0)).toBeLessThan(70);
    const lazy = files.filter((f) => f.endsWith('.js') && !first.includes(f));
    // libphonenumber-js's full metadata alone is ~70 KB: no chunk carries more than one numbering zone of it.
    const sizes = Object.fromEntries(lazy.map((f) => [f, Math.round(kb(f))]));
    expect(Object.values(sizes).filter((size) => size >= 20)).toEqual([]);
  });
});
