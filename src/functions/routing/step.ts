/**
 * POST /routing/menu-<play> and /routing/ring-<target>-<wave> — the routing steps of an inbound
 * call (issue 15). One source, bundled once; the build writes it to every path the routing needs
 * (`stepPaths`), as `.protected`. The path is the state: it names the menu play or the wave.
 */
import { loadConfig } from '../../lib/config';
import { loadRouting } from '../../lib/routing/load';
import { stepAt } from '../../lib/routing/paths';
import { routeStep } from '../../lib/routing/route-call';
import { twilioWebhook } from '../../lib/twilio-webhook';

export const handler = twilioWebhook((params, context) => {
  const step = stepAt(context.PATH);
  // Only a build with a stray file could get here; the caller hears the fallback apology.
  if (!step) throw new Error(`no routing step at ${context.PATH}`);
  return routeStep(step, params, { config: loadConfig(context), routing: loadRouting(), now: new Date() });
});
