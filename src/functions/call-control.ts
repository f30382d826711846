/**
 * POST /call-control — hold, resume, transfer, consult, complete, cancel, merge (README "Hold and transfer") for a
 * teammate who is a live party of the call, checked through Twilio's REST API. Bearer session.
 */
import { answerControl } from '../lib/call-control/control-endpoint';
import { twilioControlApi } from '../lib/call-control/control-api';
import { dataFunction } from '../lib/endpoints/data-function';
import { onDoNotDisturb } from '../lib/team/do-not-disturb';

export const handler = dataFunction(({ client, config, domain, identity, params, contentType, store }) =>
  answerControl({ api: twilioControlApi(() => client), config, domain, away: () => onDoNotDisturb(store) }, identity, params, contentType),
);
