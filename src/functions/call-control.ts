/**
 * POST /call-control — hold, resume, transfer, consult, complete, cancel, merge (issue 14) for a
 * teammate who is a live party of the call, checked through Twilio's REST API. Bearer session.
 */
import { answerControl } from '../lib/call-control/control-endpoint';
import { twilioControlApi } from '../lib/call-control/control-api';
import { answerDataRequest, REST_TIMEOUT_MS } from '../lib/data-endpoint';
import { header, signedParams } from '../lib/event';
import { httpResponse, twilioClient, type SwitchboardFunction } from '../lib/runtime';

export const handler: SwitchboardFunction = async (context, event, callback) => {
  const answer = await answerDataRequest(context, context.PATH, header(event, 'authorization'), ({ config, identity }) =>
    answerControl({ api: twilioControlApi(twilioClient(context, REST_TIMEOUT_MS)), config, domain: context.DOMAIN_NAME }, identity, signedParams(event), header(event, 'content-type')),
  );
  callback(null, httpResponse(answer.status, answer.body, answer.headers));
};
