/**
 * POST /routing/menu-<play> and /routing/ring-<target>-<wave> — the routing steps of an inbound
 * call (README "Call routing"). One source, bundled once; the build writes it to every path the routing needs
 * (`stepPaths`), as `.protected`. The path is the state: it names the menu play or the wave.
 */
import { functionControlApi } from '../../lib/call-control/control-api';
import { followOr } from '../../lib/call-control/handover';
import { loadConfig } from '../../lib/config/config';
import { loadRouting } from '../../lib/routing/load';
import { stepAt } from '../../lib/routing/paths';
import { routeStep } from '../../lib/routing/route-call';
import { twilioWebhook } from '../../lib/endpoints/twilio-webhook';
import { functionStore } from '../../lib/store/function-store';
import { onDoNotDisturb } from '../../lib/team/do-not-disturb';

export const handler = twilioWebhook((params, context) => {
  const step = stepAt(context.PATH);
  // Only a build with a stray file could get here; the caller hears the fallback apology.
  if (!step) throw new Error(`no routing step at ${context.PATH}`);
  // A wave's <Dial action>: a call a teammate moved into its conference (hold, transfer) follows it.
  return followOr(params, functionControlApi(context), context.DOMAIN_NAME, () =>
    onDoNotDisturb(functionStore(context)).then((away) => routeStep(step, params, { config: loadConfig(context), routing: loadRouting(), now: new Date(), away })),
  );
});
