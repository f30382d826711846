/**
 * The files of a build, for tests that scan them: a scan over no files passes whatever it looks
 * for, so the files a build must produce are checked to exist and hold bytes before any scan.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The page files every build of the page produces (paths relative to the page directory). */
export const PAGE_ESSENTIALS: readonly RegExp[] = [/^index\.html$/, /^app\.[A-Z0-9]+\.js$/, /^app\.[A-Z0-9]+\.css$/, /^chunk\.[A-Z0-9]+\.js$/];

/**
 * Every file below `dir` (relative paths, `/`-separated), after checking that each of `essentials`
 * matches at least one file and that no file is empty. Throws naming what is missing or empty.
 */
export function builtFiles(dir: string, essentials: readonly RegExp[]): string[] {
  if (!existsSync(dir)) throw new Error(`${dir} does not exist: run \`npm run build\` first`);
  const files = readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => statSync(join(dir, file)).isFile())
    .map((file) => file.split('\\').join('/'));
  const missing = essentials.filter((pattern) => !files.some((file) => pattern.test(file)));
  const empty = files.filter((file) => statSync(join(dir, file)).size === 0);
  if (missing.length || empty.length) {
    throw new Error(`the build in ${dir} is incomplete: ${[...missing.map((pattern) => `no file matches ${pattern}`), ...empty.map((file) => `${file} is empty`)].join('; ')}`);
  }
  return files;
}
