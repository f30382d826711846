/**
 * Where a routed call goes next, named by URL path alone (docs/twilio-runtime.md: webhook URLs carry no query,
 * and Twilio posts only its own parameters to an action URL). Each step of a call — which play of
 * the menu, which wave of which group — is its own Function path, `/routing/menu-<play>` and
 * `/routing/ring-<target>-<wave>`; the build writes one copy of the routing step Function to
 * every path `stepPaths` lists, and the step reads its state back from `context.PATH`.
 */
import { EVERYONE, type Routing } from './file';

/** The menu plays at most this often: the prompt and two repeats. */
export const MENU_PLAYS = 3;
/** Twilio rings at most 10 nouns in one `<Dial>` (docs/twilio-limits.md). */
export const WAVE_SIZE = 10;
/**
 * Waves "everyone" may need. Every TEAM entry takes at least 76 bytes (a one-letter identity and
 * its scrypt hash), so the 3 KB a Function's environment may hold (error 82006) fits at most 40.
 */
export const MAX_WAVES = 4;
/** Folder of the step Functions. */
export const ROUTING_FOLDER = 'routing';

/** A step of a routed call, as its path names it. */
export type RoutingStep = { kind: 'menu'; play: number } | { kind: 'wave'; target: string; wave: number };

/** Gather action of the menu's `play`-th prompt. */
export const menuPath = (play: number) => `/${ROUTING_FOLDER}/menu-${play}`;
/** Dial action that rings `wave` of `target` after the wave before it went unanswered. */
export const wavePath = (target: string, wave: number) => `/${ROUTING_FOLDER}/ring-${target}-${wave}`;

/** The step a path names, or undefined. */
export function stepAt(path: string): RoutingStep | undefined {
  const menu = new RegExp(`^/${ROUTING_FOLDER}/menu-([1-9])$`).exec(path);
  if (menu && Number(menu[1]) <= MENU_PLAYS) return { kind: 'menu', play: Number(menu[1]) };
  const wave = new RegExp(`^/${ROUTING_FOLDER}/ring-([a-z][a-z0-9_]*)-([2-9])$`).exec(path);
  if (wave && Number(wave[2]) <= MAX_WAVES) return { kind: 'wave', target: wave[1], wave: Number(wave[2]) };
  return undefined;
}

/** Waves needed to ring `members` people, at most MAX_WAVES. */
export const waveCount = (members: number) => Math.min(Math.ceil(members / WAVE_SIZE), MAX_WAVES);

/**
 * Every step path a deployment needs: the waves of everyone (TEAM may grow without a rebuild of
 * routing.json, so all of them), the waves of groups over 10, and the menu's plays.
 */
export function stepPaths(routing: Routing | undefined): string[] {
  const paths: string[] = [];
  for (let wave = 2; wave <= MAX_WAVES; wave++) paths.push(wavePath(EVERYONE, wave));
  for (const [name, members] of routing?.groups ?? []) for (let wave = 2; wave <= waveCount(members.length); wave++) paths.push(wavePath(name, wave));
  if (routing?.menu) for (let play = 1; play <= MENU_PLAYS; play++) paths.push(menuPath(play));
  return paths;
}
