/**
 * The routing file as the Functions see it: the private asset `/routing.json` (the build writes
 * `dist/assets/routing.private.json`), read and checked once per cold start.
 */
import { ConfigError } from '../config/config-error';
import { privateAssetText } from '../runtime/serverless';
import { parseRouting, type Routing } from './file';

/** Where the build puts routing.json: a private asset, so browsers never see the team's groups. */
export const ROUTING_ASSET = '/routing.json';
/** Its file name in the assets folder (`.private` makes it private). */
export const ROUTING_ASSET_FILE = 'routing.private.json';

let loaded: { routing?: Routing } | undefined;

/**
 * The deployed routing, or undefined without one. A file the build let through is valid; one that
 * is not (edited by hand after the build) throws a ConfigError naming the field, so the caller
 * hears that the line is not set up and the log says what to fix.
 */
export function loadRouting(): Routing | undefined {
  if (loaded) return loaded.routing;
  const text = privateAssetText(ROUTING_ASSET);
  if (text === undefined) {
    loaded = {};
    return undefined;
  }
  const { routing, problems } = parseRouting(text);
  if (!routing) throw new ConfigError('routing.json', problems.map((p) => p.message).join('; '));
  loaded = { routing };
  return routing;
}
