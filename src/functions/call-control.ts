/**
 * POST /call-control — hold, resume, transfer, consult, complete, cancel, merge (issue 14) for a
 * teammate who is a live party of the call, checked through Twilio's REST API. Bearer session.
 */
import { answerControl } from '../lib/call-control/control-endpoint';
import { functionControlApi } from '../lib/call-control/control-api';
import { answerDataRequest } from '../lib/data-endpoint';
import { header, signedParams } from '../lib/event';
import { httpResponse, type SwitchboardFunction } from '../lib/runtime';

export const handler: SwitchboardFunction = async (context, event, callback) => {
  const answer = await answerDataRequest(context, context.PATH, header(event, 'authorization'), ({ config, identity }) =>
    answerControl({ api: functionControlApi(context), config, domain: context.DOMAIN_NAME }, identity, signedParams(event), header(event, 'content-type')),
  );
  callback(null, httpResponse(answer.status, answer.body, answer.headers));
};
