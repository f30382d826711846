/**
 * routing.json in the build (README "Call routing"): checked (against TEAM when .env has one), copied to the
 * private asset the Functions read, and the routing step Function written to every path it needs.
 */
import { build as esbuild } from 'esbuild';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseTeam, teamText } from '../src/lib/config/passcodes';
import { parseRouting, type Routing, type RoutingProblem } from '../src/lib/routing/file';
import { ROUTING_ASSET_FILE } from '../src/lib/routing/load';
import { stepPaths } from '../src/lib/routing/paths';
import { FUNCTION_BUNDLE } from './function-bundle';

/** The routing file a project may have at its root (git-ignored; routing.example.json shows one). */
export const ROUTING_FILE = 'routing.json';

/** Thrown by the build for a routing file with problems; the message lists each, with its field. */
export class RoutingFileError extends Error {
  constructor(readonly problems: readonly RoutingProblem[]) {
    super(`routing.json has ${problems.length === 1 ? 'a problem' : `${problems.length} problems`}:\n${problems.map((p) => `  ${p.message}`).join('\n')}`);
    this.name = 'RoutingFileError';
  }
}

/** The identities of TEAM (and TEAM_2…) in an environment, or undefined when it names none. */
export function teamOf(env: Readonly<Record<string, string | undefined>>): ReadonlySet<string> | undefined {
  const members = parseTeam(teamText(env)).members;
  return members.size ? new Set(members.keys()) : undefined;
}

/** Reads and checks `<root>/routing.json`: undefined without one; throws RoutingFileError when it has problems. */
export function readRoutingFile(root: string, team?: ReadonlySet<string>): { text: string; routing: Routing } | undefined {
  const path = join(root, ROUTING_FILE);
  if (!existsSync(path)) return undefined;
  const text = readFileSync(path, 'utf8');
  const { routing, problems } = parseRouting(text, team);
  if (!routing) throw new RoutingFileError(problems);
  return { text, routing };
}

/** One line on what a routing file does, e.g. "2 group(s), a menu of 4 key(s), hours in Europe/London". */
export function routingSummary(routing: Routing): string {
  return [`${routing.groups.size} group(s)`, routing.menu ? `a menu of ${routing.menu.options.size} key(s)` : 'no menu', routing.hours ? `hours in ${routing.timeZone}` : 'always open'].join(', ');
}

/**
 * Writes the routing of one deployment: `routing.private.json` into `assetsDir` (when there is a
 * file) and the step Function at every path of `stepPaths` under `functionsDir`. Waves of
 * "everyone" are written even without a file: a team over 10 needs them.
 */
export async function writeRouting(root: string, file: { text: string; routing: Routing } | undefined, functionsDir: string, assetsDir: string): Promise<void> {
  if (file) {
    mkdirSync(assetsDir, { recursive: true });
    writeFileSync(join(assetsDir, ROUTING_ASSET_FILE), file.text);
  }
  const bundle = await esbuild({
    entryPoints: [join(root, 'src', 'functions', 'routing', 'step.ts')],
    ...FUNCTION_BUNDLE,
    write: false,
  });
  for (const path of stepPaths(file?.routing)) {
    const target = join(functionsDir, `${path}.protected.js`);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, bundle.outputFiles[0].contents);
  }
}

/**
 * A copy of the built Functions and assets in `folder` (`dist/routed/<label>/`) with `routing` built in,
 * for tests and the simulator to serve a routing file other than the project's own. It lives in
 * dist/ so that the Functions' packages resolve from the project's node_modules.
 */
export async function routedCopy(root: string, dist: string, routing: unknown, label: string): Promise<{ folder: string; functionsFolder: string; assetsFolder: string }> {
  const text = JSON.stringify(routing, null, 2);
  const { routing: checked, problems } = parseRouting(text);
  if (!checked) throw new RoutingFileError(problems);
  const folder = join(dist, 'routed', label);
  const functionsFolder = join(folder, 'functions');
  const assetsFolder = join(folder, 'assets');
  rmSync(folder, { recursive: true, force: true });
  mkdirSync(functionsFolder, { recursive: true });
  // The Functions of src/functions only: the routing steps depend on this routing file.
  for (const file of readdirSync(join(dist, 'functions'))) if (file.endsWith('.js')) cpSync(join(dist, 'functions', file), join(functionsFolder, file));
  cpSync(join(dist, 'assets'), assetsFolder, { recursive: true, filter: (source) => !source.endsWith(ROUTING_ASSET_FILE) });
  await writeRouting(root, { text, routing: checked }, functionsFolder, assetsFolder);
  return { folder, functionsFolder, assetsFolder };
}
